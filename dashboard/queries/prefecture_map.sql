-- Agreements and delegations with Japanese local governments, by prefecture (a city counts for its prefecture).
SELECT p.subdivision AS iso,
       count(DISTINCT a.agreement_id) AS agreements,
       count(DISTINCT d.delegation_id) AS delegations
FROM partner_f p
LEFT JOIN agreement_f a ON a.partner_id = p.partner_id
LEFT JOIN delegation_f d ON d.partner_id = p.partner_id
WHERE p.country_code = 'JP' AND p.subdivision IS NOT NULL
GROUP BY ALL
HAVING count(DISTINCT a.agreement_id) + count(DISTINCT d.delegation_id) > 0
ORDER BY iso
