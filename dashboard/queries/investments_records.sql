-- The investment statistics behind a chart mark (drill-down), with their sources. $d_* = NULL means any.
, picked AS (
    -- The newest $limit records first, then their names: the joins touch only those rows.
    SELECT i.*
    FROM investment_f i
    WHERE ($d_year IS NULL OR i.year = $d_year::INTEGER)
      AND ($d_stage IS NULL OR i.stage = $d_stage)
      AND ($d_sector IS NULL OR i.sector_code = $d_sector)
      AND ($d_partner IS NULL OR i.partner_id = $d_partner)
      AND ($d_full_year IS NULL OR i.is_full_year = $d_full_year::BOOLEAN)
      AND ($d_eec IS NULL OR coalesce(i.province_code IN (SELECT province_code FROM dim_province WHERE is_eec), false)
                             = $d_eec::BOOLEAN)
    ORDER BY i.year DESC, i.record_id
    LIMIT $limit::INTEGER
)
SELECT i.record_id, i.year, i.period, i.is_full_year, i.stage, i.partner_id, p.name_en AS partner_en,
       p.name_th AS partner_th, i.sector_code, s.name_en AS sector_en, s.name_th AS sector_th,
       i.projects, i.value, i.currency, i.unit, i.value_thb_million, i.province_code,
       pr.name_en AS province_en, pr.name_th AS province_th, i.jobs, i.source_url, i.notes, i.is_synthetic
FROM picked i
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_sector s USING (sector_code)
LEFT JOIN dim_province pr USING (province_code)
ORDER BY i.year DESC, i.record_id
