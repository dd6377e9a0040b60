-- Investment figures added up as the warehouse's counting rules allow (investment_marks; README, How figures
-- are counted): totals by measure, series, year and months (every measure, whole and part years; the picked
-- partners together, each aggregate apart). A chart picks one measure and keeps each span of months apart.
SELECT m.*, p.name_en, p.name_th
FROM investment_marks(per := 'series', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                      countries := $countries, partners := $partners, levels := $levels) m
LEFT JOIN dim_partner p ON p.partner_id = nullif(m.series, '')
ORDER BY m.stage, m.series, m.count_unit, m.year, m.month_from, m.month_to
