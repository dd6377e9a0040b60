-- The latest missions and events, each with its dates (a timeline).
SELECT d.delegation_id, d.start_date, coalesce(d.end_date, d.start_date) AS end_date, d.start_precision, d.status,
       d.start_year, d.start_month, d.direction, d.purpose, d.event, d.city,
       p.name_en AS partner_en, p.name_th AS partner_th, d.source_url
FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) d JOIN dim_partner p USING (partner_id)
WHERE d.start_date IS NOT NULL
ORDER BY d.start_date DESC, d.delegation_id
LIMIT 60
