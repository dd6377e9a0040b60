-- What were the delegations for?
SELECT coalesce(purpose, 'other') AS purpose, direction, count(*) AS delegations
FROM delegation_f
GROUP BY ALL
ORDER BY delegations DESC, purpose, direction
