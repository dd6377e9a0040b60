-- Overview headline figures for the current filters.
, stage_pick AS (
    -- Investment stages measure different things: the headline shows the stage with most whole-year rows.
    SELECT stage FROM investment_f WHERE is_full_year GROUP BY stage ORDER BY count(*) DESC, stage LIMIT 1
)
SELECT
    (SELECT count(*) FROM agreement_f) AS agreements_signed,
    (SELECT count(*) FROM agreement_f
      WHERE status = 'active' OR (status IS NULL AND expiry_year >= year(current_date))) AS agreements_active,
    (SELECT count(DISTINCT partner_id) FROM agreement_f) AS partners_with_agreements,
    (SELECT count(*) FROM delegation_f WHERE direction = 'outbound') AS delegations_outbound,
    (SELECT count(*) FROM delegation_f WHERE direction = 'inbound') AS delegations_inbound,
    (SELECT sum(participants)::BIGINT FROM delegation_f) AS participants,
    (SELECT sum(companies)::BIGINT FROM delegation_f) AS companies,
    (SELECT stage FROM stage_pick) AS investment_stage,
    (SELECT sum(value_thb_million) FROM investment_f WHERE is_full_year AND stage = (SELECT stage FROM stage_pick)) AS investment_value,
    (SELECT sum(projects)::BIGINT FROM investment_f WHERE is_full_year AND stage = (SELECT stage FROM stage_pick)) AS investment_projects
