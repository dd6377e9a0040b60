-- A partner's records per year (its profile's timeline), each kind apart: agreements signed, delegations by
-- direction and status (no status is "not recorded", never held), and investment figures stated (counted as
-- figures, their values never added). Years are the filter bar's (fiscal where the month is known).
WITH agr AS (
    SELECT period_year AS year, 'agreements' AS kind, '' AS direction, '' AS status, count(*) AS n
    FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) GROUP BY ALL
), del AS (
    SELECT period_year AS year, 'delegations' AS kind, direction, coalesce(status, '') AS status, count(*) AS n
    FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) GROUP BY ALL
), inv AS (
    SELECT year, 'investments' AS kind, '' AS direction, '' AS status, count(DISTINCT record_id) AS n
    FROM investment_f(NULL, $year_from, $year_to, $sectors, $countries, $partners, $levels) GROUP BY ALL
)
SELECT year, kind, direction, status, n::BIGINT AS n FROM (FROM agr UNION ALL FROM del UNION ALL FROM inv)
ORDER BY kind, direction, status, year
