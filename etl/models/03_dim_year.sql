-- Years, CE and Buddhist era, over the span of the facts.
CREATE TABLE dim_year AS
WITH span AS (
    SELECT min(y) AS lo, max(y) AS hi FROM (
        SELECT signed_year AS y FROM fact_agreement
        UNION ALL SELECT start_year FROM fact_delegation
        UNION ALL SELECT year FROM fact_investment
        UNION ALL SELECT year(current_date)
    )
)
SELECT
    y::INTEGER AS year_ce,
    (y + 543)::INTEGER AS year_be,
    (y // 10 * 10)::INTEGER AS decade_ce,
    make_date(y::INTEGER - 1, 10, 1) AS fiscal_year_start,
    make_date(y::INTEGER, 9, 30) AS fiscal_year_end
FROM span, range(lo, hi + 1) AS t(y);
COMMENT ON TABLE dim_year IS 'Calendar years spanned by the facts, with the Buddhist-era year and the Thai fiscal year of the same name.';
COMMENT ON COLUMN dim_year.year_ce IS 'Year, common era (e.g. 2022)';
COMMENT ON COLUMN dim_year.year_be IS 'Year, Buddhist era (year_ce + 543, e.g. 2565)';
COMMENT ON COLUMN dim_year.decade_ce IS 'Decade, e.g. 2020';
COMMENT ON COLUMN dim_year.fiscal_year_start IS 'First day of the Thai government fiscal year named by this year (1 October of the year before)';
COMMENT ON COLUMN dim_year.fiscal_year_end IS 'Last day of that fiscal year (30 September)';
