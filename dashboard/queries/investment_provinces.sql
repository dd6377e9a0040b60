-- Investment figures stated by province, added up in the Eastern Economic Corridor and elsewhere, by measure,
-- series and year (investment_marks, per := 'province'): the corridor's share is the ratio of the two sums.
SELECT m.*
FROM investment_marks(per := 'province', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                      countries := $countries, partners := $partners, levels := $levels) m
WHERE m.is_full_year AND m.value_thb_million IS NOT NULL
ORDER BY m.stage, m.series, m.count_unit, m.year, m.mark_key
