-- How many investment figures each year holds of those a data file lists for the filters (investment_listed,
-- queries/_filters.sql): how the file cuts its query into spans of years (dashboard/export/data.py), so that
-- a small file is one statement and a large one a few spans of bounded size.
SELECT year, count(*) AS figures
FROM investment_listed($year_from, $year_to, $sectors, $countries, $partners, $levels)
GROUP BY year
ORDER BY year DESC
