-- What etl_load says was loaded is what the tables hold.
WITH said AS (
    SELECT dataset, sum(rows_loaded) AS n FROM etl_load
    WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id') GROUP BY dataset
), held AS (
    SELECT 'partners' AS dataset, count(*) AS n FROM dim_partner
    UNION ALL SELECT 'sectors', count(*) FROM dim_sector
    UNION ALL SELECT 'fx_rates', count(*) FROM fx_rate
    UNION ALL SELECT 'agreements', count(*) FROM fact_agreement
    UNION ALL SELECT 'delegations', count(*) FROM fact_delegation
    UNION ALL SELECT 'investments', count(*) FROM fact_investment
    UNION ALL SELECT 'stated_totals', count(*) FROM stated_total
    UNION ALL SELECT 'notes', count(*) FROM source_note
    UNION ALL SELECT 'sources', count(*) FROM dim_source
    UNION ALL SELECT 'thai_parties', count(*) FROM dim_thai_party
)
SELECT said.dataset, said.n AS said, held.n AS held
FROM said JOIN held USING (dataset) WHERE said.n <> held.n;
