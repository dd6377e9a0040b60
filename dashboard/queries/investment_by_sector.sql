-- Which sectors receive the investment? Whole years, by stage; rows for all sectors together are left out.
SELECT i.sector_code, s.name_en, s.name_th, i.stage,
       sum(i.value_thb_million) AS value_thb_million, sum(i.projects)::BIGINT AS projects
FROM investment_agg_f i JOIN dim_sector s USING (sector_code)
WHERE i.is_full_year
GROUP BY ALL
ORDER BY value_thb_million DESC NULLS LAST, i.sector_code, i.stage
