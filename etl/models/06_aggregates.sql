-- Investment statistics summed by what the dashboard filters and groups on (built after the facts).
CREATE TABLE agg_investment AS
SELECT
    i.year,
    i.partner_id,
    i.sector_code,
    i.stage,
    i.is_full_year,
    i.province_code IS NOT NULL AS province_stated,
    coalesce(pr.is_eec, false) AS in_eec,
    count(*) AS records,
    sum(i.value_thb_million) AS value_thb_million,
    sum(i.projects)::BIGINT AS projects
FROM fact_investment i
LEFT JOIN dim_province pr USING (province_code)
GROUP BY ALL;
COMMENT ON TABLE agg_investment IS 'fact_investment summed by year, partner, sector, stage, whole year or not, and province (stated, in the EEC): the same numbers, fewer rows, for charts. Never add stages together, nor part-year rows to whole-year rows.';
COMMENT ON COLUMN agg_investment.year IS 'Calendar year (CE)';
COMMENT ON COLUMN agg_investment.partner_id IS 'Investor country or organisation; see dim_partner';
COMMENT ON COLUMN agg_investment.sector_code IS 'Sector; NULL = all sectors together';
COMMENT ON COLUMN agg_investment.stage IS 'application, approval, certificate, realized or other';
COMMENT ON COLUMN agg_investment.is_full_year IS 'True when the statistics cover whole calendar years';
COMMENT ON COLUMN agg_investment.province_stated IS 'True when the statistics state a Thai province';
COMMENT ON COLUMN agg_investment.in_eec IS 'True when that province is in the Eastern Economic Corridor';
COMMENT ON COLUMN agg_investment.records IS 'Number of fact_investment rows summed';
COMMENT ON COLUMN agg_investment.value_thb_million IS 'Sum of value_thb_million';
COMMENT ON COLUMN agg_investment.projects IS 'Sum of projects';
