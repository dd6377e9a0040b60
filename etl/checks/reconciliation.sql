-- Every row read is loaded, counted as a duplicate, or rejected.
SELECT dataset, file, rows_read, rows_loaded, rows_duplicate, rows_rejected
FROM etl_load
WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id')
  AND rows_read <> rows_loaded + rows_duplicate + rows_rejected;
