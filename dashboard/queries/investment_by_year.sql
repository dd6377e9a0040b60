-- Investment value and projects each year, by stage: whole years only (part-year figures are counted apart).
SELECT year, stage,
       sum(value_thb_million) FILTER (WHERE is_full_year) AS value_thb_million,
       sum(projects) FILTER (WHERE is_full_year)::BIGINT AS projects,
       count(*) FILTER (WHERE NOT is_full_year) AS part_year_rows
FROM investment_f
GROUP BY ALL
ORDER BY year, stage
