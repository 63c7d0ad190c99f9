-- Kiln schema, version 2: file imports and their quarantine.

-- One row per `kiln import` (or Data workspace import) that completed.
CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE import_log (
    import_id           BIGINT PRIMARY KEY DEFAULT nextval('import_id_seq'),
    dataset             VARCHAR NOT NULL,
    file                VARCHAR NOT NULL,
    target_table        VARCHAR NOT NULL,
    rows_read           BIGINT NOT NULL,
    rows_imported       BIGINT NOT NULL,
    rows_already_stored BIGINT NOT NULL,
    rows_quarantined    BIGINT NOT NULL,
    imported_at         TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
);

-- Rows an import refused, with where and why; good rows of the same file were imported.
CREATE TABLE import_quarantine (
    import_id   BIGINT NOT NULL,
    dataset     VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    line        BIGINT,            -- line in the file (header is line 1); row number for Parquet
    column_name VARCHAR,
    reason      VARCHAR NOT NULL,
    raw_row     VARCHAR            -- the row's values as read, comma-separated
);
