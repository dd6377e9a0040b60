-- Ten questions analysts ask the warehouse: the SQL page's saved queries and the README's examples.
-- Each starts with `-- name:`, then the question in English (`-- en:`) and Thai (`-- th:`).
-- Runs as it is in the duckdb command line (.read dashboard/sql/examples.sql) or Python.

-- name: agreements_by_prefecture
-- en: How many agreements were signed with partners in each Japanese prefecture since 2560 BE (2017)?
-- th: ความตกลงที่ลงนามกับหน่วยงานในแต่ละจังหวัดของญี่ปุ่น ตั้งแต่ พ.ศ. 2560
SELECT pref.name_en AS prefecture, pref.name_th AS prefecture_th, a.subdivision,
       count(*) AS agreements, min(a.year_be) AS first_year_be, max(a.year_be) AS last_year_be
FROM agreements AS a
JOIN dim_partner AS pref
  ON pref.subdivision = a.subdivision AND pref.level = 'local_government' AND pref.parent_id = 'jp'
WHERE a.country_code = 'JP' AND a.year_be >= 2560
GROUP BY ALL
ORDER BY agreements DESC, prefecture;

-- name: agreements_by_year_and_type
-- en: How many agreements were signed each year, of each type (MOU, LOI, MOC)?
-- th: จำนวนความตกลงที่ลงนามในแต่ละปี แยกตามประเภท (MOU, LOI, MOC)
SELECT year_be, year_ce, count(*) AS agreements,
       count(*) FILTER (agreement_type = 'MOU') AS mou,
       count(*) FILTER (agreement_type = 'LOI') AS loi,
       count(*) FILTER (agreement_type = 'MOC') AS moc,
       count(*) FILTER (agreement_type NOT IN ('MOU', 'LOI', 'MOC')) AS other
FROM agreements
GROUP BY ALL
ORDER BY year_be;

-- name: japan_investment_eec_by_sector
-- en: How much did Japan invest in the Eastern Economic Corridor provinces, by sector (whole years, one stage at a time)?
-- th: มูลค่าการลงทุนจากญี่ปุ่นในจังหวัดเขตพัฒนาพิเศษภาคตะวันออก (EEC) แยกตามสาขา (ทั้งปี แยกตามขั้นตอน)
SELECT stage, coalesce(sector_en, 'All sectors') AS sector, coalesce(sector_th, 'ทุกสาขา') AS sector_th,
       province_en AS province, sum(projects) AS projects, round(sum(value_thb_million), 1) AS value_thb_million
FROM investments
WHERE partner_id = 'jp' AND in_eec AND is_full_year
GROUP BY ALL
ORDER BY stage, value_thb_million DESC NULLS LAST;

-- name: delegations_and_companies_by_year
-- en: How many delegations went each way each year, with how many companies and participants?
-- th: จำนวนคณะผู้แทนในแต่ละปีแยกตามทิศทาง พร้อมจำนวนบริษัทและผู้เข้าร่วม
SELECT year_be, direction, count(*) AS delegations,
       sum(companies) AS companies, sum(participants) AS participants
FROM delegations
GROUP BY ALL
ORDER BY year_be, direction;

-- name: japan_investment_by_year
-- en: How much investment from Japan was applied for and approved each year (whole years, all sectors)?
-- th: มูลค่าและจำนวนโครงการลงทุนจากญี่ปุ่นที่ขอรับและได้รับการส่งเสริมในแต่ละปี (ทั้งปี ทุกสาขา)
SELECT year_be, stage, sum(projects) AS projects, round(sum(value_thb_million), 1) AS value_thb_million
FROM investments
WHERE partner_id = 'jp' AND sector_code IS NULL AND is_full_year
GROUP BY ALL
ORDER BY year_be, stage;

-- name: japan_share_of_foreign_investment
-- en: What share of all foreign investment came from Japan each year (same stage, whole years)?
-- th: สัดส่วนการลงทุนจากญี่ปุ่นเทียบกับการลงทุนจากต่างชาติทั้งหมดในแต่ละปี (ขั้นตอนเดียวกัน ทั้งปี)
SELECT j.year_be, j.stage,
       j.value_thb_million AS japan_thb_million,
       f.value_thb_million AS all_foreign_thb_million,
       round(100 * j.value_thb_million / f.value_thb_million, 1) AS japan_pct
FROM investments AS j
JOIN investments AS f
  ON f.partner_id = 'all-foreign' AND f.year_ce = j.year_ce AND f.stage = j.stage
 AND f.is_full_year AND f.sector_code IS NULL
WHERE j.partner_id = 'jp' AND j.is_full_year AND j.sector_code IS NULL
ORDER BY j.year_be, j.stage;

-- name: most_active_partners
-- en: Which partners have the most agreements and delegations?
-- th: หน่วยงานคู่ความร่วมมือใดมีความตกลงและคณะผู้แทนมากที่สุด
WITH activity AS (
    SELECT partner_id, 'agreement' AS kind FROM agreements
    UNION ALL
    SELECT partner_id, 'delegation' AS kind FROM delegations
)
SELECT p.partner_id, p.name_en, p.name_th, p.country_code, p.level,
       count(*) FILTER (kind = 'agreement') AS agreements,
       count(*) FILTER (kind = 'delegation') AS delegations,
       count(*) AS total
FROM activity
JOIN dim_partner AS p USING (partner_id)
GROUP BY ALL
ORDER BY total DESC, p.name_en
LIMIT 20;

-- name: agreements_by_sector
-- en: Which sectors do agreements cover (an agreement counts once for each sector it names)?
-- th: ความตกลงครอบคลุมสาขาอุตสาหกรรมใดบ้าง (นับความตกลงหนึ่งฉบับในทุกสาขาที่ระบุ)
SELECT s.sector_code, s.name_en, s.name_th, s.sector_group, count(*) AS agreements
FROM bridge_agreement_sector AS b
JOIN dim_sector AS s USING (sector_code)
GROUP BY ALL
ORDER BY agreements DESC, s.sector_code;

-- name: delegations_by_fiscal_year
-- en: How many delegations of each purpose were there in each Thai fiscal year (October to September)?
-- th: จำนวนคณะผู้แทนในแต่ละปีงบประมาณ (ตุลาคมถึงกันยายน) แยกตามวัตถุประสงค์
SELECT fiscal_year_ce + 543 AS fiscal_year_be, purpose, count(*) AS delegations, sum(companies) AS companies
FROM delegations
WHERE fiscal_year_ce IS NOT NULL
GROUP BY ALL
ORDER BY fiscal_year_be, delegations DESC, purpose;

-- name: count_only_facts
-- en: What do sources state only as a count or a summary, newest first?
-- th: ข้อเท็จจริงที่แหล่งข้อมูลระบุไว้เพียงเป็นจำนวนหรือข้อสรุป เรียงจากล่าสุด
SELECT as_of_year + 543 AS as_of_year_be, partner_id, text_en, text_th, source_url
FROM source_note
ORDER BY as_of_year DESC NULLS LAST, note_id;
