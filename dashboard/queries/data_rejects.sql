-- The Data page: the rows the latest build rejected, with file, row, column, value and reason.
SELECT dataset, file, "row", "column", value, reason
FROM etl_reject
ORDER BY dataset, file, "row"
LIMIT 2000
