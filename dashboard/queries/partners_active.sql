-- Which partners have the most agreements and delegations? The fifteen most active.
SELECT p.partner_id, p.name_en, p.name_th, count(DISTINCT a.agreement_id) + count(DISTINCT d.delegation_id) AS records
FROM partner_f p
LEFT JOIN agreement_f a ON a.partner_id = p.partner_id
LEFT JOIN delegation_f d ON d.partner_id = p.partner_id
GROUP BY ALL
HAVING records > 0
ORDER BY records DESC, p.partner_id
LIMIT 15
