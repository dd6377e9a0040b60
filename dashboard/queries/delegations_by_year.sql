-- How many delegations travelled each year, in which direction, and did they take place? (records counted)
SELECT period_year AS year, direction, coalesce(status, '') AS status, count(*) AS delegations,
       count(DISTINCT source_url) AS sources
FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
GROUP BY ALL
ORDER BY year, direction, status
