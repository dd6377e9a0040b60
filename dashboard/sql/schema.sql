-- The warehouse's tables and views with their columns and COMMENT ON text, for the SQL page's
-- schema list: the friendly views first, then dimensions, facts, the rest, bookkeeping last.
WITH relation AS (
    SELECT table_name AS name, 'table' AS kind, comment
    FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main'
    UNION ALL
    SELECT view_name, 'view', comment
    FROM duckdb_views()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
)
SELECT r.name, r.kind, r.comment, c.column_name, c.data_type, c.comment AS column_comment
FROM relation AS r
JOIN duckdb_columns() AS c
  ON c.database_name = current_database() AND c.schema_name = 'main' AND c.table_name = r.name
ORDER BY
    CASE
        WHEN r.kind = 'view' THEN 0
        WHEN r.name LIKE 'dim\_%' ESCAPE '\' THEN 1
        WHEN r.name LIKE 'fact\_%' ESCAPE '\' THEN 2
        WHEN r.name LIKE 'etl\_%' ESCAPE '\' OR r.name = 'meta' THEN 4
        ELSE 3
    END,
    r.name,
    c.column_index
