-- Investment figures added up by measure, series, year and months: the warehouse's counting rules
-- (investment_marks; README, How figures are counted). Whole years and part years, every measure:
-- a chart picks one measure and keeps whole years and each span of months apart.
SELECT m.*, p.name_en AS series_en, p.name_th AS series_th
FROM investment_marks(per := 'series', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                      countries := $countries, partners := $partners, levels := $levels) m
LEFT JOIN dim_partner p ON p.partner_id = nullif(m.series, '')
ORDER BY m.stage, m.series, m.count_unit, m.year, m.month_from, m.month_to
