-- Dimensions: countries, provinces, partners, sectors, years.
CREATE TABLE dim_country (
    country_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_th VARCHAR
);
COMMENT ON TABLE dim_country IS 'Countries by ISO 3166-1 alpha-2 code; ZZ stands for several countries (aggregates).';
COMMENT ON COLUMN dim_country.country_code IS 'ISO 3166-1 alpha-2 code, e.g. JP';
COMMENT ON COLUMN dim_country.name_en IS 'Country name in English';
COMMENT ON COLUMN dim_country.name_th IS 'Country name in Thai';

CREATE TABLE dim_province (
    province_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL,
    region VARCHAR,
    is_eec BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_province IS 'Thai provinces (ISO 3166-2:TH), with the Eastern Economic Corridor flag.';
COMMENT ON COLUMN dim_province.province_code IS 'ISO 3166-2:TH code, e.g. TH-21 (Rayong)';
COMMENT ON COLUMN dim_province.name_en IS 'Province name in English';
COMMENT ON COLUMN dim_province.name_th IS 'Province name in Thai';
COMMENT ON COLUMN dim_province.region IS 'Region: central, north, northeast, east, west or south';
COMMENT ON COLUMN dim_province.is_eec IS 'True for the Eastern Economic Corridor provinces (Chachoengsao, Chon Buri, Rayong)';

CREATE TABLE dim_partner (
    partner_id VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_th VARCHAR,
    name_local VARCHAR,
    country_code VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    subdivision VARCHAR,
    parent_id VARCHAR,
    aliases VARCHAR[],
    source_url VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP,
    source_text VARCHAR
);
COMMENT ON TABLE dim_partner IS 'Partner organisations and countries: governments, prefectures, cities, agencies, federations, companies; one row per partner.';
COMMENT ON COLUMN dim_partner.partner_id IS 'Stable id, e.g. jp-yokohama; a country''s own row is its lower-case ISO code, e.g. jp';
COMMENT ON COLUMN dim_partner.name_en IS 'Name in English';
COMMENT ON COLUMN dim_partner.name_th IS 'Name in Thai';
COMMENT ON COLUMN dim_partner.name_local IS 'Name in the partner''s own language, e.g. 横浜市';
COMMENT ON COLUMN dim_partner.country_code IS 'ISO 3166-1 alpha-2 country code (ZZ for aggregates); see dim_country';
COMMENT ON COLUMN dim_partner.level IS 'national_government, local_government, agency, business_association, company, university, aggregate or other';
COMMENT ON COLUMN dim_partner.subdivision IS 'ISO 3166-2 code of the region, e.g. JP-14 (Kanagawa)';
COMMENT ON COLUMN dim_partner.parent_id IS 'The partner this one belongs to (a city''s prefecture, a prefecture''s country)';
COMMENT ON COLUMN dim_partner.aliases IS 'Other spellings and abbreviations that resolve to this partner';
COMMENT ON COLUMN dim_partner.source_url IS 'Where the partner''s details are stated, if given';
COMMENT ON COLUMN dim_partner.is_synthetic IS 'True for generated (made-up) partners of demo and scale data';
COMMENT ON COLUMN dim_partner.entered_by IS 'Who entered the partner on the data steward''s screen (/data/add), by user name; NULL for partners from the hand-curated files';
COMMENT ON COLUMN dim_partner.entered_at IS 'When the partner was entered on the data steward''s screen (UTC); NULL when it was not entered there';
COMMENT ON COLUMN dim_partner.source_text IS 'The words of the source the partner came from, as the steward''s screen took them from the text (one line, at most 2,000 characters); NULL when it was not entered there';

CREATE TABLE dim_sector (
    sector_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL,
    sector_group VARCHAR NOT NULL,
    parent_code VARCHAR,
    aliases VARCHAR[],
    is_synthetic BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_sector IS 'Industry sectors: Thailand''s first and new S-curve target industries and others.';
COMMENT ON COLUMN dim_sector.sector_code IS 'Sector code, e.g. AUTO, EE, MED';
COMMENT ON COLUMN dim_sector.name_en IS 'Sector name in English';
COMMENT ON COLUMN dim_sector.name_th IS 'Sector name in Thai';
COMMENT ON COLUMN dim_sector.sector_group IS 'first_s_curve, new_s_curve or other';
COMMENT ON COLUMN dim_sector.parent_code IS 'The broader sector this one belongs to, e.g. EV under AUTO';
COMMENT ON COLUMN dim_sector.aliases IS 'Other names that resolve to this sector';
COMMENT ON COLUMN dim_sector.is_synthetic IS 'True for sectors of generated demo data';

CREATE TABLE fx_rate (
    year INTEGER NOT NULL,
    currency VARCHAR NOT NULL,
    thb_per_unit DOUBLE NOT NULL,
    source_url VARCHAR,
    is_synthetic BOOLEAN NOT NULL,
    PRIMARY KEY (year, currency)
);
COMMENT ON TABLE fx_rate IS 'Exchange rates used to convert investment values to baht: one rate per currency and calendar year.';
COMMENT ON COLUMN fx_rate.year IS 'Calendar year (CE)';
COMMENT ON COLUMN fx_rate.currency IS 'ISO 4217 currency code, e.g. JPY';
COMMENT ON COLUMN fx_rate.thb_per_unit IS 'Thai baht per one unit of the currency';
COMMENT ON COLUMN fx_rate.source_url IS 'Where the rate is published';
COMMENT ON COLUMN fx_rate.is_synthetic IS 'True for made-up rates of generated demo data';

CREATE TABLE dim_source (
    source_url VARCHAR PRIMARY KEY,
    publisher VARCHAR NOT NULL,
    title VARCHAR,
    published_date DATE,
    published_year INTEGER,
    published_month INTEGER,
    published_precision VARCHAR,
    language VARCHAR,
    kind VARCHAR NOT NULL,
    notes VARCHAR
);
COMMENT ON TABLE dim_source IS 'The source register: one row per page or document the records cite (empty when no register is given). Every record''s source_url is one of these.';
COMMENT ON COLUMN dim_source.source_url IS 'The page''s address, as the records cite it';
COMMENT ON COLUMN dim_source.publisher IS 'Who publishes the page: a newspaper, ministry, embassy, agency or company';
COMMENT ON COLUMN dim_source.title IS 'The page''s own title, in its own language; NULL where not recorded';
COMMENT ON COLUMN dim_source.published_date IS 'Day of publication; NULL when only a month or year is known (see published_precision)';
COMMENT ON COLUMN dim_source.published_year IS 'Year of publication (CE)';
COMMENT ON COLUMN dim_source.published_month IS 'Month of publication (1-12)';
COMMENT ON COLUMN dim_source.published_precision IS 'How precisely the publication is dated: day, month or year';
COMMENT ON COLUMN dim_source.language IS 'ISO 639-1 code of the page''s language: en, th, ja, zh, ko';
COMMENT ON COLUMN dim_source.kind IS 'news, government, boi, embassy, company, statistics, association, academic, forum or other';
COMMENT ON COLUMN dim_source.notes IS 'What the page is, where it copies another, what it was used for';

CREATE TABLE dim_thai_party (
    name_en VARCHAR PRIMARY KEY,
    name_th VARCHAR NOT NULL,
    abbreviation VARCHAR,
    aliases VARCHAR[],
    source_url VARCHAR NOT NULL
);
COMMENT ON TABLE dim_thai_party IS 'Thai-side bodies (thai_party of agreements and stated totals) with their cited Thai names.';
COMMENT ON COLUMN dim_thai_party.name_en IS 'The body''s name as agreements spell thai_party';
COMMENT ON COLUMN dim_thai_party.name_th IS 'The body''s name in Thai, as the cited source gives it';
COMMENT ON COLUMN dim_thai_party.abbreviation IS 'Abbreviation, e.g. DIPROM, BOI';
COMMENT ON COLUMN dim_thai_party.aliases IS 'Other English spellings that stand for the body';
COMMENT ON COLUMN dim_thai_party.source_url IS 'Where the Thai name is stated';
