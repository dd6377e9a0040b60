-- Counts a source states only in aggregate that bear on the view, beside what is recorded here (the
-- warehouse's stated_total_coverage). A total bears on a view that takes in its whole scope: no partner
-- filter or one that picks its partner, its country, its partner levels, no sector filter, and a year range
-- that holds its as-of year. $d_partner: the totals about one partner (its profile).
SELECT c.*, p.name_en AS partner_en, p.name_th AS partner_th, p.country_code
FROM stated_total_coverage c JOIN dim_partner p USING (partner_id)
WHERE ($partners IS NULL OR list_contains($partners::VARCHAR[], c.partner_id))
  AND ($countries IS NULL OR list_contains($countries::VARCHAR[], p.country_code))
  AND ($levels IS NULL OR (len(c.partner_levels) > 0 AND list_has_all($levels::VARCHAR[], c.partner_levels)))
  AND $sectors IS NULL
  AND c.as_of_year BETWEEN $year_from::INTEGER AND $year_to::INTEGER
  AND ($d_partner IS NULL OR c.partner_id = $d_partner)
ORDER BY c.comparable DESC, c.as_of_year DESC, c.as_of_month DESC NULLS LAST, c.total_id
