-- How many delegations travelled each year, and in which direction?
SELECT period_year AS year, direction, count(*) AS delegations,
       sum(participants)::BIGINT AS participants, sum(companies)::BIGINT AS companies
FROM delegation_f
GROUP BY ALL
ORDER BY year, direction
