-- What the filter bar offers: sectors, countries, partners (with counts of their records), levels, years.
SELECT 'sector' AS kind, sector_code AS value, name_en, name_th, sector_group AS extra, NULL::BIGINT AS n
FROM dim_sector
UNION ALL
SELECT 'country', c.country_code, c.name_en, c.name_th, NULL, count(*)
FROM dim_partner p JOIN dim_country c USING (country_code)
GROUP BY ALL
UNION ALL
SELECT 'partner', p.partner_id, p.name_en, p.name_th, p.level,
       (SELECT count(*) FROM fact_agreement a WHERE a.partner_id = p.partner_id)
       + (SELECT count(*) FROM fact_delegation d WHERE d.partner_id = p.partner_id)
FROM dim_partner p
UNION ALL
SELECT 'level', level, level, level, NULL, count(*) FROM dim_partner GROUP BY ALL
UNION ALL
SELECT 'year', year_ce::VARCHAR, NULL, NULL, NULL, NULL FROM dim_year
ORDER BY kind, value
