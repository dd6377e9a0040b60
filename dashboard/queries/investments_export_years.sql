-- How many investment figures each year holds, whatever the filters: how a data file cuts its query into
-- spans of years (dashboard/export/data.py). The same for every view of a build, so cached once.
SELECT year, count(*) AS figures
FROM fact_investment
GROUP BY year
ORDER BY year DESC
