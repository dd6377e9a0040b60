-- Every delegation the filters pick, for the data files: the records grid's rows and order
-- (delegations_records.sql, newest first) with no limit, sorted once.
SELECT d.delegation_id, d.start_year, d.start_month, d.start_date, d.start_precision, d.direction, d.purpose,
       p.name_en AS partner_en, p.name_th AS partner_th, d.city, d.lead_name, d.event, d.status, d.participants,
       d.participants_qualifier, d.companies, d.companies_qualifier, d.source_url, d.entered_by, d.entered_at,
       d.source_text
FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) d
JOIN dim_partner p USING (partner_id)
ORDER BY d.start_year DESC, d.start_month DESC NULLS LAST, d.start_date DESC NULLS LAST, d.delegation_id
