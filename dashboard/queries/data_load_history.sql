-- The Data page: the load history, newest first (one row per file per load).
SELECT loaded_at, dataset, file, rows_read, rows_loaded, rows_duplicate, rows_rejected
FROM etl_load
ORDER BY loaded_at DESC, dataset, file
LIMIT 500
