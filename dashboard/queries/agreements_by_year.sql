-- How many agreements were signed each year, by type? (records counted; each with its sources)
SELECT period_year AS year, agreement_type, count(*) AS agreements, count(DISTINCT source_url) AS sources
FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
GROUP BY ALL
ORDER BY year, agreement_type
