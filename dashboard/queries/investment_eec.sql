-- What share of investment goes to the Eastern Economic Corridor? Of rows that state a province; whole years, by stage.
SELECT year, stage,
       sum(value_thb_million) FILTER (WHERE in_eec) AS eec_thb_million,
       sum(value_thb_million) AS located_thb_million,
       sum(value_thb_million) FILTER (WHERE in_eec) / nullif(sum(value_thb_million), 0) * 100 AS eec_share_pct
FROM investment_agg_f
WHERE is_full_year AND province_stated
GROUP BY ALL
ORDER BY year, stage
