-- How figures are counted: the one place that decides which stated figures may be added up.
--
-- A figure in fact_investment is a number a source states. Figures are added only when the sum
-- is one a source could have written:
--   1. one measure: the same stage counted in the same unit (BOI applications never with approvals or
--      permits; a statistic counted in permits never with one counted in investors, its value neither);
--   2. one period: the same year and the same months (a whole year never with part of one,
--      January-June never with January-March), never across years;
--   3. no overlap: an aggregate partner (all foreign investors) is never added to anything, not
--      even another aggregate: it is a series of its own; and a figure is left out of a sum that
--      holds a more general figure of the same measure, period and province, one whose partner
--      contains it (a country its prefectures, a prefecture its cities, a country its companies)
--      and whose sector contains it (AUTO contains EV); where two overlap in part (Japan's EV figure,
--      a Japanese company's AUTO figure), the one of the partner above counts; of two figures of one
--      scope the first stated (the smaller record_id) counts;
--   4. one grain: sums of totals use the figures for all sectors (or, with a sector filter, for the
--      picked sectors) and for no single province; a sector breakdown and a province breakdown are
--      charts of their own.
-- A sum of approximate figures is approximate, a sum with a lower bound is "at least", and every
-- sum carries how many figures, partners and sources it adds up.

-- Every partner with each partner it belongs to (itself at distance 0): a city, its prefecture, its country.
CREATE TABLE partner_tree AS
WITH RECURSIVE up(partner_id, ancestor_id, distance) AS (
    SELECT partner_id, partner_id, 0 FROM dim_partner
    UNION ALL
    SELECT u.partner_id, p.parent_id, u.distance + 1
    FROM up u JOIN dim_partner p ON p.partner_id = u.ancestor_id
    WHERE p.parent_id IS NOT NULL AND u.distance < 16
)
SELECT DISTINCT partner_id, ancestor_id, distance FROM up;
COMMENT ON TABLE partner_tree IS 'Each partner with every partner it belongs to, itself included (distance 0): a city with its prefecture (1) and country (2). A filter on a partner takes every partner under it.';
COMMENT ON COLUMN partner_tree.partner_id IS 'A partner; see dim_partner';
COMMENT ON COLUMN partner_tree.ancestor_id IS 'A partner it belongs to, or itself';
COMMENT ON COLUMN partner_tree.distance IS 'Steps up from partner_id to ancestor_id (0 = itself)';

CREATE TABLE sector_tree AS
WITH RECURSIVE up(sector_code, ancestor_code, distance) AS (
    SELECT sector_code, sector_code, 0 FROM dim_sector
    UNION ALL
    SELECT u.sector_code, s.parent_code, u.distance + 1
    FROM up u JOIN dim_sector s ON s.sector_code = u.ancestor_code
    WHERE s.parent_code IS NOT NULL AND u.distance < 16
)
SELECT DISTINCT sector_code, ancestor_code, distance FROM up;
COMMENT ON TABLE sector_tree IS 'Each sector with every sector it belongs to, itself included (distance 0): EV with AUTO.';
COMMENT ON COLUMN sector_tree.sector_code IS 'A sector; see dim_sector';
COMMENT ON COLUMN sector_tree.ancestor_code IS 'A sector it belongs to, or itself';
COMMENT ON COLUMN sector_tree.distance IS 'Steps up from sector_code to ancestor_code (0 = itself)';

-- What each measure is.
CREATE TABLE dim_stage (
    stage VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    count_unit VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
INSERT INTO dim_stage VALUES
    ('application', 'BOI applications', 'Board of Investment (BOI)', 'projects',
     'Projects that applied for BOI investment promotion, and their planned investment'),
    ('approval', 'BOI approvals', 'Board of Investment (BOI)', 'projects',
     'Projects the BOI approved for promotion, and their planned investment'),
    ('certificate', 'BOI certificates', 'Board of Investment (BOI)', 'projects',
     'Promotion certificates the BOI issued, and the investment they cover'),
    ('fdi_flow', 'Foreign direct investment flows', 'Bank of Thailand', 'projects',
     'Foreign direct investment that actually arrived (net flows), as the Bank of Thailand reports it'),
    ('fba_permit', 'Foreign Business Act permits', 'Department of Business Development (DBD), Ministry of Commerce', 'permits',
     'Foreigners permitted to do business under the Foreign Business Act, and the investment they bring; the count is of permits or of investors, as count_unit says'),
    ('business_registration', 'Business registrations', 'Department of Business Development (DBD), Ministry of Commerce', 'registrations',
     'New juristic persons registered with foreign shareholders, and their registered capital'),
    ('other', 'Other measures', '(see the notes of each figure)', 'projects',
     'A figure whose measure fits none of the above, or whose stage the source does not state; its notes say what it measures. Never added to another figure');
COMMENT ON TABLE dim_stage IS 'What each investment measure (fact_investment.stage) counts, and who publishes it. Figures of two stages are never added up.';
COMMENT ON COLUMN dim_stage.stage IS 'The code in fact_investment.stage';
COMMENT ON COLUMN dim_stage.name_en IS 'Its name in English';
COMMENT ON COLUMN dim_stage.body IS 'Who publishes it';
COMMENT ON COLUMN dim_stage.count_unit IS 'What its count counts unless a figure says otherwise (fact_investment.count_unit)';
COMMENT ON COLUMN dim_stage.description IS 'What the value and the count measure';

-- Pairs of figures where `by_record_id` states a more general figure that includes `record_id`'s:
-- the same measure (stage and count unit), year, months and province; a partner that is or contains the other's; a sector
-- that is or contains the other's (a figure for all sectors is a grain of its own, see rule 4); or a partner above
-- it with a sub-sector of its sector (the two overlap in part, and the partner above counts). Each
-- scope (measure, period, province, partner, sector) is named by its first stated figure: a repeat of a
-- scope pairs with that first one only, and a figure with the first of each scope that contains it, so
-- a scope stated many times costs as many pairs as it has repeats, not their square.
CREATE TABLE investment_cover AS
WITH f AS (
    SELECT rowid AS figure_id, record_id, stage, count_unit, year, month_from, month_to, province_code, partner_id,
           sector_code
    FROM fact_investment
), scopes AS (
    SELECT stage, count_unit, year, month_from, month_to, province_code, partner_id, coalesce(sector_code, '') AS sector,
           min(record_id) AS first_id
    FROM f
    GROUP BY ALL
), lines AS (
    -- The scopes that would include this figure's: a partner at or above its own, a sector at or above its own.
    SELECT f.*, pt.ancestor_id, coalesce(st.ancestor_code, '') AS ancestor_sector
    FROM f
    JOIN partner_tree pt USING (partner_id)
    LEFT JOIN sector_tree st USING (sector_code)
    UNION ALL
    -- And those that overlap it in part: a partner above it that states a sub-sector of its sector (Japan's EV
    -- figure and a Japanese company's AUTO figure both hold that company's EV investment). The partner above
    -- counts, so the two are never added; the sum then leaves out the rest of this figure, never counts twice.
    SELECT f.*, pt.ancestor_id, st.sector_code
    FROM f
    JOIN partner_tree pt ON pt.partner_id = f.partner_id AND pt.distance > 0
    JOIN sector_tree st ON st.ancestor_code = f.sector_code AND st.distance > 0
)
SELECT l.figure_id, l.record_id, s.first_id AS by_record_id, s.partner_id AS by_partner_id,
       nullif(s.sector, '') AS by_sector_code,
       s.partner_id = l.partner_id AND s.sector = coalesce(l.sector_code, '') AS same_scope
FROM lines l
JOIN scopes s
  ON s.stage = l.stage AND s.count_unit = l.count_unit AND s.year = l.year AND s.month_from = l.month_from
 AND s.month_to = l.month_to
 AND s.province_code IS NOT DISTINCT FROM l.province_code
 AND s.partner_id = l.ancestor_id AND s.sector = l.ancestor_sector
WHERE s.first_id <> l.record_id;
COMMENT ON TABLE investment_cover IS 'Which figures include which: by_record_id states a more general figure of the same measure (stage and count unit), year, months and province (its partner and sector are or contain those of record_id), or the same scope stated first. A sum that holds both leaves record_id out.';
COMMENT ON COLUMN investment_cover.figure_id IS 'The figure included, by number; see investment_counting';
COMMENT ON COLUMN investment_cover.record_id IS 'The figure included; see fact_investment';
COMMENT ON COLUMN investment_cover.by_record_id IS 'The more general figure that includes it (the first stated of its scope)';
COMMENT ON COLUMN investment_cover.by_partner_id IS 'Its partner';
COMMENT ON COLUMN investment_cover.by_sector_code IS 'Its sector (NULL: all sectors)';
COMMENT ON COLUMN investment_cover.same_scope IS 'True when it states the same scope (record_id repeats it)';


-- fact_investment with what the counting rules need, worked out once per build: which series a figure
-- belongs to (the picked partners together, or an aggregate on its own), whether its province is in the
-- Eastern Economic Corridor, whether it repeats a scope stated before (is_repeat), and the partner and
-- sector of each more general figure that includes it (covers). investment_figures() reads it: a
-- figure is left out of a sum when it is a repeat or when one of its covers is in the same pick.
-- Each source of an investment figure, numbered by a hash of its address (sums count their sources by number:
-- a page's URLs are long; a hash needs no sort and no join to be worked out).
CREATE TABLE investment_source AS
SELECT DISTINCT hash(source_url) AS source_id, source_url FROM fact_investment WHERE source_url IS NOT NULL;
COMMENT ON TABLE investment_source IS 'The sources of investment figures, numbered: investment_counting.source_id';
COMMENT ON COLUMN investment_source.source_id IS 'Its number: a 64-bit hash of source_url';
COMMENT ON COLUMN investment_source.source_url IS 'The web page or report (fact_investment.source_url)';

CREATE TABLE investment_counting AS
WITH cov AS (
    SELECT figure_id,
           bool_or(same_scope) AS is_repeat,
           bool_or(NOT same_scope) AS included,
           bool_or(NOT same_scope AND by_partner_id = r.partner_id) AS included_in_partner,
           bool_or(NOT same_scope AND by_sector_code IS NOT DISTINCT FROM r.sector_code) AS included_in_sector,
           bool_and(same_scope OR bp.country_code = rp.country_code) AS includers_in_country
    FROM investment_cover c
    JOIN (SELECT rowid AS figure_id, partner_id, sector_code FROM fact_investment) r USING (figure_id)
    JOIN dim_partner rp ON rp.partner_id = r.partner_id
    JOIN dim_partner bp ON bp.partner_id = c.by_partner_id
    GROUP BY figure_id
)
SELECT i.rowid AS figure_id, i.record_id, i.stage, i.count_unit, i.year, i.month_from, i.month_to, i.is_full_year,
       i.partner_id, i.sector_code, i.province_code, coalesce(pr.is_eec, false) AS is_eec,
       i.value_thb_million, i.value_qualifier, i.projects, i.projects_qualifier, i.coverage = 'named_only' AS named_only,
       CASE WHEN i.source_url IS NOT NULL THEN hash(i.source_url) END AS source_id,
       CASE WHEN p.level = 'aggregate' THEN i.partner_id ELSE '' END AS series,
       coalesce(cov.is_repeat, false) AS is_repeat,
       coalesce(cov.included, false) AS included,
       coalesce(cov.included_in_partner, false) AS included_in_partner,
       coalesce(cov.included_in_sector, false) AS included_in_sector,
       coalesce(cov.includers_in_country, true) AS includers_in_country
FROM fact_investment i
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_province pr USING (province_code)
LEFT JOIN cov ON cov.figure_id = i.rowid
-- Kept by grain, then year: a sum reads one grain (totals, a sector breakdown, a province breakdown) of some
-- years, and DuckDB skips the blocks whose bounds hold none of them (at 1M figures a chart's scan reads a
-- ninth of the table instead of all of it).
ORDER BY i.province_code IS NOT NULL, i.sector_code IS NOT NULL, i.year;
COMMENT ON TABLE investment_counting IS 'fact_investment with what the counting rules need, worked out once per build (series, is_eec, named_only, source_id, is_repeat, included*); investment_figures() reads it.';
COMMENT ON COLUMN investment_counting.figure_id IS 'The figure''s number (its row in fact_investment); see investment_cover';
COMMENT ON COLUMN investment_counting.named_only IS 'True when the figure counts only what its source names (fact_investment.coverage)';
COMMENT ON COLUMN investment_counting.record_id IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.stage IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.count_unit IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.year IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.month_from IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.month_to IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.is_full_year IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.partner_id IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.sector_code IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.province_code IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.value_thb_million IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.value_qualifier IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.projects IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.projects_qualifier IS 'See fact_investment';
COMMENT ON COLUMN investment_counting.is_eec IS 'True when the figure names a province of the Eastern Economic Corridor';
COMMENT ON COLUMN investment_counting.source_id IS 'The number of its source_url; see investment_source';
COMMENT ON COLUMN investment_counting.series IS 'Empty for a partner''s figure (the picked partners are added together); the aggregate''s partner_id for an aggregate''s (never added to anything)';
COMMENT ON COLUMN investment_counting.is_repeat IS 'True when an earlier figure (a smaller record_id) states the same scope: only the first counts';
COMMENT ON COLUMN investment_counting.included IS 'True when a more general figure (investment_cover) includes this one: with no partner, level, country or sector filter, a sum leaves it out';
COMMENT ON COLUMN investment_counting.included_in_partner IS 'True when a more general figure of the same partner (a parent sector) includes it';
COMMENT ON COLUMN investment_counting.includers_in_country IS 'True when every figure that includes this one is of a partner of the same country (a filter by country then picks them all or none)';
COMMENT ON COLUMN investment_counting.included_in_sector IS 'True when a more general figure of the same sector (a parent partner) includes it';

-- The partners a filter picks: by country, level and partner (a partner takes every partner under it).
CREATE MACRO partner_selection(countries := NULL, levels := NULL, partners := NULL) AS TABLE
SELECT p.*
FROM dim_partner p
WHERE (countries IS NULL OR list_contains(countries::VARCHAR[], p.country_code))
  AND (levels IS NULL OR list_contains(levels::VARCHAR[], p.level))
  AND (partners IS NULL OR p.partner_id IN (
          SELECT t.partner_id FROM partner_tree t WHERE list_contains(partners::VARCHAR[], t.ancestor_id)));
COMMENT ON MACRO TABLE partner_selection IS 'The partners a filter picks: FROM partner_selection(countries := [''JP''], levels := [''local_government''], partners := [''jp-kanagawa'']); NULL = any. A partner takes every partner under it.';

CREATE MACRO sector_selection(sectors := NULL) AS TABLE
SELECT s.*
FROM dim_sector s
WHERE sectors IS NULL OR s.sector_code IN (
    SELECT t.sector_code FROM sector_tree t WHERE list_contains(sectors::VARCHAR[], t.ancestor_code));
COMMENT ON MACRO TABLE sector_selection IS 'The sectors a filter picks, each with its sub-sectors: FROM sector_selection(sectors := [''AUTO'']); NULL = every sector.';

-- Totals of two figures of one qualifier: a lower bound anywhere makes the sum "at least", else an
-- approximate figure makes it approximate.
CREATE MACRO sum_qualifier(any_at_least, any_approx) AS
    CASE WHEN coalesce(any_at_least, false) THEN 'at_least' WHEN coalesce(any_approx, false) THEN 'approx' ELSE 'exact' END;
COMMENT ON MACRO sum_qualifier IS 'The qualifier of a sum: at_least when any figure in it is a lower bound, else approx when any is approximate, else exact.';

-- The stated figures a filter picks, each with whether a sum of the chosen kind may count it (rules 3, 4).
--   per := 'series'    sums of totals by series: the picked partners together; each aggregate apart
--          'partner'   sums of totals by partner (one partner's figures: more than one only under a sector filter)
--          'sector'    the sector breakdown: sums by sector
--          'province'  the province breakdown: sums in the Eastern Economic Corridor and elsewhere
-- `counted` says whether the figure is added into its mark, `mark_key` which mark of that kind it is in.
-- Whether a figure is added into its mark of a kind, and which mark: the rules 3 and 4 per kind of sum.
CREATE MACRO counted_in(per, in_totals, in_sectors, in_provinces, covered_in_series, covered_in_partner,
                        covered_in_sector) AS
    CASE per WHEN 'partner' THEN in_totals AND NOT covered_in_partner
             WHEN 'sector' THEN in_sectors AND NOT covered_in_sector
             WHEN 'province' THEN in_provinces AND NOT covered_in_series
             ELSE in_totals AND NOT covered_in_series END;
CREATE MACRO mark_key_of(per, series, partner_id, sector_code, is_eec) AS
    CASE per WHEN 'partner' THEN partner_id
             WHEN 'sector' THEN sector_code
             WHEN 'province' THEN CASE WHEN is_eec THEN 'eec' ELSE 'elsewhere' END
             ELSE series END;
COMMENT ON MACRO counted_in IS 'Whether investment_figures() adds a figure into its mark of the kind per (series, partner, sector, province)';
COMMENT ON MACRO mark_key_of IS 'Which mark of the kind per a figure is in: its series, partner, sector, or eec / elsewhere';

-- Rule 4: which figures a sum of the kind per may add (grain): totals ('series', 'partner') are of all sectors
-- (the picked sectors under a sector filter) and no one province; a sector breakdown of one sector each and no
-- province; a province breakdown of one province each, of all sectors (the picked ones under a sector filter).
CREATE MACRO in_grain(per, province_code, sector_code, sectors) AS
    CASE per WHEN 'sector' THEN province_code IS NULL AND sector_code IS NOT NULL
             WHEN 'province' THEN province_code IS NOT NULL AND (sector_code IS NULL) = (sectors IS NULL)
             ELSE province_code IS NULL AND (sector_code IS NULL) = (sectors IS NULL) END;
COMMENT ON MACRO in_grain IS 'Rule 4: whether a figure is of the grain a sum of the kind per (series, partner, sector, province) adds up';

-- grain := a kind of sum: only the figures of its grain (investment_marks reads no other; NULL: every figure).
CREATE MACRO investment_figures(per := 'series', year_from := NULL, year_to := NULL, sectors := NULL,
                                countries := NULL, partners := NULL, levels := NULL, grain := NULL) AS TABLE
WITH picked AS (
    -- Aggregates (all foreign investors) count only when the filter picks them by partner or level.
    SELECT partner_id
    FROM partner_selection(countries := countries, levels := levels, partners := partners)
    WHERE level <> 'aggregate' OR partners IS NOT NULL OR list_contains(coalesce(levels::VARCHAR[], []), 'aggregate')
), picked_sectors AS (
    -- A sector filter picks by a semi join on these (DuckDB hashes it; a list of them tested row by row was a
    -- nested loop: a sector-filtered sum at 1M figures took 11-23% longer).
    SELECT sector_code FROM sector_selection(sectors := sectors)
), sel AS (
    SELECT f.*
    FROM investment_counting f
    SEMI JOIN picked USING (partner_id)
    WHERE (year_from IS NULL OR f.year >= year_from::INTEGER)
      AND (year_to IS NULL OR f.year <= year_to::INTEGER)
      AND (sectors IS NULL OR f.sector_code IN (SELECT sector_code FROM picked_sectors))
      AND (grain IS NULL OR in_grain(grain, f.province_code, f.sector_code, sectors))
), picked_includers AS (
    -- Which figures a more general figure in the same pick includes. With no partner, level or sector filter
    -- every includer is picked (an aggregate includes none; a country filter picks all of a figure's includers
    -- when they are of its country), so the build's flags say it; else the pick decides.
    SELECT s.figure_id,
           bool_or(c.by_partner_id = s.partner_id) AS in_partner,
           bool_or(c.by_sector_code IS NOT DISTINCT FROM s.sector_code) AS in_sector
    FROM sel s
    JOIN investment_cover c USING (figure_id)
    SEMI JOIN picked p ON p.partner_id = c.by_partner_id
    WHERE NOT c.same_scope
      AND (levels IS NOT NULL OR partners IS NOT NULL OR sectors IS NOT NULL
           OR (countries IS NOT NULL AND NOT s.includers_in_country))
      -- A figure for one sector in one province is part of no sum (rule 4): not worked on.
      AND (s.province_code IS NULL OR (s.sector_code IS NULL) = (sectors IS NULL))
      AND (sectors IS NULL OR c.by_sector_code IN (SELECT sector_code FROM picked_sectors))
    GROUP BY s.figure_id
), graded AS (
    SELECT sel.* EXCLUDE (included, included_in_partner, included_in_sector, includers_in_country),
           in_grain('series', province_code, sector_code, sectors) AS in_totals,
           in_grain('sector', province_code, sector_code, sectors) AS in_sectors,
           in_grain('province', province_code, sector_code, sectors) AS in_provinces,
           -- Rule 3: included in a more general figure of the same pick, within the series (an aggregate has no
           -- partner above or below it, so an includer is always of the same series), the partner, the sector.
           is_repeat OR CASE WHEN levels IS NULL AND partners IS NULL AND sectors IS NULL
                                  AND (countries IS NULL OR includers_in_country)
                             THEN included ELSE pi.figure_id IS NOT NULL END AS covered_in_series,
           is_repeat OR CASE WHEN levels IS NULL AND partners IS NULL AND sectors IS NULL
                                  AND (countries IS NULL OR includers_in_country)
                             THEN included_in_partner ELSE coalesce(pi.in_partner, false) END AS covered_in_partner,
           is_repeat OR CASE WHEN levels IS NULL AND partners IS NULL AND sectors IS NULL
                                  AND (countries IS NULL OR includers_in_country)
                             THEN included_in_sector ELSE coalesce(pi.in_sector, false) END AS covered_in_sector
    FROM sel LEFT JOIN picked_includers pi USING (figure_id)
)
SELECT graded.*,
       counted_in(per, in_totals, in_sectors, in_provinces, covered_in_series, covered_in_partner,
                  covered_in_sector) AS counted,
       mark_key_of(per, series, partner_id, sector_code, is_eec) AS mark_key
FROM graded;
COMMENT ON MACRO TABLE investment_figures IS 'The stated investment figures a filter picks (years CE, sectors, countries, partners, levels; NULL = any), each with counted (is it added into its mark of the kind per := series | partner | sector | province) and mark_key (which mark). The grains (in_totals, in_sectors, in_provinces) and covered_in_* (a more general figure of the same pick includes it) say why. investment_marks() adds the counted ones up.';

-- What a mark says of the figures it adds up: the sum and its qualifier, how many figures, which partners,
-- how many sources, for the value and the count apart (an aggregate of the rows of one mark).
CREATE MACRO mark_sums(value_thb_million, value_qualifier, projects, projects_qualifier, partner_id, source_id,
                       named_only) AS
    struct_pack(
        value_thb_million := sum(value_thb_million),
        value_qualifier := sum_qualifier(bool_or(value_qualifier = 'at_least' AND value_thb_million IS NOT NULL),
                                         bool_or(value_qualifier = 'approx' AND value_thb_million IS NOT NULL)),
        value_figures := count(value_thb_million),
        projects := sum(projects)::BIGINT,
        projects_qualifier := sum_qualifier(bool_or(projects_qualifier = 'at_least' AND projects IS NOT NULL),
                                            bool_or(projects_qualifier = 'approx' AND projects IS NOT NULL)),
        projects_figures := count(projects),
        value_partners := list(DISTINCT partner_id ORDER BY partner_id) FILTER (value_thb_million IS NOT NULL),
        projects_partners := list(DISTINCT partner_id ORDER BY partner_id) FILTER (projects IS NOT NULL),
        value_sources := count(DISTINCT source_id) FILTER (value_thb_million IS NOT NULL),
        projects_sources := count(DISTINCT source_id) FILTER (projects IS NOT NULL),
        value_source_id := min(source_id) FILTER (value_thb_million IS NOT NULL),
        projects_source_id := min(source_id) FILTER (projects IS NOT NULL),
        named_only := bool_or(named_only)
    );
COMMENT ON MACRO mark_sums IS 'The sums of one mark (an aggregate): value and count with their qualifiers, how many figures, which partners, how many sources';

-- The sums every chart, headline and export shows: one row per mark of the kind per := 'series' (totals by
-- measure, series, year and months), 'partner', 'sector' or 'province' (eec / elsewhere).
CREATE MACRO investment_marks(per := 'series', year_from := NULL, year_to := NULL, sectors := NULL,
                              countries := NULL, partners := NULL, levels := NULL) AS TABLE
SELECT per AS per, stage, count_unit, series, mark_key_of(per, series, partner_id, sector_code, is_eec) AS mark_key,
       year, month_from, month_to, is_full_year,
       unnest(mark_sums(value_thb_million, value_qualifier, projects, projects_qualifier, partner_id, source_id,
                        named_only))
FROM investment_figures(year_from := year_from, year_to := year_to, sectors := sectors, countries := countries,
                        partners := partners, levels := levels, grain := per)
WHERE counted_in(per, in_totals, in_sectors, in_provinces, covered_in_series, covered_in_partner, covered_in_sector)
GROUP BY stage, count_unit, series, mark_key_of(per, series, partner_id, sector_code, is_eec), year, month_from,
         month_to, is_full_year;
COMMENT ON MACRO TABLE investment_marks IS 'Stated investment figures added up as the counting rules allow (README: How figures are counted): one row per measure (stage, count_unit), series, mark_key (per := series | partner | sector | province), year and months, with the sum, its qualifier, and how many figures, partners and sources it adds up, for the value and the count apart. E.g. FROM investment_marks(countries := [''JP'']) WHERE stage = ''application'' AND is_full_year ORDER BY year.';

-- Counts that sources state only in aggregate, beside the records the warehouse holds of the same scope:
-- partner (and every partner under it; a country's own row stands for the country), partner levels,
-- Thai parties, and dates from period_from to as_of. A record counts as recorded when its date, at its
-- precision, falls certainly within; "possibly" when its precision leaves it on the edge.
CREATE MACRO period_start(y, m, d) AS coalesce(d, make_date(y::INTEGER, coalesce(m, 1)::INTEGER, 1));
CREATE MACRO period_end(y, m, d) AS
    coalesce(d, CASE WHEN m IS NULL THEN make_date(y::INTEGER, 12, 31) ELSE last_day(make_date(y::INTEGER, m::INTEGER, 1)) END);
COMMENT ON MACRO period_start IS 'First day a date of the given precision can be: period_start(year, month, date)';
COMMENT ON MACRO period_end IS 'Last day a date of the given precision can be: period_end(year, month, date)';

-- Thai parties are matched as names are everywhere: case- and space-blind.
CREATE MACRO party_key(name) AS lower(regexp_replace(trim(name), '\s+', ' ', 'g'));
COMMENT ON MACRO party_key IS 'A Thai party''s name as it is matched: lower case, spaces trimmed and single';

-- A table, not a view: it holds for every filter, so it is worked out once per build.
CREATE TABLE stated_total_coverage AS
WITH scope AS (
    SELECT s.total_id, t.partner_id
    FROM stated_total s JOIN partner_tree t ON t.ancestor_id = s.partner_id
    UNION
    SELECT s.total_id, p.partner_id
    FROM stated_total s
    JOIN dim_partner c ON c.partner_id = s.partner_id AND c.parent_id IS NULL AND c.level = 'national_government'
    JOIN dim_partner p ON p.country_code = c.country_code AND p.level <> 'aggregate'
), records AS (
    SELECT 'agreements' AS kind, a.agreement_id AS record_id, a.partner_id, a.thai_party,
           period_start(a.signed_year, a.signed_month, a.signed_date) AS first_day,
           period_end(a.signed_year, a.signed_month, a.signed_date) AS last_day
    FROM fact_agreement a
    UNION ALL
    SELECT 'delegations', d.delegation_id, d.partner_id, NULL,
           period_start(d.start_year, d.start_month, d.start_date), period_end(d.start_year, d.start_month, d.start_date)
    FROM fact_delegation d
), matched AS (
    SELECT s.total_id, r.record_id, r.partner_id,
           r.last_day <= period_end(s.as_of_year, s.as_of_month, s.as_of_date)
             AND (s.from_year IS NULL OR r.first_day >= period_start(s.from_year, s.from_month, s.from_date)) AS certain
    FROM stated_total s
    JOIN scope USING (total_id)
    JOIN dim_partner p ON p.partner_id = scope.partner_id
    JOIN records r ON r.partner_id = scope.partner_id
     AND r.kind = CASE s.counts WHEN 'partners' THEN 'agreements' ELSE s.counts END
    WHERE (len(s.partner_levels) = 0 OR list_contains(s.partner_levels, p.level))
      AND (len(s.thai_parties) = 0 OR r.kind <> 'agreements'
           OR list_contains(list_transform(s.thai_parties, lambda x: party_key(x)), party_key(r.thai_party)))
      AND r.first_day <= period_end(s.as_of_year, s.as_of_month, s.as_of_date)
      AND (s.from_year IS NULL OR r.last_day >= period_start(s.from_year, s.from_month, s.from_date))
), counted AS (
    SELECT m.total_id,
           CASE WHEN any_value(s.counts) = 'partners' THEN count(DISTINCT m.partner_id) FILTER (m.certain)
                ELSE count(*) FILTER (m.certain) END AS recorded,
           CASE WHEN any_value(s.counts) = 'partners'
                THEN count(DISTINCT m.partner_id) - count(DISTINCT m.partner_id) FILTER (m.certain)
                ELSE count(*) FILTER (NOT m.certain) END AS possibly
    FROM matched m JOIN stated_total s USING (total_id)
    GROUP BY m.total_id
)
SELECT s.*,
       (SELECT list(t.name_th ORDER BY u.i)
          FROM (SELECT unnest(s.thai_parties) AS party, generate_subscripts(s.thai_parties, 1) AS i) u
          LEFT JOIN thai_party_name t ON t.party_key = party_key(u.party)) AS thai_party_th,
       s.counts IN ('agreements', 'partners', 'delegations') AS comparable,
       CASE WHEN s.counts IN ('agreements', 'partners', 'delegations') THEN coalesce(c.recorded, 0) END AS recorded,
       CASE WHEN s.counts IN ('agreements', 'partners', 'delegations') THEN coalesce(c.possibly, 0) END AS possibly
FROM stated_total s LEFT JOIN counted c USING (total_id);
COMMENT ON TABLE stated_total_coverage IS 'Each stated total beside the records the warehouse holds of the same scope (partner and those under it, levels, Thai parties, dates): recorded = certainly within, possibly = on the edge at the precision of their dates. comparable is false for counts the warehouse keeps no records of (companies, projects).';
