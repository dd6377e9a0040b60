-- Every agreement the filters pick, for the data files: the records grid's rows and order
-- (agreements_records.sql, newest first) with no limit, sorted once.
WITH picked AS (
    FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
), sectors AS (
    SELECT b.agreement_id, string_agg(b.sector_code, ', ' ORDER BY b.sector_code) AS sectors
    FROM bridge_agreement_sector b
    WHERE b.agreement_id IN (SELECT agreement_id FROM picked)
    GROUP BY b.agreement_id
)
SELECT a.agreement_id, a.signed_year, a.signed_month, a.signed_date, a.signed_precision, a.agreement_type,
       a.status, a.thai_party, n.thai_party_th, p.name_en AS partner_en, p.name_th AS partner_th, p.level, s.sectors,
       a.title_en, a.title_th, a.source_url, a.entered_by, a.entered_at, a.source_text
FROM picked a
JOIN dim_partner p USING (partner_id)
LEFT JOIN sectors s USING (agreement_id)
LEFT JOIN agreements n USING (agreement_id)  -- the view's Thai name of the Thai party
ORDER BY a.signed_year DESC, a.signed_month DESC NULLS LAST, a.signed_date DESC NULLS LAST, a.agreement_id
