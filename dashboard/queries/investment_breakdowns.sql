-- Which breakdowns the sources give at all, by measure (whatever the filters): a chart whose breakdown
-- no source gives says so instead of asking to widen the filters.
SELECT stage,
       count(*) FILTER (WHERE sector_code IS NOT NULL) AS sector_figures,
       count(*) FILTER (WHERE province_code IS NOT NULL) AS province_figures,
       count(*) AS figures
FROM fact_investment
GROUP BY ALL
ORDER BY stage
