-- Investment ids are unique, and every reference resolves.
SELECT 'duplicate record_id' AS problem, record_id AS value FROM fact_investment GROUP BY record_id HAVING count(*) > 1
UNION ALL
SELECT 'unknown partner', partner_id FROM fact_investment ANTI JOIN dim_partner USING (partner_id)
UNION ALL
SELECT 'unknown sector', sector_code FROM fact_investment WHERE sector_code IS NOT NULL AND sector_code NOT IN (SELECT sector_code FROM dim_sector)
UNION ALL
SELECT 'unknown province', province_code FROM fact_investment WHERE province_code IS NOT NULL AND province_code NOT IN (SELECT province_code FROM dim_province);
