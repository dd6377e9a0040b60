-- The filter bar, once: table macros that every connection dashboard/db.py opens to the warehouse holds
-- (created when it opens, in its own in-memory catalog; the warehouse file is read-only). Query files read
-- agreement_f(...), delegation_f(...), partner_f(...), sector_f(...) and investment_f(...) instead of the
-- tables; investment charts read the warehouse's investment_marks() with the same parameters.
-- Parameters, in this order (NULL = no filter): year_from, year_to (CE), sectors, countries, partners,
-- levels (lists), fiscal (true: years are Thai fiscal years where the month is known; records that give
-- only a year stay in calendar years). A query file passes its own: agreement_f($year_from, $year_to,
-- $sectors, $countries, $partners, $levels, $fiscal).

-- The year a record is counted in: its Thai fiscal year when fiscal years are asked for and the month is
-- known, else its calendar year. The one place this rule is written.
CREATE MACRO filter_year(fiscal, fiscal_year, calendar_year) AS
    CASE WHEN fiscal::BOOLEAN AND fiscal_year IS NOT NULL THEN fiscal_year ELSE calendar_year END;

-- The partners the filter picks: a partner takes every partner under it (a country its prefectures and their
-- cities): the warehouse's macro.
CREATE MACRO partner_f(countries, levels, partners) AS TABLE
    SELECT * FROM partner_selection(countries := countries, levels := levels, partners := partners);

-- The sectors the filter picks, each with its sub-sectors (every sector when sectors is NULL).
CREATE MACRO sector_f(sectors) AS TABLE
    SELECT sector_code FROM sector_selection(sectors := sectors);

CREATE MACRO agreement_f(year_from, year_to, sectors, countries, partners, levels, fiscal) AS TABLE
    SELECT a.*, filter_year(fiscal, a.signed_fiscal_year, a.signed_year) AS period_year
    FROM fact_agreement a
    WHERE a.partner_id IN (SELECT partner_id FROM partner_f(countries, levels, partners))
      AND (sectors IS NULL OR a.agreement_id IN (
              SELECT agreement_id FROM bridge_agreement_sector WHERE sector_code IN (SELECT sector_code FROM sector_f(sectors))))
      AND period_year BETWEEN year_from::INTEGER AND year_to::INTEGER;  -- the alias above (DuckDB reads it here)

CREATE MACRO delegation_f(year_from, year_to, sectors, countries, partners, levels, fiscal) AS TABLE
    SELECT d.*, filter_year(fiscal, d.start_fiscal_year, d.start_year) AS period_year
    FROM fact_delegation d
    WHERE d.partner_id IN (SELECT partner_id FROM partner_f(countries, levels, partners))
      AND (sectors IS NULL OR d.delegation_id IN (
              SELECT delegation_id FROM bridge_delegation_sector WHERE sector_code IN (SELECT sector_code FROM sector_f(sectors))))
      AND period_year BETWEEN year_from::INTEGER AND year_to::INTEGER;

-- Investment figures carry only a year: always calendar years. Which of them a sum may add is the warehouse's
-- decision (investment_figures, investment_marks: README, How figures are counted); per (NULL: 'series') says
-- for which kind of mark `counted` and `mark_key` are given.
CREATE MACRO investment_f(per, year_from, year_to, sectors, countries, partners, levels) AS TABLE
    SELECT * FROM investment_figures(per := coalesce(per, 'series'), year_from := year_from, year_to := year_to,
                                     sectors := sectors, countries := countries, partners := partners,
                                     levels := levels);

-- The investment figures a data file lists (queries/investments_export.sql, and investments_export_years.sql
-- that counts them a year at a time): those investment_figures() picks, read straight from fact_investment, as
-- a list adds nothing up: the picked partners (each with every partner under it), an aggregate (all foreign
-- investors) only when a partner or level filter picks it, the picked sectors with their sub-sectors.
CREATE MACRO investment_listed(year_from, year_to, sectors, countries, partners, levels) AS TABLE
    SELECT i.*
    FROM fact_investment i
    WHERE i.year BETWEEN year_from::INTEGER AND year_to::INTEGER
      AND i.partner_id IN (
              SELECT partner_id FROM partner_f(countries, levels, partners)
              WHERE level <> 'aggregate' OR partners IS NOT NULL
                 OR list_contains(coalesce(levels::VARCHAR[], []), 'aggregate'))
      AND (sectors IS NULL OR i.sector_code IN (SELECT sector_code FROM sector_f(sectors)));
