-- Overview headline figures for the current filters: one pass over each fact. Agreements in force are
-- counted only where a status is recorded; delegations held, planned, cancelled and not recorded apart;
-- participants and companies of held delegations with how many state a number and how exactly.
WITH agr AS (
    SELECT count(*) AS agreements_signed,
           count(DISTINCT partner_id) AS partners_with_agreements,
           count(*) FILTER (WHERE status IS NOT NULL) AS agreements_status_recorded,
           count(*) FILTER (WHERE status = 'active') AS agreements_active,
           count(DISTINCT source_url) AS agreements_sources
    FROM agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
), del AS (
    SELECT count(*) FILTER (WHERE direction = 'outbound' AND status = 'held') AS outbound_held,
           count(*) FILTER (WHERE direction = 'outbound' AND status = 'planned') AS outbound_planned,
           count(*) FILTER (WHERE direction = 'outbound' AND status = 'cancelled') AS outbound_cancelled,
           count(*) FILTER (WHERE direction = 'outbound' AND status IS NULL) AS outbound_not_recorded,
           count(*) FILTER (WHERE direction = 'inbound' AND status = 'held') AS inbound_held,
           count(*) FILTER (WHERE direction = 'inbound' AND status = 'planned') AS inbound_planned,
           count(*) FILTER (WHERE direction = 'inbound' AND status = 'cancelled') AS inbound_cancelled,
           count(*) FILTER (WHERE direction = 'inbound' AND status IS NULL) AS inbound_not_recorded,
           count(*) FILTER (WHERE status = 'held') AS held,
           sum(participants) FILTER (WHERE status = 'held')::BIGINT AS participants,
           count(participants) FILTER (WHERE status = 'held') AS participants_stated,
           sum_qualifier(bool_or(participants_qualifier = 'at_least') FILTER (WHERE status = 'held' AND participants IS NOT NULL),
                         bool_or(participants_qualifier = 'approx') FILTER (WHERE status = 'held' AND participants IS NOT NULL))
               AS participants_qualifier,
           sum(companies) FILTER (WHERE status = 'held')::BIGINT AS companies,
           count(companies) FILTER (WHERE status = 'held') AS companies_stated,
           sum_qualifier(bool_or(companies_qualifier = 'at_least') FILTER (WHERE status = 'held' AND companies IS NOT NULL),
                         bool_or(companies_qualifier = 'approx') FILTER (WHERE status = 'held' AND companies IS NOT NULL))
               AS companies_qualifier
    FROM delegation_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)
)
SELECT agr.*, del.* FROM agr CROSS JOIN del
