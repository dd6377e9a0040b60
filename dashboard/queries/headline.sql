-- Overview headline figures for the current filters: one pass over each fact.
, agr AS (
    SELECT count(*) AS agreements_signed,
           count(*) FILTER (WHERE status = 'active' OR (status IS NULL AND expiry_year >= year(current_date))) AS agreements_active,
           count(DISTINCT partner_id) AS partners_with_agreements
    FROM agreement_f
), del AS (
    SELECT count(*) FILTER (WHERE direction = 'outbound') AS delegations_outbound,
           count(*) FILTER (WHERE direction = 'inbound') AS delegations_inbound,
           sum(participants)::BIGINT AS participants,
           sum(companies)::BIGINT AS companies
    FROM delegation_f
), per_stage AS (
    -- Stages measure different things: the headline shows the stage with most whole-year rows.
    SELECT stage, sum(records) AS n, sum(value_thb_million) AS investment_value, sum(projects)::BIGINT AS investment_projects
    FROM investment_agg_f
    WHERE is_full_year
    GROUP BY stage
), best AS (
    SELECT stage AS investment_stage, investment_value, investment_projects FROM per_stage ORDER BY n DESC, stage LIMIT 1
)
SELECT agr.*, del.*, best.*
FROM agr CROSS JOIN del LEFT JOIN best ON true
