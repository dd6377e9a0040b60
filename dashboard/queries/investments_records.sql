-- The investment figures behind a chart mark (drill-down), with their sources: exactly the figures the
-- mark adds up (investment_f is the warehouse's investment_figures for the mark's kind, $d_per).
-- $d_* = NULL means any; $d_measure = 'value' or 'count' keeps the figures with a value or a count.
WITH picked AS (
    -- The newest $limit figures first, then their names: the joins touch only those rows.
    SELECT i.record_id, i.year, i.month_to
    FROM investment_f($d_per, $year_from, $year_to, $sectors, $countries, $partners, $levels) i
    WHERE ($d_per IS NULL OR i.counted)
      AND ($d_key IS NULL OR i.mark_key = $d_key)
      AND ($d_year IS NULL OR i.year = $d_year::INTEGER)
      AND ($d_month_from IS NULL OR i.month_from = $d_month_from::INTEGER)
      AND ($d_month_to IS NULL OR i.month_to = $d_month_to::INTEGER)
      AND ($d_full_year IS NULL OR i.is_full_year = $d_full_year::BOOLEAN)
      AND ($d_stage IS NULL OR i.stage = $d_stage)
      AND ($d_count_unit IS NULL OR i.count_unit = $d_count_unit)
      AND ($d_series IS NULL OR i.series = $d_series)
      AND ($d_partner IS NULL OR i.partner_id = $d_partner)
      AND ($d_under IS NULL OR i.partner_id IN (SELECT partner_id FROM partner_tree WHERE ancestor_id = $d_under))
      AND ($d_measure IS NULL OR ($d_measure = 'value' AND i.value_thb_million IS NOT NULL)
                              OR ($d_measure = 'count' AND i.projects IS NOT NULL))
    ORDER BY i.year DESC, i.month_to DESC, i.record_id
    LIMIT $limit::INTEGER
)
SELECT i.record_id, i.year, i.period, i.month_from, i.month_to, i.is_full_year, i.stage, i.partner_id,
       p.name_en AS partner_en, p.name_th AS partner_th, i.sector_code, s.name_en AS sector_en,
       s.name_th AS sector_th, i.projects, i.count_unit, i.projects_qualifier, i.value, i.currency, i.unit,
       i.value_thb_million, i.value_qualifier, i.coverage, i.province_code, pr.name_en AS province_en,
       pr.name_th AS province_th, i.jobs, i.source_url, i.notes, i.is_synthetic, i.entered_by, i.entered_at,
       i.source_text
FROM picked
JOIN fact_investment i USING (record_id)
JOIN dim_partner p ON p.partner_id = i.partner_id
LEFT JOIN dim_sector s ON s.sector_code = i.sector_code
LEFT JOIN dim_province pr ON pr.province_code = i.province_code
ORDER BY i.year DESC, i.month_to DESC, i.record_id
