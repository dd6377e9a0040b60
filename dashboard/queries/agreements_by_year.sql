-- How many agreements were signed each year, by type?
SELECT period_year AS year, agreement_type, count(*) AS agreements
FROM agreement_f
GROUP BY ALL
ORDER BY year, agreement_type
