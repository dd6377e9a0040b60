-- Investment figures added up as the warehouse's counting rules allow (investment_marks; README, How figures
-- are counted). per = series: totals by year and months, every measure, whole and part years (the picked
-- partners together, each aggregate apart); province: in the Eastern Economic Corridor or elsewhere, by year;
-- partner and sector: each measure's latest whole year with a stated value only (what the charts show), summed
-- over that year's figures alone.
WITH series AS (
    SELECT * FROM investment_marks(per := 'series', year_from := $year_from, year_to := $year_to, sectors := $sectors,
                                   countries := $countries, partners := $partners, levels := $levels)
), latest AS (
    SELECT stage, max(year) AS year FROM series WHERE is_full_year AND value_thb_million IS NOT NULL GROUP BY stage
), marks AS (
    SELECT * FROM series
    UNION ALL BY NAME
    SELECT * FROM investment_marks(per := 'province', year_from := $year_from, year_to := $year_to,
                                   sectors := $sectors, countries := $countries, partners := $partners,
                                   levels := $levels)
    UNION ALL BY NAME
    SELECT m.* FROM investment_marks(per := 'all', year_from := (SELECT min(year) FROM latest),
                                     year_to := (SELECT max(year) FROM latest), sectors := $sectors,
                                     countries := $countries, partners := $partners, levels := $levels) m
    SEMI JOIN latest USING (stage, year)
    WHERE m.per IN ('partner', 'sector') AND m.is_full_year
)
SELECT m.*, vs.source_url AS value_source, ps.source_url AS projects_source,
       p.name_en, p.name_th, coalesce(p.level = 'aggregate', false) AS is_aggregate,
       s.name_en AS sector_en, s.name_th AS sector_th
FROM marks m
LEFT JOIN investment_source vs ON vs.source_id = m.value_source_id
LEFT JOIN investment_source ps ON ps.source_id = m.projects_source_id
LEFT JOIN dim_partner p ON p.partner_id = CASE m.per WHEN 'partner' THEN m.mark_key ELSE nullif(m.series, '') END
LEFT JOIN dim_sector s ON m.per = 'sector' AND s.sector_code = m.mark_key
ORDER BY m.per, m.stage, m.series, m.mark_key, m.count_unit, m.year, m.month_from, m.month_to
