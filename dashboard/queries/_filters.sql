-- The filter bar, once: every dashboard query starts with these CTEs and reads
-- partner_f, agreement_f, delegation_f and investment_f instead of the tables.
-- Parameters (NULL = no filter): $year_from, $year_to (CE), $sectors, $countries,
-- $partners, $levels (lists), $fiscal (true: years are Thai fiscal years where the
-- month is known; records that give only a year stay in calendar years).
WITH partner_f AS (
    SELECT p.*
    FROM dim_partner p
    WHERE ($countries IS NULL OR list_contains($countries::VARCHAR[], p.country_code))
      AND ($levels IS NULL OR list_contains($levels::VARCHAR[], p.level))
      AND ($partners IS NULL
           OR list_contains($partners::VARCHAR[], p.partner_id)
           OR list_contains($partners::VARCHAR[], p.parent_id))
),
sector_f AS (
    SELECT s.sector_code
    FROM dim_sector s
    WHERE $sectors IS NULL
       OR list_contains($sectors::VARCHAR[], s.sector_code)
       OR list_contains($sectors::VARCHAR[], s.parent_code)
),
agreement_f AS (
    SELECT a.*,
           CASE WHEN $fiscal::BOOLEAN AND a.signed_fiscal_year IS NOT NULL THEN a.signed_fiscal_year
                ELSE a.signed_year END AS period_year
    FROM fact_agreement a
    WHERE a.partner_id IN (SELECT partner_id FROM partner_f)
      AND ($sectors IS NULL OR a.agreement_id IN (
              SELECT agreement_id FROM bridge_agreement_sector WHERE sector_code IN (SELECT sector_code FROM sector_f)))
      AND (CASE WHEN $fiscal::BOOLEAN AND a.signed_fiscal_year IS NOT NULL THEN a.signed_fiscal_year
                ELSE a.signed_year END) BETWEEN $year_from::INTEGER AND $year_to::INTEGER
),
delegation_f AS (
    SELECT d.*,
           CASE WHEN $fiscal::BOOLEAN AND d.start_fiscal_year IS NOT NULL THEN d.start_fiscal_year
                ELSE d.start_year END AS period_year
    FROM fact_delegation d
    WHERE d.partner_id IN (SELECT partner_id FROM partner_f)
      AND ($sectors IS NULL OR d.delegation_id IN (
              SELECT delegation_id FROM bridge_delegation_sector WHERE sector_code IN (SELECT sector_code FROM sector_f)))
      AND (CASE WHEN $fiscal::BOOLEAN AND d.start_fiscal_year IS NOT NULL THEN d.start_fiscal_year
                ELSE d.start_year END) BETWEEN $year_from::INTEGER AND $year_to::INTEGER
),
investment_f AS (
    -- Investment statistics carry only a year: always calendar years. Totals of
    -- aggregate partners (all foreign investors) are never added to the countries
    -- they include: they count only when the filter picks them by partner or level.
    SELECT i.*
    FROM fact_investment i
    WHERE i.partner_id IN (SELECT partner_id FROM partner_f
                           WHERE level <> 'aggregate' OR $partners IS NOT NULL
                              OR list_contains(coalesce($levels::VARCHAR[], []), 'aggregate'))
      AND ($sectors IS NULL OR i.sector_code IN (SELECT sector_code FROM sector_f))
      AND i.year BETWEEN $year_from::INTEGER AND $year_to::INTEGER
),
investment_agg_f AS (
    -- The same filter over agg_investment (sums by year, partner, sector, stage, province flags): for charts.
    SELECT a.*
    FROM agg_investment a
    WHERE a.partner_id IN (SELECT partner_id FROM partner_f
                           WHERE level <> 'aggregate' OR $partners IS NOT NULL
                              OR list_contains(coalesce($levels::VARCHAR[], []), 'aggregate'))
      AND ($sectors IS NULL OR a.sector_code IN (SELECT sector_code FROM sector_f))
      AND a.year BETWEEN $year_from::INTEGER AND $year_to::INTEGER
)
