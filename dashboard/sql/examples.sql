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

-- name: japan_investment_in_eec
-- en: Of Japan's investment stated by province, how much went to the Eastern Economic Corridor each year (one measure at a time)?
-- th: มูลค่าการลงทุนจากญี่ปุ่นที่ระบุรายจังหวัด อยู่ในเขตพัฒนาพิเศษภาคตะวันออก (EEC) เท่าใดในแต่ละปี (แยกตามตัวชี้วัด)
SELECT year + 543 AS year_be, stage,
       sum(value_thb_million) FILTER (mark_key = 'eec') AS eec_thb_million,
       sum(value_thb_million) AS stated_by_province_thb_million,
       sum_qualifier(bool_or(value_qualifier = 'at_least'), bool_or(value_qualifier = 'approx')) AS qualifier
FROM investment_marks(per := 'province', partners := ['jp'])
WHERE is_full_year AND value_thb_million IS NOT NULL
GROUP BY ALL
ORDER BY year_be, stage;

-- name: delegations_and_companies_by_year
-- en: How many delegations went each way each year (held and planned apart), with how many companies and participants in those held?
-- th: จำนวนคณะผู้แทนในแต่ละปีแยกตามทิศทาง (แยกที่จัดขึ้นแล้วกับตามแผน) พร้อมจำนวนบริษัทและผู้เข้าร่วมในคณะที่จัดขึ้นแล้ว
SELECT year_be, direction,
       count(*) FILTER (status = 'held') AS held,
       count(*) FILTER (status = 'planned') AS planned,
       count(*) FILTER (status IS NULL) AS status_not_recorded,
       sum(companies) FILTER (status = 'held') AS companies_held,
       sum(participants) FILTER (status = 'held') AS participants_held,
       sum_qualifier(bool_or(participants_qualifier = 'at_least') FILTER (status = 'held' AND participants IS NOT NULL),
                     bool_or(participants_qualifier = 'approx') FILTER (status = 'held' AND participants IS NOT NULL))
           AS participants_qualifier
FROM delegations
GROUP BY ALL
ORDER BY year_be, direction;

-- name: japan_investment_by_year
-- en: How much investment from Japan was applied for and approved each year (whole years, all sectors, as the sources state it)?
-- th: มูลค่าและจำนวนโครงการลงทุนจากญี่ปุ่นที่ขอรับและได้รับการส่งเสริมในแต่ละปี (ทั้งปี ทุกสาขา ตามที่แหล่งข้อมูลระบุ)
SELECT year + 543 AS year_be, stage, projects, projects_qualifier,
       round(value_thb_million, 1) AS value_thb_million, value_qualifier
FROM investment_marks(partners := ['jp'])
WHERE is_full_year AND stage IN ('application', 'approval')
ORDER BY year_be, stage;

-- name: japan_share_of_foreign_investment
-- en: What share of all foreign investment came from Japan each year (same stage, whole years)?
-- th: สัดส่วนการลงทุนจากญี่ปุ่นเทียบกับการลงทุนจากต่างชาติทั้งหมดในแต่ละปี (ขั้นตอนเดียวกัน ทั้งปี)
SELECT j.year + 543 AS year_be, j.stage,
       j.value_thb_million AS japan_thb_million,
       f.value_thb_million AS all_foreign_thb_million,
       round(100 * j.value_thb_million / f.value_thb_million, 1) AS japan_pct
FROM investment_marks(partners := ['jp']) AS j
JOIN investment_marks(partners := ['all-foreign']) AS f
  ON f.year = j.year AND f.stage = j.stage AND f.is_full_year
WHERE j.is_full_year AND j.value_thb_million IS NOT NULL AND f.value_thb_million IS NOT NULL
ORDER BY year_be, j.stage;

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

-- name: stated_totals_beside_records
-- en: What do sources state only in aggregate, and how many such records does the warehouse hold?
-- th: ยอดรวมที่แหล่งข้อมูลระบุเพียงภาพรวม และในระบบบันทึกรายการเหล่านั้นไว้เท่าใด
SELECT as_of_year + 543 AS as_of_year_be, stated_by, partner_id, partner_levels, counts,
       value AS stated, qualifier, recorded, possibly, source_url
FROM stated_total_coverage
ORDER BY as_of_year DESC, total_id;
