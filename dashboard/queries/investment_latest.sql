-- One measure's figures in one whole year ($d_stage, $d_year: the latest with a stated value in the view),
-- added up by partner and by sector (investment_marks): the charts of the latest year. Asked after
-- investment_marks, which says the measure and the year; no year, no rows.
SELECT m.*, p.name_en, p.name_th, coalesce(p.level = 'aggregate', false) AS is_aggregate,
       s.name_en AS sector_en, s.name_th AS sector_th
FROM (
    FROM investment_marks(per := 'partner', year_from := coalesce($d_year::INTEGER, 0),
                          year_to := coalesce($d_year::INTEGER, 0), sectors := $sectors, countries := $countries,
                          partners := $partners, levels := $levels)
    UNION ALL
    FROM investment_marks(per := 'sector', year_from := coalesce($d_year::INTEGER, 0),
                          year_to := coalesce($d_year::INTEGER, 0), sectors := $sectors, countries := $countries,
                          partners := $partners, levels := $levels)
) m
LEFT JOIN dim_partner p ON m.per = 'partner' AND p.partner_id = m.mark_key
LEFT JOIN dim_sector s ON m.per = 'sector' AND s.sector_code = m.mark_key
WHERE m.per IN ('partner', 'sector') AND m.is_full_year AND m.stage = $d_stage AND m.value_thb_million IS NOT NULL
ORDER BY m.per, m.value_thb_million DESC, m.mark_key, m.count_unit
