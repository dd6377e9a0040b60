-- Which breakdowns the sources give at all, by measure (whatever the filters): a chart whose breakdown
-- no source gives says so instead of asking to widen the filters, and one the sources give only for other
-- years says which.
SELECT stage,
       count(*) FILTER (WHERE sector_code IS NOT NULL) AS sector_figures,
       count(*) FILTER (WHERE province_code IS NOT NULL) AS province_figures,
       min(year) FILTER (WHERE sector_code IS NOT NULL) AS sector_first,
       max(year) FILTER (WHERE sector_code IS NOT NULL) AS sector_last,
       min(year) FILTER (WHERE province_code IS NOT NULL) AS province_first,
       max(year) FILTER (WHERE province_code IS NOT NULL) AS province_last,
       count(*) AS figures
FROM fact_investment
GROUP BY ALL
ORDER BY stage
