-- Bookkeeping: what was loaded, from which files, what was rejected and why.
CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
COMMENT ON TABLE meta IS 'Facts about this warehouse file: schema_version, data_as_of, synthetic, built_at, load_id.';
COMMENT ON COLUMN meta.key IS 'Name of the setting';
COMMENT ON COLUMN meta.value IS 'Its value, as text';

CREATE TABLE etl_load (
    load_id VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    dataset VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    encoding VARCHAR,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_blank BIGINT NOT NULL,
    seconds DOUBLE
);
COMMENT ON TABLE etl_load IS 'One row per input file per load (the history of earlier loads is kept): rows read = loaded + duplicate + rejected.';
COMMENT ON COLUMN etl_load.load_id IS 'Id of the load: a hash of the input files, so the same inputs give the same id';
COMMENT ON COLUMN etl_load.loaded_at IS 'When the load ran (UTC)';
COMMENT ON COLUMN etl_load.dataset IS 'Dataset the file belongs to (agreements, delegations, ...)';
COMMENT ON COLUMN etl_load.file IS 'Input file name (file:sheet for workbooks)';
COMMENT ON COLUMN etl_load.sha256 IS 'SHA-256 of the file''s bytes';
COMMENT ON COLUMN etl_load.encoding IS 'How the file was read: utf-8, utf-8-sig, utf-16, cp874, xlsx or parquet';
COMMENT ON COLUMN etl_load.rows_read IS 'Rows read from the file (blank rows not counted)';
COMMENT ON COLUMN etl_load.rows_loaded IS 'Rows loaded into the facts or dimensions';
COMMENT ON COLUMN etl_load.rows_duplicate IS 'Exact repeats of an earlier row (same id, same content), loaded once';
COMMENT ON COLUMN etl_load.rows_rejected IS 'Rows rejected; see etl_reject';
COMMENT ON COLUMN etl_load.rows_blank IS 'Wholly blank rows skipped';
COMMENT ON COLUMN etl_load.seconds IS 'Time the dataset took to stage, in seconds';

CREATE TABLE etl_reject (
    load_id VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    "row" BIGINT NOT NULL,
    "column" VARCHAR NOT NULL,
    value VARCHAR,
    reason VARCHAR NOT NULL,
    raw_row JSON
);
COMMENT ON TABLE etl_reject IS 'One row per rejected input row of the latest load, with the reason a person can act on.';
COMMENT ON COLUMN etl_reject.load_id IS 'See etl_load';
COMMENT ON COLUMN etl_reject.dataset IS 'Dataset of the file';
COMMENT ON COLUMN etl_reject.file IS 'Input file name (file:sheet for workbooks)';
COMMENT ON COLUMN etl_reject."row" IS 'Row number in the file as a spreadsheet shows it (header = row 1)';
COMMENT ON COLUMN etl_reject."column" IS 'The column at fault ((row) when the row itself could not be read)';
COMMENT ON COLUMN etl_reject.value IS 'The value at fault, as written';
COMMENT ON COLUMN etl_reject.reason IS 'What is wrong and what was expected';
COMMENT ON COLUMN etl_reject.raw_row IS 'The whole input row as JSON: an object of column and value; for a row whose fields do not match the header, the array of its fields; NULL when it could not be split into fields';
