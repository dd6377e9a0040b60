-- What share of investment goes to the Eastern Economic Corridor? Of the figures stated by province:
-- whole years, one measure and series at a time (two sums of province figures, then their ratio).
WITH m AS (
    SELECT * FROM investment_marks(per := 'province', year_from := $year_from, year_to := $year_to,
                                   sectors := $sectors, countries := $countries, partners := $partners,
                                   levels := $levels)
    WHERE is_full_year AND value_thb_million IS NOT NULL
)
SELECT stage, series, year,
       sum(value_thb_million) FILTER (WHERE mark_key = 'eec') AS eec_thb_million,
       sum(value_thb_million) AS located_thb_million,
       coalesce(sum(value_thb_million) FILTER (WHERE mark_key = 'eec'), 0) / nullif(sum(value_thb_million), 0) * 100
           AS eec_share_pct,
       sum_qualifier(bool_or(value_qualifier = 'at_least'), bool_or(value_qualifier = 'approx')) AS value_qualifier,
       sum(value_figures)::BIGINT AS value_figures,
       sum(value_sources)::BIGINT AS value_sources
FROM m
GROUP BY ALL
ORDER BY stage, series, year
