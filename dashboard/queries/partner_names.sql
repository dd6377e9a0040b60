-- Every partner's name in English and Thai: what a chart names its partners by.
SELECT partner_id, name_en, coalesce(name_th, name_en) AS name_th, level FROM dim_partner ORDER BY partner_id
