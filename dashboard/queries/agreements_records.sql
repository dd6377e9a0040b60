-- The agreements behind a chart mark (drill-down), with their sources. $d_* = NULL means any;
-- $d_partner is one partner, $d_under a partner and every partner under it (a profile).
WITH picked AS (
    -- The newest $limit agreements first, by their keys alone; their other columns (the source's text among
    -- them) and their sectors are read for those rows only.
    SELECT a.agreement_id, a.period_year, a.signed_year, a.signed_month, a.signed_date
    FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) a JOIN dim_partner p USING (partner_id)
    WHERE ($d_year IS NULL OR a.period_year = $d_year::INTEGER)
      AND ($d_type IS NULL OR a.agreement_type = $d_type)
      AND ($d_level IS NULL OR p.level = $d_level)
      AND ($d_partner IS NULL OR a.partner_id = $d_partner)
      AND ($d_under IS NULL OR a.partner_id IN (SELECT partner_id FROM partner_tree WHERE ancestor_id = $d_under))
      AND ($d_iso IS NULL OR p.subdivision = $d_iso)
      AND ($d_sector IS NULL OR a.agreement_id IN (
              SELECT agreement_id FROM bridge_agreement_sector WHERE sector_code = $d_sector)
           OR ($d_sector = '' AND a.agreement_id NOT IN (SELECT agreement_id FROM bridge_agreement_sector)))
    ORDER BY a.signed_year DESC, a.signed_month DESC NULLS LAST, a.signed_date DESC NULLS LAST, a.agreement_id
    LIMIT $limit::INTEGER
), sectors AS (
    SELECT b.agreement_id, string_agg(b.sector_code, ', ' ORDER BY b.sector_code) AS sectors
    FROM bridge_agreement_sector b
    WHERE b.agreement_id IN (SELECT agreement_id FROM picked)
    GROUP BY b.agreement_id
)
SELECT a.agreement_id, a.signed_year, a.signed_month, a.signed_date, a.signed_precision, k.period_year,
       a.agreement_type, a.status, a.thai_party, n.thai_party_th, a.partner_id, p.name_en AS partner_en,
       p.name_th AS partner_th, p.name_local AS partner_local, p.level, p.country_code, s.sectors,
       a.title_en, a.title_th, a.source_url, a.notes, a.is_synthetic, a.entered_by, a.entered_at, a.source_text
FROM picked k JOIN fact_agreement a USING (agreement_id) JOIN dim_partner p USING (partner_id)
LEFT JOIN sectors s USING (agreement_id)
LEFT JOIN agreements n USING (agreement_id)  -- the view's Thai name of the Thai party
ORDER BY k.signed_year DESC, k.signed_month DESC NULLS LAST, k.signed_date DESC NULLS LAST, k.agreement_id
