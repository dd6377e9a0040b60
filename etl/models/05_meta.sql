-- Meta computed from the loaded data: the synthetic flag and the data's as-of date.
INSERT INTO meta
SELECT 'synthetic', (bool_or(s))::VARCHAR FROM (
    SELECT is_synthetic AS s FROM dim_partner
    UNION ALL SELECT is_synthetic FROM fact_agreement
    UNION ALL SELECT is_synthetic FROM fact_delegation
    UNION ALL SELECT is_synthetic FROM (SELECT is_synthetic FROM fact_investment WHERE is_synthetic LIMIT 1)
    UNION ALL SELECT false
);
INSERT INTO meta
SELECT 'data_as_of', strftime(max(d), '%Y-%m-%d') FROM (
    SELECT coalesce(signed_date, make_date(signed_year, coalesce(signed_month, 1), 1)) AS d FROM fact_agreement
    UNION ALL SELECT coalesce(start_date, make_date(start_year, coalesce(start_month, 1), 1)) FROM fact_delegation
    UNION ALL SELECT make_date(max(year), 1, 1) FROM fact_investment
);
