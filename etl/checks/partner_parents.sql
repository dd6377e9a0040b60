-- Parents exist: a city's prefecture, a prefecture's country, a sector's parent.
SELECT 'partner parent', partner_id, parent_id FROM dim_partner
WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT partner_id FROM dim_partner)
UNION ALL
SELECT 'sector parent', sector_code, parent_code FROM dim_sector
WHERE parent_code IS NOT NULL AND parent_code NOT IN (SELECT sector_code FROM dim_sector);
