-- Agreement, delegation and note ids are unique; every partner, sector and bridge row resolves.
SELECT 'duplicate agreement_id' AS problem, agreement_id AS value FROM fact_agreement GROUP BY agreement_id HAVING count(*) > 1
UNION ALL
SELECT 'duplicate delegation_id', delegation_id FROM fact_delegation GROUP BY delegation_id HAVING count(*) > 1
UNION ALL
SELECT 'duplicate note_id', note_id FROM source_note GROUP BY note_id HAVING count(*) > 1
UNION ALL
SELECT 'duplicate total_id', total_id FROM stated_total GROUP BY total_id HAVING count(*) > 1
UNION ALL
SELECT 'stated total: unknown partner', partner_id FROM stated_total ANTI JOIN dim_partner USING (partner_id)
UNION ALL
SELECT 'agreement: unknown partner', partner_id FROM fact_agreement ANTI JOIN dim_partner USING (partner_id)
UNION ALL
SELECT 'delegation: unknown partner', partner_id FROM fact_delegation ANTI JOIN dim_partner USING (partner_id)
UNION ALL
SELECT 'bridge: unknown agreement', agreement_id FROM bridge_agreement_sector ANTI JOIN fact_agreement USING (agreement_id)
UNION ALL
SELECT 'bridge: unknown delegation', delegation_id FROM bridge_delegation_sector ANTI JOIN fact_delegation USING (delegation_id)
UNION ALL
SELECT 'bridge: unknown sector', sector_code FROM bridge_agreement_sector ANTI JOIN dim_sector USING (sector_code)
UNION ALL
SELECT 'bridge: unknown sector', sector_code FROM bridge_delegation_sector ANTI JOIN dim_sector USING (sector_code)
UNION ALL
SELECT 'duplicate bridge row', agreement_id || ' ' || sector_code FROM bridge_agreement_sector
GROUP BY agreement_id, sector_code HAVING count(*) > 1
UNION ALL
SELECT 'duplicate bridge row', delegation_id || ' ' || sector_code FROM bridge_delegation_sector
GROUP BY delegation_id, sector_code HAVING count(*) > 1
