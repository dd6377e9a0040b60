-- Which partners invest most? Whole years, by stage; the ten largest by value.
, ranked AS (
    SELECT partner_id, sum(value_thb_million) AS total
    FROM investment_agg_f i JOIN dim_partner p USING (partner_id)
    WHERE is_full_year AND p.level <> 'aggregate'
    GROUP BY ALL
    ORDER BY total DESC NULLS LAST, partner_id
    LIMIT 10
)
SELECT i.partner_id, p.name_en, p.name_th, i.stage,
       sum(i.value_thb_million) AS value_thb_million, sum(i.projects)::BIGINT AS projects, any_value(r.total) AS total
FROM investment_agg_f i JOIN ranked r USING (partner_id) JOIN dim_partner p USING (partner_id)
WHERE i.is_full_year
GROUP BY ALL
ORDER BY total DESC NULLS LAST, i.partner_id, i.stage
