-- What were the delegations for? By direction and status (records counted).
SELECT coalesce(purpose, 'other') AS purpose, direction, coalesce(status, '') AS status, count(*) AS delegations,
       count(DISTINCT source_url) AS sources
FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
GROUP BY ALL
ORDER BY delegations DESC, purpose, direction, status
