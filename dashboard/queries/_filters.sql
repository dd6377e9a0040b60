-- The filter bar, once: every dashboard query starts with these CTEs and reads
-- partner_f, agreement_f, delegation_f and investment_f instead of the tables. Investment
-- charts read the warehouse's investment_marks() with the same parameters.
-- Parameters (NULL = no filter): $year_from, $year_to (CE), $sectors, $countries,
-- $partners, $levels (lists), $fiscal (true: years are Thai fiscal years where the
-- month is known; records that give only a year stay in calendar years).
WITH partner_f AS (
    -- A partner takes every partner under it (a country its prefectures and their cities): the warehouse's macro.
    SELECT * FROM partner_selection(countries := $countries, levels := $levels, partners := $partners)
),
sector_f AS (
    SELECT sector_code FROM sector_selection(sectors := $sectors)
),
agreement_f AS (
    SELECT a.*,
           CASE WHEN $fiscal::BOOLEAN AND a.signed_fiscal_year IS NOT NULL THEN a.signed_fiscal_year
                ELSE a.signed_year END AS period_year
    FROM fact_agreement a
    WHERE a.partner_id IN (SELECT partner_id FROM partner_f)
      AND ($sectors IS NULL OR a.agreement_id IN (
              SELECT agreement_id FROM bridge_agreement_sector WHERE sector_code IN (SELECT sector_code FROM sector_f)))
      AND period_year BETWEEN $year_from::INTEGER AND $year_to::INTEGER  -- the alias above (DuckDB reads it here)
),
delegation_f AS (
    SELECT d.*,
           CASE WHEN $fiscal::BOOLEAN AND d.start_fiscal_year IS NOT NULL THEN d.start_fiscal_year
                ELSE d.start_year END AS period_year
    FROM fact_delegation d
    WHERE d.partner_id IN (SELECT partner_id FROM partner_f)
      AND ($sectors IS NULL OR d.delegation_id IN (
              SELECT delegation_id FROM bridge_delegation_sector WHERE sector_code IN (SELECT sector_code FROM sector_f)))
      AND period_year BETWEEN $year_from::INTEGER AND $year_to::INTEGER
),
investment_f AS (
    -- Investment figures carry only a year: always calendar years. Which of them a sum may add is the
    -- warehouse's decision (investment_figures, investment_marks: README, How figures are counted).
    SELECT * FROM investment_figures(per := coalesce($d_per, 'series'), year_from := $year_from, year_to := $year_to,
                                     sectors := $sectors, countries := $countries, partners := $partners,
                                     levels := $levels)
)
