-- Investment value and projects each year, by stage: whole years only (part-year figures are counted apart).
SELECT year, stage,
       sum(value_thb_million) FILTER (WHERE is_full_year) AS value_thb_million,
       sum(projects) FILTER (WHERE is_full_year)::BIGINT AS projects,
       coalesce(sum(records) FILTER (WHERE NOT is_full_year), 0)::BIGINT AS part_year_rows
FROM investment_agg_f
GROUP BY ALL
ORDER BY year, stage
