-- Agreements and delegations with Japanese local governments, by prefecture (a city counts for its prefecture).
-- Each fact is counted per partner first, then summed by prefecture (an agreement has one partner, so
-- nothing is counted twice); joining both facts at once would pair every agreement with every delegation.
WITH agr AS (SELECT partner_id, count(*) AS n FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) GROUP BY ALL),
del AS (SELECT partner_id, count(*) AS n FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) GROUP BY ALL)
SELECT p.subdivision AS iso,
       coalesce(sum(a.n), 0)::BIGINT AS agreements,
       coalesce(sum(d.n), 0)::BIGINT AS delegations
FROM partner_f($countries, $levels, $partners) p
LEFT JOIN agr a USING (partner_id)
LEFT JOIN del d USING (partner_id)
WHERE p.country_code = 'JP' AND p.subdivision IS NOT NULL
GROUP BY ALL
HAVING coalesce(sum(a.n), 0) + coalesce(sum(d.n), 0) > 0
ORDER BY iso
