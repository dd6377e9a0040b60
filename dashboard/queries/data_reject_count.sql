-- The Data page: how many rows the latest build rejected.
SELECT count(*) AS n FROM etl_reject
