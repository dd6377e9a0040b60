-- A partner's profile: the partner ($id) with its country and the partner it is part of.
SELECT p.*, c.name_en AS country_en, c.name_th AS country_th, q.name_en AS parent_en, q.name_th AS parent_th
FROM dim_partner p
LEFT JOIN dim_country c USING (country_code)
LEFT JOIN dim_partner q ON q.partner_id = p.parent_id
WHERE p.partner_id = $id
