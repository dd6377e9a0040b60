-- A partner's first and latest agreement in the view (its profile), each date at its precision: ordered by
-- year, then month and day where known (a date known only to its year comes first in that year).
WITH ranked AS (
    SELECT a.agreement_id, a.signed_year, a.signed_month, a.signed_date, a.signed_precision, a.agreement_type,
           a.title_en, a.title_th, a.thai_party, n.thai_party_th, p.name_en AS partner_en, p.name_th AS partner_th,
           row_number() OVER (ORDER BY a.signed_year, a.signed_month NULLS FIRST, a.signed_date NULLS FIRST,
                                       a.agreement_id) AS from_first,
           row_number() OVER (ORDER BY a.signed_year DESC, a.signed_month DESC NULLS LAST,
                                       a.signed_date DESC NULLS LAST, a.agreement_id DESC) AS from_last
    FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal) a JOIN dim_partner p USING (partner_id)
    LEFT JOIN agreements n USING (agreement_id)  -- the view's Thai name of the Thai party
)
SELECT from_first = 1 AS is_first, from_last = 1 AS is_latest, * EXCLUDE (from_first, from_last)
FROM ranked WHERE from_first = 1 OR from_last = 1
ORDER BY from_first
