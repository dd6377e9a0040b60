-- Every investment figure the filters pick, for the data files: the records grid's rows and order (newest
-- first) with no limit, one span of years at a time ($span_from to $span_to, CE, within the filter's years).
-- dashboard/export/data.py asks for the spans newest first, the first a single year, so the file starts as
-- soon as that year is sorted, and DuckDB holds one span, never the whole file. Of a large newest year, the
-- first rows come alone ($span_rows: DuckDB keeps the top rows, it does not sort the year), then the rest
-- ($span_skip); NULL: every row.
-- The rows are the figures the warehouse's investment_figures() picks (the grid's query reads it): the
-- picked partners (each with every partner under it), an aggregate (all foreign investors) only when a
-- partner or level filter picks it, the picked sectors with their sub-sectors. A data file lists figures
-- as they are and adds nothing up, so it reads fact_investment alone: whether a sum may count a figure
-- (the counting tables) is not asked. tests/dashboard/test_export_speed_shape.py checks that the two pick
-- the same figures.
-- Names are not joined here: the data file names partners, sectors and provinces batch by batch.
-- build_inputs: the raw files the build was made from, the same on every row; a file read in spans across
-- a rebuild must come from one set of files.
WITH picked AS (
    SELECT partner_id
    FROM partner_selection(countries := $countries, levels := $levels, partners := $partners)
    WHERE level <> 'aggregate' OR $partners IS NOT NULL OR list_contains(coalesce($levels::VARCHAR[], []), 'aggregate')
)
SELECT i.record_id, i.year, i.period, i.month_to, i.stage, i.partner_id, i.sector_code, i.projects, i.count_unit,
       i.projects_qualifier, i.value_thb_million, i.value_qualifier, i.coverage, i.province_code, i.source_url,
       i.entered_by, i.entered_at, i.source_text,
       (SELECT value FROM meta WHERE key = 'inputs_sha256') AS build_inputs
FROM fact_investment i
WHERE i.year BETWEEN $span_from::INTEGER AND $span_to::INTEGER
  AND i.partner_id IN (SELECT partner_id FROM picked)
  AND ($sectors IS NULL OR i.sector_code IN (SELECT sector_code FROM sector_selection(sectors := $sectors)))
ORDER BY i.year DESC, i.month_to DESC, i.record_id
LIMIT $span_rows::BIGINT OFFSET $span_skip::BIGINT
