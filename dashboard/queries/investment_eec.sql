-- What share of investment goes to the Eastern Economic Corridor? Of rows that state a province; whole years, by stage.
SELECT i.year, i.stage,
       sum(i.value_thb_million) FILTER (WHERE pr.is_eec) AS eec_thb_million,
       sum(i.value_thb_million) AS located_thb_million,
       sum(i.value_thb_million) FILTER (WHERE pr.is_eec) / nullif(sum(i.value_thb_million), 0) * 100 AS eec_share_pct
FROM investment_f i JOIN dim_province pr USING (province_code)
WHERE i.is_full_year
GROUP BY ALL
ORDER BY i.year, i.stage
