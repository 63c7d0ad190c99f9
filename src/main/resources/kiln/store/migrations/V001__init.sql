-- Kiln schema, version 1. Table and column names are contracts: CLI users, checks and other
-- tools query them. Timestamps are UTC (TIMESTAMP without zone, always written as UTC).

-- The data-set catalog: which tables hold one data set's readings, labels and predictions, and
-- which columns are its id, time, group and features. The glassware reference data set lives in
-- the fixed tables below; imported data sets get tables of their own named here.
CREATE TABLE dataset (
    name             VARCHAR PRIMARY KEY,
    reading_table    VARCHAR NOT NULL,
    label_table      VARCHAR NOT NULL,
    prediction_table VARCHAR NOT NULL,
    id_column        VARCHAR NOT NULL DEFAULT 'pid',
    time_column      VARCHAR NOT NULL DEFAULT 'process_time',
    group_column     VARCHAR,
    label_column     VARCHAR NOT NULL DEFAULT 'quality',
    positive_label   VARCHAR NOT NULL DEFAULT '1',
    source           VARCHAR,
    description      VARCHAR,
    created_at       TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
);

CREATE TABLE dataset_feature (
    dataset      VARCHAR NOT NULL REFERENCES dataset(name),
    name         VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    kind         VARCHAR NOT NULL DEFAULT 'numeric',   -- numeric | categorical
    unit         VARCHAR,
    expected_min DOUBLE,
    expected_max DOUBLE,
    PRIMARY KEY (dataset, name)
);

CREATE TABLE sensor_reading (
    pid          BIGINT PRIMARY KEY,
    sensor_id    INTEGER,
    process_time TIMESTAMP,
    temp         DOUBLE,
    pressure     DOUBLE,
    duration     DOUBLE
);

CREATE TABLE product_quality (
    pid               BIGINT PRIMARY KEY,
    qualitycheck_time TIMESTAMP,
    quality           INTEGER
);

CREATE TABLE predicted_quality (
    pid               BIGINT PRIMARY KEY,
    model_version     INTEGER,
    process_time      TIMESTAMP,
    predicted_quality INTEGER,
    probability       DOUBLE,
    scored_at         TIMESTAMP
);

INSERT INTO dataset (name, reading_table, label_table, prediction_table, group_column, source, description)
VALUES ('glassware', 'sensor_reading', 'product_quality', 'predicted_quality', 'sensor_id', 'built-in',
        'Glassware manufacturing: temperature, pressure and duration per product; quality known two days later');
INSERT INTO dataset_feature (dataset, name, position, kind, unit, expected_min, expected_max) VALUES
    ('glassware', 'temp',     1, 'numeric', '°C',  345, 365),
    ('glassware', 'pressure', 2, 'numeric', 'bar', 0,   25),
    ('glassware', 'duration', 3, 'numeric', 'min', 27,  34);

-- Experiment tracking.
CREATE SEQUENCE experiment_id_seq START 1;
CREATE TABLE experiment (
    experiment_id INTEGER PRIMARY KEY DEFAULT nextval('experiment_id_seq'),
    name          VARCHAR NOT NULL,
    dataset       VARCHAR,
    description   VARCHAR,
    created_at    TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
);

CREATE SEQUENCE run_id_seq START 1;
CREATE TABLE run (
    run_id          INTEGER PRIMARY KEY DEFAULT nextval('run_id_seq'),
    experiment_id   INTEGER REFERENCES experiment(experiment_id),
    trainer         VARCHAR NOT NULL,
    params          JSON,
    metrics         JSON,
    confusion       JSON,
    status          VARCHAR NOT NULL,          -- running | finished | failed | cancelled
    error           VARCHAR,
    started_at      TIMESTAMP,
    duration_ms     BIGINT,
    dataset         VARCHAR,
    window_start    TIMESTAMP,
    window_end      TIMESTAMP,
    features        JSON,
    split           VARCHAR,
    rows_train      BIGINT,
    rows_test       BIGINT,
    fingerprint     VARCHAR,
    seed            BIGINT,
    provenance      JSON,
    artifact        BLOB,
    artifact_sha256 VARCHAR,
    model_bytes     BIGINT,
    tags            VARCHAR[],
    note            VARCHAR
);

-- Model registry.
CREATE TABLE registered_model (
    model_name  VARCHAR PRIMARY KEY,
    dataset     VARCHAR,
    description VARCHAR,
    gate_metric VARCHAR,
    gate_margin DOUBLE,
    created_at  TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
);

CREATE TABLE model_version (
    model_name VARCHAR NOT NULL,
    version    INTEGER NOT NULL,
    run_id     INTEGER,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR,
    alias      VARCHAR,                 -- production | challenger | archived | NULL
    source     VARCHAR,                 -- run | import
    note       VARCHAR,
    PRIMARY KEY (model_name, version)
);

CREATE SEQUENCE model_event_id_seq START 1;
CREATE TABLE model_event (
    event_id   BIGINT PRIMARY KEY DEFAULT nextval('model_event_id_seq'),
    model_name VARCHAR NOT NULL,
    version    INTEGER,
    action     VARCHAR NOT NULL,        -- register | promote | demote | archive | gate
    alias      VARCHAR,
    "at"       TIMESTAMP NOT NULL,
    "by"       VARCHAR,
    note       VARCHAR
);

-- Scores that are not the production decision.
CREATE TABLE shadow_prediction (
    pid               BIGINT NOT NULL,
    model_version     INTEGER NOT NULL,
    predicted_quality INTEGER,
    probability       DOUBLE,
    scored_at         TIMESTAMP,
    PRIMARY KEY (pid, model_version)
);

CREATE TABLE rescored_prediction (
    pid               BIGINT NOT NULL,
    model_version     INTEGER NOT NULL,
    process_time      TIMESTAMP,
    predicted_quality INTEGER,
    probability       DOUBLE,
    PRIMARY KEY (pid, model_version)
);

-- Alerts: nothing is ever deleted.
CREATE SEQUENCE alert_id_seq START 1;
CREATE TABLE alert (
    alert_id        BIGINT PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    model_name      VARCHAR,
    rule            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,   -- kpi | drift | quality | detector
    severity        VARCHAR NOT NULL,   -- info | warning | critical
    state           VARCHAR NOT NULL,   -- pending | firing | acknowledged | resolved
    window_start    TIMESTAMP,
    window_end      TIMESTAMP,
    metric          VARCHAR,
    value           DOUBLE,
    threshold       DOUBLE,
    fired_at        TIMESTAMP,
    acknowledged_at TIMESTAMP,
    acknowledged_by VARCHAR,
    resolved_at     TIMESTAMP,
    silenced_until  TIMESTAMP,
    model_version   INTEGER,
    feature         VARCHAR,
    note            VARCHAR
);
