-- Facts: agreements, delegations, investment statistics; bridges to sectors.
-- Keys and references are checked by etl/checks/*_keys.sql after the load, not by
-- constraints: index upkeep on millions of inserted rows costs more than one check.
CREATE TABLE fact_agreement (
    agreement_id VARCHAR NOT NULL,
    signed_date DATE,
    signed_year INTEGER NOT NULL,
    signed_month INTEGER,
    signed_precision VARCHAR NOT NULL,
    signed_fiscal_year INTEGER,
    agreement_type VARCHAR NOT NULL,
    thai_party VARCHAR NOT NULL,
    partner_id VARCHAR NOT NULL,
    title_en VARCHAR,
    title_th VARCHAR,
    status VARCHAR,
    expiry_date DATE,
    expiry_year INTEGER,
    expiry_month INTEGER,
    expiry_precision VARCHAR,
    source_url VARCHAR,
    notes VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP,
    source_text VARCHAR
);
COMMENT ON TABLE fact_agreement IS 'One row per agreement signed between a Thai party and a partner (MOU, LOI, MOC, ...). Sectors in bridge_agreement_sector.';
COMMENT ON COLUMN fact_agreement.agreement_id IS 'Agreement id from the input, e.g. AGR-0001';
COMMENT ON COLUMN fact_agreement.signed_date IS 'Day of signing; NULL when the source gives only a month or a year (see signed_precision)';
COMMENT ON COLUMN fact_agreement.signed_year IS 'Calendar year of signing (CE); add 543 for the Buddhist era';
COMMENT ON COLUMN fact_agreement.signed_month IS 'Month of signing (1-12); NULL when only the year is known';
COMMENT ON COLUMN fact_agreement.signed_precision IS 'How precisely the source dates the signing: day, month or year';
COMMENT ON COLUMN fact_agreement.signed_fiscal_year IS 'Thai government fiscal year (1 Oct-30 Sep, named by the CE year it ends in); NULL when only the year is known';
COMMENT ON COLUMN fact_agreement.agreement_type IS 'MOU, LOI, MOC, AGREEMENT or OTHER';
COMMENT ON COLUMN fact_agreement.thai_party IS 'The Thai signatory, e.g. Department of Industrial Promotion (DIPROM), Ministry of Industry';
COMMENT ON COLUMN fact_agreement.partner_id IS 'The partner that signed; see dim_partner';
COMMENT ON COLUMN fact_agreement.title_en IS 'Title or subject in English';
COMMENT ON COLUMN fact_agreement.title_th IS 'Title or subject in Thai';
COMMENT ON COLUMN fact_agreement.status IS 'active, expired, terminated or planned; NULL when the source does not say';
COMMENT ON COLUMN fact_agreement.expiry_date IS 'Day the agreement expires, when the source gives a day';
COMMENT ON COLUMN fact_agreement.expiry_year IS 'Year the agreement expires (CE)';
COMMENT ON COLUMN fact_agreement.expiry_month IS 'Month the agreement expires';
COMMENT ON COLUMN fact_agreement.expiry_precision IS 'day, month or year; NULL when no expiry is known';
COMMENT ON COLUMN fact_agreement.source_url IS 'Web page that states the agreement';
COMMENT ON COLUMN fact_agreement.notes IS 'Notes on the record, e.g. how a year was inferred';
COMMENT ON COLUMN fact_agreement.is_synthetic IS 'True for generated (made-up) records';
COMMENT ON COLUMN fact_agreement.source_file IS 'Input file the row was loaded from';
COMMENT ON COLUMN fact_agreement.source_row IS 'Row number in that file (header = row 1)';
COMMENT ON COLUMN fact_agreement.entered_by IS 'Who entered the agreement on the data steward''s screen (/data/add), by user name; NULL for agreements from the hand-curated files';
COMMENT ON COLUMN fact_agreement.entered_at IS 'When the agreement was entered on the data steward''s screen (UTC); NULL when it was not entered there';
COMMENT ON COLUMN fact_agreement.source_text IS 'The words of the source the agreement came from, as the steward''s screen took them from the text (one line, at most 2,000 characters); NULL when it was not entered there';

CREATE TABLE bridge_agreement_sector (
    agreement_id VARCHAR NOT NULL,
    sector_code VARCHAR NOT NULL
);
COMMENT ON TABLE bridge_agreement_sector IS 'Which sectors an agreement covers (an agreement may cover several, or none).';
COMMENT ON COLUMN bridge_agreement_sector.agreement_id IS 'See fact_agreement';
COMMENT ON COLUMN bridge_agreement_sector.sector_code IS 'See dim_sector';

CREATE TABLE fact_delegation (
    delegation_id VARCHAR NOT NULL,
    start_date DATE,
    start_year INTEGER NOT NULL,
    start_month INTEGER,
    start_precision VARCHAR NOT NULL,
    start_fiscal_year INTEGER,
    end_date DATE,
    end_year INTEGER,
    end_month INTEGER,
    end_precision VARCHAR,
    direction VARCHAR NOT NULL,
    partner_id VARCHAR NOT NULL,
    city VARCHAR,
    lead_name VARCHAR,
    lead_title VARCHAR,
    participants INTEGER,
    participants_qualifier VARCHAR NOT NULL,
    companies INTEGER,
    companies_qualifier VARCHAR NOT NULL,
    purpose VARCHAR,
    event VARCHAR,
    status VARCHAR,
    source_url VARCHAR,
    notes VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP,
    source_text VARCHAR
);
COMMENT ON TABLE fact_delegation IS 'One row per delegation, mission, visit or event, in either direction. Sectors in bridge_delegation_sector.';
COMMENT ON COLUMN fact_delegation.delegation_id IS 'Delegation id from the input, e.g. DEL-0001';
COMMENT ON COLUMN fact_delegation.start_date IS 'First day; NULL when the source gives only a month or a year (see start_precision)';
COMMENT ON COLUMN fact_delegation.start_year IS 'Calendar year it started (CE)';
COMMENT ON COLUMN fact_delegation.start_month IS 'Month it started; NULL when only the year is known';
COMMENT ON COLUMN fact_delegation.start_precision IS 'day, month or year';
COMMENT ON COLUMN fact_delegation.start_fiscal_year IS 'Thai government fiscal year of the start (1 Oct-30 Sep, named by the CE year it ends in)';
COMMENT ON COLUMN fact_delegation.end_date IS 'Last day, when known to the day';
COMMENT ON COLUMN fact_delegation.end_year IS 'Year it ended (CE)';
COMMENT ON COLUMN fact_delegation.end_month IS 'Month it ended';
COMMENT ON COLUMN fact_delegation.end_precision IS 'day, month or year; NULL when no end is given';
COMMENT ON COLUMN fact_delegation.direction IS 'outbound = the Thai side travels; inbound = the partner side comes to Thailand';
COMMENT ON COLUMN fact_delegation.partner_id IS 'The partner visited or visiting; see dim_partner';
COMMENT ON COLUMN fact_delegation.city IS 'Where it took place';
COMMENT ON COLUMN fact_delegation.lead_name IS 'Who led it';
COMMENT ON COLUMN fact_delegation.lead_title IS 'The leader''s title';
COMMENT ON COLUMN fact_delegation.participants IS 'Number of participants, when stated (see participants_qualifier)';
COMMENT ON COLUMN fact_delegation.participants_qualifier IS 'How the source gives participants: exact, approx ("about 40") or at_least ("more than 30")';
COMMENT ON COLUMN fact_delegation.companies IS 'Number of companies taking part, when stated (see companies_qualifier)';
COMMENT ON COLUMN fact_delegation.companies_qualifier IS 'How the source gives companies: exact, approx or at_least';
COMMENT ON COLUMN fact_delegation.status IS 'held (the source reports it took place), planned (announced before it), cancelled; NULL = not recorded';
COMMENT ON COLUMN fact_delegation.purpose IS 'business_matching, site_visit, trade_fair, policy_dialogue, training, investment_promotion, signing or other';
COMMENT ON COLUMN fact_delegation.event IS 'Name of the event, e.g. Thailand Industry Expo 2017';
COMMENT ON COLUMN fact_delegation.source_url IS 'Web page that states it';
COMMENT ON COLUMN fact_delegation.notes IS 'Notes on the record';
COMMENT ON COLUMN fact_delegation.is_synthetic IS 'True for generated (made-up) records';
COMMENT ON COLUMN fact_delegation.source_file IS 'Input file the row was loaded from';
COMMENT ON COLUMN fact_delegation.source_row IS 'Row number in that file (header = row 1)';
COMMENT ON COLUMN fact_delegation.entered_by IS 'Who entered the delegation on the data steward''s screen (/data/add), by user name; NULL for delegations from the hand-curated files';
COMMENT ON COLUMN fact_delegation.entered_at IS 'When the delegation was entered on the data steward''s screen (UTC); NULL when it was not entered there';
COMMENT ON COLUMN fact_delegation.source_text IS 'The words of the source the delegation came from, as the steward''s screen took them from the text (one line, at most 2,000 characters); NULL when it was not entered there';

CREATE TABLE bridge_delegation_sector (
    delegation_id VARCHAR NOT NULL,
    sector_code VARCHAR NOT NULL
);
COMMENT ON TABLE bridge_delegation_sector IS 'Which sectors a delegation is about.';
COMMENT ON COLUMN bridge_delegation_sector.delegation_id IS 'See fact_delegation';
COMMENT ON COLUMN bridge_delegation_sector.sector_code IS 'See dim_sector';

CREATE TABLE fact_investment (
    record_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    partner_id VARCHAR NOT NULL,
    sector_code VARCHAR,
    period VARCHAR,
    month_from INTEGER NOT NULL,
    month_to INTEGER NOT NULL,
    is_full_year BOOLEAN NOT NULL,
    stage VARCHAR NOT NULL,
    projects BIGINT,
    count_unit VARCHAR NOT NULL,
    projects_qualifier VARCHAR NOT NULL,
    value DOUBLE,
    value_qualifier VARCHAR NOT NULL,
    currency VARCHAR,
    unit VARCHAR NOT NULL,
    value_thb_million DOUBLE,
    province_code VARCHAR,
    jobs BIGINT,
    coverage VARCHAR NOT NULL,
    source_url VARCHAR,
    notes VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP,
    source_text VARCHAR
);
COMMENT ON TABLE fact_investment IS 'One row per stated investment figure: a year (or part of one), partner, sector, province and measure (stage). Figures are added only as investment_figures() allows: one stage and count unit, one year and the same months, no partner or sector that contains another, aggregates never (see the README, How figures are counted).';
COMMENT ON COLUMN fact_investment.record_id IS 'Record id from the input, e.g. INV-0001';
COMMENT ON COLUMN fact_investment.year IS 'Calendar year (CE) the statistic is for';
COMMENT ON COLUMN fact_investment.partner_id IS 'Investor country or organisation; all-foreign for totals of all foreign investors; see dim_partner';
COMMENT ON COLUMN fact_investment.sector_code IS 'Sector; NULL = all sectors together';
COMMENT ON COLUMN fact_investment.period IS 'Part of the year: Q1-Q4, H1, H2 or a month range like 01-09; NULL = the whole year';
COMMENT ON COLUMN fact_investment.month_from IS 'First month the figure covers (1-12)';
COMMENT ON COLUMN fact_investment.month_to IS 'Last month the figure covers (1-12)';
COMMENT ON COLUMN fact_investment.is_full_year IS 'True when the figure covers the whole calendar year';
COMMENT ON COLUMN fact_investment.stage IS 'What the figure measures: application, approval, certificate (BOI), fdi_flow (actual FDI flows), fba_permit (Foreign Business Act permits), business_registration, or other (the notes say what); see dim_stage';
COMMENT ON COLUMN fact_investment.projects IS 'The count the source gives (what it counts: count_unit); 1 for a single project';
COMMENT ON COLUMN fact_investment.count_unit IS 'What projects counts: projects, permits, investors, companies or registrations';
COMMENT ON COLUMN fact_investment.projects_qualifier IS 'How the source gives the count: exact, approx or at_least';
COMMENT ON COLUMN fact_investment.value IS 'Value in the original currency and unit, as stated by the source';
COMMENT ON COLUMN fact_investment.value_qualifier IS 'How the source gives the value: exact, approx ("about") or at_least ("over")';
COMMENT ON COLUMN fact_investment.coverage IS 'complete, or named_only when the figure counts only the projects or companies the source names (a part of its scope, not the whole)';
COMMENT ON COLUMN fact_investment.currency IS 'ISO 4217 currency of value, e.g. THB';
COMMENT ON COLUMN fact_investment.unit IS 'Unit of value: 1, thousand, million or billion';
COMMENT ON COLUMN fact_investment.value_thb_million IS 'Value in millions of Thai baht (converted with fx_rate for the year)';
COMMENT ON COLUMN fact_investment.province_code IS 'Thai province of the investment, when stated; see dim_province';
COMMENT ON COLUMN fact_investment.jobs IS 'Jobs created, when stated';
COMMENT ON COLUMN fact_investment.source_url IS 'Web page or report that states the figure';
COMMENT ON COLUMN fact_investment.notes IS 'Notes, e.g. what an "other" stage measures';
COMMENT ON COLUMN fact_investment.is_synthetic IS 'True for generated (made-up) records';
COMMENT ON COLUMN fact_investment.source_file IS 'Input file the row was loaded from';
COMMENT ON COLUMN fact_investment.source_row IS 'Row number in that file (header = row 1)';
COMMENT ON COLUMN fact_investment.entered_by IS 'Who entered the figure on the data steward''s screen (/data/add), by user name; NULL for figures from the hand-curated files';
COMMENT ON COLUMN fact_investment.entered_at IS 'When the figure was entered on the data steward''s screen (UTC); NULL when it was not entered there';
COMMENT ON COLUMN fact_investment.source_text IS 'The words of the source the figure came from, as the steward''s screen took them from the text (one line, at most 2,000 characters); NULL when it was not entered there';

CREATE TABLE source_note (
    note_id VARCHAR NOT NULL,
    as_of_date DATE,
    as_of_year INTEGER,
    as_of_month INTEGER,
    as_of_precision VARCHAR,
    partner_id VARCHAR,
    text_en VARCHAR NOT NULL,
    text_th VARCHAR,
    source_url VARCHAR,
    source_file VARCHAR NOT NULL,
    source_row BIGINT NOT NULL
);
COMMENT ON TABLE source_note IS 'Facts a source states only as a count or summary (e.g. agreements with 20 prefectures by 2019), kept as text, never as invented rows.';
COMMENT ON COLUMN source_note.note_id IS 'Note id from the input';
COMMENT ON COLUMN source_note.as_of_date IS 'Day the fact refers to, when given';
COMMENT ON COLUMN source_note.as_of_year IS 'Year the fact refers to (CE)';
COMMENT ON COLUMN source_note.as_of_month IS 'Month the fact refers to';
COMMENT ON COLUMN source_note.as_of_precision IS 'day, month or year';
COMMENT ON COLUMN source_note.partner_id IS 'The partner it concerns, if one';
COMMENT ON COLUMN source_note.text_en IS 'The fact in English';
COMMENT ON COLUMN source_note.text_th IS 'The fact in Thai';
COMMENT ON COLUMN source_note.source_url IS 'Web page that states it';
COMMENT ON COLUMN source_note.source_file IS 'Input file the row was loaded from';
COMMENT ON COLUMN source_note.source_row IS 'Row number in that file (header = row 1)';

CREATE TABLE stated_total (
    total_id VARCHAR NOT NULL,
    as_of_date DATE,
    as_of_year INTEGER NOT NULL,
    as_of_month INTEGER,
    as_of_precision VARCHAR NOT NULL,
    stated_by VARCHAR NOT NULL,
    partner_id VARCHAR NOT NULL,
    partner_levels VARCHAR[] NOT NULL,
    thai_parties VARCHAR[] NOT NULL,
    counts VARCHAR NOT NULL,
    value BIGINT NOT NULL,
    qualifier VARCHAR NOT NULL,
    from_date DATE,
    from_year INTEGER,
    from_month INTEGER,
    from_precision VARCHAR,
    text_en VARCHAR,
    text_th VARCHAR,
    source_url VARCHAR,
    notes VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP,
    source_text VARCHAR
);
COMMENT ON TABLE stated_total IS 'Counts a source states only in aggregate (e.g. DIPROM: 22 documents with 21 Japanese local governments, July 2022): one row per number. stated_total_coverage sets each beside the records the warehouse holds.';
COMMENT ON COLUMN stated_total.total_id IS 'Id from the input, e.g. ST-001';
COMMENT ON COLUMN stated_total.as_of_date IS 'Day the count refers to, when the source gives a day';
COMMENT ON COLUMN stated_total.as_of_year IS 'Year the count refers to (CE)';
COMMENT ON COLUMN stated_total.as_of_month IS 'Month the count refers to, when given';
COMMENT ON COLUMN stated_total.as_of_precision IS 'day, month or year';
COMMENT ON COLUMN stated_total.stated_by IS 'Who states the count (a ministry, a department, a news report)';
COMMENT ON COLUMN stated_total.partner_id IS 'Whose counterparts are counted: this partner and every partner under it (a country: every partner of the country); see dim_partner';
COMMENT ON COLUMN stated_total.partner_levels IS 'Partner levels counted (e.g. [local_government]); empty = every level';
COMMENT ON COLUMN stated_total.thai_parties IS 'Thai parties whose agreements are counted, spelled as in fact_agreement.thai_party; empty = any';
COMMENT ON COLUMN stated_total.counts IS 'What is counted: agreements, partners, delegations, companies or projects';
COMMENT ON COLUMN stated_total.value IS 'The number stated';
COMMENT ON COLUMN stated_total.qualifier IS 'exact, approx or at_least (more than)';
COMMENT ON COLUMN stated_total.from_date IS 'First day the count covers, when stated to the day';
COMMENT ON COLUMN stated_total.from_year IS 'First year the count covers; NULL = from the beginning';
COMMENT ON COLUMN stated_total.from_month IS 'First month the count covers';
COMMENT ON COLUMN stated_total.from_precision IS 'day, month or year; NULL when the count has no start';
COMMENT ON COLUMN stated_total.text_en IS 'The statement in English (our wording)';
COMMENT ON COLUMN stated_total.text_th IS 'The statement in Thai (our wording)';
COMMENT ON COLUMN stated_total.source_url IS 'Web page that states it';
COMMENT ON COLUMN stated_total.notes IS 'Notes, e.g. how the scope was read';
COMMENT ON COLUMN stated_total.is_synthetic IS 'True for generated (made-up) rows';
COMMENT ON COLUMN stated_total.source_file IS 'Input file the row was loaded from';
COMMENT ON COLUMN stated_total.source_row IS 'Row number in that file (header = row 1)';
COMMENT ON COLUMN stated_total.entered_by IS 'Who entered the count on the data steward''s screen (/data/add), by user name; NULL for counts from the hand-curated files';
COMMENT ON COLUMN stated_total.entered_at IS 'When the count was entered on the data steward''s screen (UTC); NULL when it was not entered there';
COMMENT ON COLUMN stated_total.source_text IS 'The words of the source the count came from, as the steward''s screen took them from the text (one line, at most 2,000 characters); NULL when it was not entered there';
