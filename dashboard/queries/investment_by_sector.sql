-- Which sectors receive the investment? Each measure's latest whole year with a stated value by sector,
-- a mark per sector and series (the picked partners together; each aggregate apart).
SELECT m.*, s.name_en, s.name_th
FROM investment_marks(per := 'sector', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                      countries := $countries, partners := $partners, levels := $levels) m
JOIN dim_sector s ON s.sector_code = m.mark_key
WHERE m.is_full_year
QUALIFY m.year = max(m.year) FILTER (WHERE m.value_thb_million IS NOT NULL) OVER (PARTITION BY m.stage)
ORDER BY m.stage, m.value_thb_million DESC NULLS LAST, m.mark_key, m.series, m.count_unit
