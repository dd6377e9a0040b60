-- The name of each Japanese prefecture as the warehouse knows it (English and Thai), for the map's tooltips.
-- A prefecture's own partner row wins over its cities' (a city's parent is the prefecture).
SELECT subdivision AS iso,
       any_value(name_en ORDER BY (parent_id = 'jp') DESC) AS name_en,
       any_value(coalesce(name_th, name_en) ORDER BY (parent_id = 'jp') DESC) AS name_th
FROM dim_partner
WHERE country_code = 'JP' AND subdivision IS NOT NULL AND level = 'local_government'
GROUP BY ALL
ORDER BY iso
