-- Which sectors do the agreements cover? (an agreement may cover several; "not stated" when none)
SELECT coalesce(b.sector_code, '') AS sector_code, s.name_en, s.name_th, count(DISTINCT a.agreement_id) AS agreements,
       count(DISTINCT a.source_url) AS sources
FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) a
LEFT JOIN bridge_agreement_sector b USING (agreement_id)
LEFT JOIN dim_sector s USING (sector_code)
WHERE $sectors IS NULL OR b.sector_code IN (SELECT sector_code FROM sector_f($sectors))
GROUP BY ALL
ORDER BY agreements DESC, sector_code
