-- Which partner levels sign agreements?
SELECT p.level, count(*) AS agreements, count(DISTINCT a.source_url) AS sources
FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) a JOIN dim_partner p USING (partner_id)
GROUP BY ALL
ORDER BY agreements DESC, p.level
