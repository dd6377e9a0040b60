-- The delegations behind a chart mark (drill-down), with their sources. $d_* = NULL means any;
-- $d_partner is one partner, $d_under a partner and every partner under it (a profile).
WITH picked AS (
    -- The newest $limit delegations first, by their keys alone; their other columns (the source's text among
    -- them) and their sectors are read for those rows only.
    SELECT d.delegation_id, d.period_year, d.start_year, d.start_month, d.start_date
    FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) d JOIN dim_partner p USING (partner_id)
    WHERE ($d_year IS NULL OR d.period_year = $d_year::INTEGER)
      AND ($d_direction IS NULL OR d.direction = $d_direction)
      AND ($d_status IS NULL OR coalesce(d.status, '') = $d_status)
      AND ($d_purpose IS NULL OR coalesce(d.purpose, 'other') = $d_purpose)
      AND ($d_partner IS NULL OR d.partner_id = $d_partner)
      AND ($d_under IS NULL OR d.partner_id IN (SELECT partner_id FROM partner_tree WHERE ancestor_id = $d_under))
      AND ($d_iso IS NULL OR p.subdivision = $d_iso)
      AND ($d_id IS NULL OR d.delegation_id = $d_id)
    ORDER BY d.start_year DESC, d.start_month DESC NULLS LAST, d.start_date DESC NULLS LAST, d.delegation_id
    LIMIT $limit::INTEGER
), sectors AS (
    SELECT b.delegation_id, string_agg(b.sector_code, ', ' ORDER BY b.sector_code) AS sectors
    FROM bridge_delegation_sector b
    WHERE b.delegation_id IN (SELECT delegation_id FROM picked)
    GROUP BY b.delegation_id
)
SELECT d.delegation_id, d.start_year, d.start_month, d.start_date, d.start_precision, d.end_date, k.period_year,
       d.direction, d.purpose, d.partner_id, p.name_en AS partner_en, p.name_th AS partner_th,
       p.name_local AS partner_local, d.city, d.lead_name, d.lead_title, d.status, d.participants,
       d.participants_qualifier, d.companies, d.companies_qualifier, d.event,
       s.sectors, d.source_url, d.notes, d.is_synthetic, d.entered_by, d.entered_at, d.source_text
FROM picked k JOIN fact_delegation d USING (delegation_id) JOIN dim_partner p USING (partner_id)
LEFT JOIN sectors s USING (delegation_id)
ORDER BY k.start_year DESC, k.start_month DESC NULLS LAST, k.start_date DESC NULLS LAST, k.delegation_id
