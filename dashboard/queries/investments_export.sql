-- Every investment figure the filters pick, for the data files: the records grid's rows and order (newest
-- first) with no limit, one span of years at a time ($span_from to $span_to, CE, within the filter's years).
-- dashboard/export/data.py asks for the spans newest first (investments_export_years.sql counts their rows),
-- the first of a few thousand rows, so the file starts as soon as those are sorted, and DuckDB holds one
-- span, never the whole file; a small file is one statement. Of a large newest year, the
-- first rows come alone ($span_rows: DuckDB keeps the top rows, it does not sort the year), then the rest
-- ($span_skip); NULL: every row.
-- The rows are the figures the warehouse's investment_figures() picks (the grid's query reads it), read by
-- investment_listed() (queries/_filters.sql) from fact_investment alone: a data file lists figures as they
-- are and adds nothing up, so whether a sum may count a figure (the counting tables) is not asked.
-- tests/dashboard/test_export_speed_shape.py checks that the two pick the same figures.
-- Names are not joined here: the data file names partners, sectors and provinces batch by batch.
-- build_inputs: the raw files the build was made from, the same on every row; a file read in spans across
-- a rebuild must come from one set of files.
SELECT i.record_id, i.year, i.period, i.month_to, i.stage, i.partner_id, i.sector_code, i.projects, i.count_unit,
       i.projects_qualifier, i.value_thb_million, i.value_qualifier, i.coverage, i.province_code, i.source_url,
       i.entered_by, i.entered_at, i.source_text,
       (SELECT value FROM meta WHERE key = 'inputs_sha256') AS build_inputs
FROM investment_listed($span_from, $span_to, $sectors, $countries, $partners, $levels) i
ORDER BY i.year DESC, i.month_to DESC, i.record_id
LIMIT $span_rows::BIGINT OFFSET $span_skip::BIGINT
