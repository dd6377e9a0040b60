-- Friendly views: facts joined to their dimensions, English and Thai names side by side.

-- A Thai party's spellings (English and Thai name, abbreviation, aliases), matched case- and space-blind, each standing for one
-- party, with its Thai name: agreements and stated totals show thai_party_th beside thai_party.
CREATE VIEW thai_party_name AS
WITH spelled AS (
    SELECT name_th, unnest(list_concat([name_en, name_th, abbreviation], coalesce(aliases, []))) AS spelling
    FROM dim_thai_party
), keyed AS (
    SELECT DISTINCT lower(regexp_replace(trim(spelling), '\s+', ' ', 'g')) AS party_key, name_th
    FROM spelled WHERE spelling IS NOT NULL
)
SELECT party_key, any_value(name_th) AS name_th FROM keyed GROUP BY party_key HAVING count(*) = 1;
COMMENT ON VIEW thai_party_name IS 'Each spelling of a Thai party (lower case, spaces single) with the party''s Thai name.';
COMMENT ON COLUMN thai_party_name.party_key IS 'A name, abbreviation or alias of the party, lower case, spaces trimmed and single';
COMMENT ON COLUMN thai_party_name.name_th IS 'The party''s name in Thai (dim_thai_party)';
CREATE VIEW agreements AS
SELECT
    a.agreement_id,
    a.signed_date,
    CASE a.signed_precision
        WHEN 'day' THEN strftime(a.signed_date, '%Y-%m-%d')
        WHEN 'month' THEN printf('%04d-%02d', a.signed_year, a.signed_month)
        ELSE a.signed_year::VARCHAR
    END AS signed_on,
    a.signed_precision,
    a.signed_year AS year_ce,
    a.signed_year + 543 AS year_be,
    a.signed_fiscal_year AS fiscal_year_ce,
    a.agreement_type,
    a.thai_party,
    (SELECT t.name_th FROM thai_party_name t
      WHERE t.party_key = lower(regexp_replace(trim(a.thai_party), '\s+', ' ', 'g'))) AS thai_party_th,
    a.partner_id,
    p.name_en AS partner_en,
    p.name_th AS partner_th,
    p.name_local AS partner_local,
    p.level AS partner_level,
    p.country_code,
    c.name_en AS country_en,
    c.name_th AS country_th,
    p.subdivision,
    (SELECT list(b.sector_code ORDER BY b.sector_code) FROM bridge_agreement_sector b WHERE b.agreement_id = a.agreement_id) AS sectors,
    a.title_en,
    a.title_th,
    a.status,
    a.expiry_date,
    a.source_url,
    a.notes,
    a.is_synthetic,
    a.entered_by,
    a.entered_at,
    a.source_text
FROM fact_agreement a
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code;
COMMENT ON VIEW agreements IS 'Agreements with partner names (English, Thai, local), country, level and sector codes; one row per agreement.';

CREATE VIEW delegations AS
SELECT
    d.delegation_id,
    d.start_date,
    d.end_date,
    CASE d.start_precision
        WHEN 'day' THEN strftime(d.start_date, '%Y-%m-%d')
        WHEN 'month' THEN printf('%04d-%02d', d.start_year, d.start_month)
        ELSE d.start_year::VARCHAR
    END AS started_on,
    d.start_precision,
    d.start_year AS year_ce,
    d.start_year + 543 AS year_be,
    d.start_fiscal_year AS fiscal_year_ce,
    d.direction,
    d.purpose,
    d.partner_id,
    p.name_en AS partner_en,
    p.name_th AS partner_th,
    p.name_local AS partner_local,
    p.level AS partner_level,
    p.country_code,
    c.name_en AS country_en,
    c.name_th AS country_th,
    d.city,
    d.lead_name,
    d.lead_title,
    d.status,
    d.participants,
    d.participants_qualifier,
    d.companies,
    d.companies_qualifier,
    (SELECT list(b.sector_code ORDER BY b.sector_code) FROM bridge_delegation_sector b WHERE b.delegation_id = d.delegation_id) AS sectors,
    d.event,
    d.source_url,
    d.notes,
    d.is_synthetic,
    d.entered_by,
    d.entered_at,
    d.source_text
FROM fact_delegation d
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code;
COMMENT ON VIEW delegations IS 'Delegations, missions and events with partner names and sector codes; one row per delegation.';

CREATE VIEW investments AS
SELECT
    i.record_id,
    i.year AS year_ce,
    i.year + 543 AS year_be,
    i.period,
    i.is_full_year,
    i.stage,
    i.partner_id,
    p.name_en AS partner_en,
    p.name_th AS partner_th,
    p.level AS partner_level,
    p.country_code,
    c.name_en AS country_en,
    c.name_th AS country_th,
    i.sector_code,
    s.name_en AS sector_en,
    s.name_th AS sector_th,
    s.sector_group,
    i.projects,
    i.count_unit,
    i.projects_qualifier,
    i.value,
    i.value_qualifier,
    i.currency,
    i.unit,
    i.value_thb_million,
    i.coverage,
    i.province_code,
    pr.name_en AS province_en,
    pr.name_th AS province_th,
    coalesce(pr.is_eec, false) AS in_eec,
    i.jobs,
    i.source_url,
    i.notes,
    i.is_synthetic,
    i.entered_by,
    i.entered_at,
    i.source_text
FROM fact_investment i
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code
LEFT JOIN dim_sector s USING (sector_code)
LEFT JOIN dim_province pr USING (province_code);
COMMENT ON VIEW investments IS 'Stated investment figures with partner, sector and province names. Add them up only as investment_marks() does: one stage, one year and the same months, no aggregate partner, no partner or sector that contains another.';
