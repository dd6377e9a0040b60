-- The Data page: every page the records cite, with what the source register says of it.
SELECT r.source_url AS url, count(*) AS records, any_value(s.publisher) AS publisher,
       any_value(s.kind) AS kind, any_value(s.published_year) AS published_year,
       any_value(s.published_month) AS published_month, any_value(s.published_date) AS published_date,
       any_value(s.published_precision) AS published_precision
FROM (
    SELECT source_url FROM fact_agreement
    UNION ALL SELECT source_url FROM fact_delegation
    UNION ALL SELECT source_url FROM fact_investment
    UNION ALL SELECT source_url FROM source_note
    UNION ALL SELECT source_url FROM stated_total
) r
LEFT JOIN dim_source s USING (source_url)
WHERE r.source_url IS NOT NULL
GROUP BY r.source_url
ORDER BY publisher NULLS LAST, records DESC, r.source_url
LIMIT 2000
