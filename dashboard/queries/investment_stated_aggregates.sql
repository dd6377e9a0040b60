-- Whole-year figures that a source states for a group of investors (all foreign investors, all investors,
-- Europe), with no sector or province: the headline names them beside a sum of partners of the same year,
-- apart, since a group's figure includes the partners summed (compare, never add).
SELECT i.record_id, i.year, i.stage, i.partner_id, p.name_en, p.name_th, i.value_thb_million, i.value_qualifier,
       i.projects, i.projects_qualifier, i.count_unit
FROM fact_investment i
JOIN dim_partner p USING (partner_id)
WHERE p.level = 'aggregate' AND i.is_full_year AND i.coverage = 'complete'
  AND i.sector_code IS NULL AND i.province_code IS NULL
ORDER BY i.year, i.stage, i.partner_id, i.record_id
