-- Every investment figure the filters pick, for the data files: the records grid's rows and order
-- (investments_records.sql, newest first) with no limit, sorted once. Names are not joined here: the data
-- file names partners, sectors and provinces batch by batch (dashboard/export/data.py), which keeps the
-- sort to the columns the file needs (at 1M rows, a sort of every name costs more than the query).
SELECT i.record_id, i.year, i.period, i.month_to, i.stage, i.partner_id, i.sector_code, i.projects, i.count_unit,
       i.projects_qualifier, i.value_thb_million, i.value_qualifier, i.coverage, i.province_code, i.source_url
FROM investment_f f
JOIN fact_investment i USING (record_id)
ORDER BY i.year DESC, i.month_to DESC, i.record_id
