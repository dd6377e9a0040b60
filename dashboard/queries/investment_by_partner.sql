-- Which partners invest most? Each measure's latest whole year with a stated value, a mark per partner
-- (an aggregate such as all foreign investors is its own bar, never added to the others).
SELECT m.*, p.name_en, p.name_th, p.level = 'aggregate' AS is_aggregate
FROM investment_marks(per := 'partner', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                      countries := $countries, partners := $partners, levels := $levels) m
JOIN dim_partner p ON p.partner_id = m.mark_key
WHERE m.is_full_year
QUALIFY m.year = max(m.year) FILTER (WHERE m.value_thb_million IS NOT NULL) OVER (PARTITION BY m.stage)
ORDER BY m.stage, m.value_thb_million DESC NULLS LAST, m.mark_key, m.count_unit
