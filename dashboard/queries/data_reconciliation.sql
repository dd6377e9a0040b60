-- The Data page: the latest load per file, read = loaded + duplicate + rejected.
SELECT dataset, file, rows_read, rows_loaded, rows_duplicate, rows_rejected
FROM etl_load
WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id')
ORDER BY dataset, file
