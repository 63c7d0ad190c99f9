-- Monitor: materialised KPI windows, drift/quality summaries per window, bands, alert rules and the
-- watermarks that let an update recompute only the windows new data touches.

-- One KPI window of one series ("production" or "counterfactual:vN") at one granularity
-- ("hour", "day", "n500"). Sums are kept beside the derived figures so that windows can be merged
-- and intervals recomputed; accuracy (realised) and est_accuracy (label-free) are both kept.
CREATE TABLE kpi (
    model_name     VARCHAR NOT NULL,
    granularity    VARCHAR NOT NULL,
    series         VARCHAR NOT NULL,
    window_start   TIMESTAMP NOT NULL,
    window_end     TIMESTAMP NOT NULL,
    pid_lo         BIGINT,
    pid_hi         BIGINT,
    model_version  INTEGER,
    predictions    BIGINT NOT NULL,
    labelled       BIGINT NOT NULL,
    correct        BIGINT NOT NULL,
    tp             BIGINT NOT NULL,
    fp             BIGINT NOT NULL,
    fn             BIGINT NOT NULL,
    positives      BIGINT NOT NULL,   -- labelled rows whose label is the positive class
    predicted_good BIGINT NOT NULL,
    est_sum_q      DOUBLE NOT NULL,   -- Σ q, q = chance the prediction is right from calibrated confidence
    est_sum_var    DOUBLE NOT NULL,   -- Σ q(1 - q)
    label_max_time TIMESTAMP,         -- when the window's newest label arrived (alert evidence time)
    accuracy       DOUBLE,
    est_accuracy   DOUBLE,
    PRIMARY KEY (model_name, granularity, series, window_start, pid_lo)
);

CREATE TABLE kpi_band (
    model_name  VARCHAR NOT NULL,
    kpi         VARCHAR NOT NULL,
    lower       DOUBLE NOT NULL,
    upper       DOUBLE NOT NULL,
    warn_margin DOUBLE NOT NULL,
    PRIMARY KEY (model_name, kpi)
);

-- A drift reference: a feature's distribution over the training window of a production version
-- (ref_key "v3") or, when none is known, over the first seven days of data (ref_key "first-week").
-- Feature "(prediction)" holds predicted probabilities, "(label)" the positive rate (in n/positives).
CREATE TABLE drift_reference (
    model_name   VARCHAR NOT NULL,
    ref_key      VARCHAR NOT NULL,
    feature      VARCHAR NOT NULL,
    window_start TIMESTAMP,
    window_end   TIMESTAMP,
    edges        DOUBLE[],
    counts       BIGINT[],
    quantiles    DOUBLE[],
    n            BIGINT,
    positives    BIGINT,
    min_value    DOUBLE,
    max_value    DOUBLE,
    std          DOUBLE,
    complete     BOOLEAN NOT NULL DEFAULT true,  -- false while data (and its labels) still arrive inside it
    PRIMARY KEY (model_name, ref_key, feature)
);

-- Per feature and window: the SQL summaries (bin counts over the reference edges, quantiles,
-- quality aggregates) and the drift statistics computed from them.
CREATE TABLE drift_window (
    model_name    VARCHAR NOT NULL,
    granularity   VARCHAR NOT NULL,
    feature       VARCHAR NOT NULL,
    window_start  TIMESTAMP NOT NULL,
    window_end    TIMESTAMP NOT NULL,
    ref_key       VARCHAR NOT NULL,
    rows_total    BIGINT NOT NULL,
    missing       BIGINT NOT NULL,
    outside_range BIGINT NOT NULL,
    min_value     DOUBLE,
    max_value     DOUBLE,
    variance      DOUBLE,
    mean_value    DOUBLE,
    counts        BIGINT[],
    quantiles     DOUBLE[],
    psi           DOUBLE,
    ks_d          DOUBLE,
    ks_p          DOUBLE,
    wasserstein   DOUBLE,
    level         VARCHAR,
    PRIMARY KEY (model_name, granularity, feature, window_start)
);

-- Alert rules (editable). kind kpi|drift|quality|detector; direction above|below.
CREATE TABLE alert_rule (
    rule              VARCHAR PRIMARY KEY,
    kind              VARCHAR NOT NULL,
    metric            VARCHAR NOT NULL,
    granularity       VARCHAR NOT NULL DEFAULT 'day',
    direction         VARCHAR NOT NULL,
    fire_threshold    DOUBLE,            -- NULL: taken from the model's band (KPI rules)
    resolve_threshold DOUBLE,
    for_windows       INTEGER NOT NULL DEFAULT 1,
    resolve_windows   INTEGER NOT NULL DEFAULT 1,
    severity          VARCHAR NOT NULL DEFAULT 'warning',
    enabled           BOOLEAN NOT NULL DEFAULT true,
    description       VARCHAR
);

INSERT INTO alert_rule VALUES
    ('kpi-accuracy-below-band', 'kpi', 'accuracy', 'day', 'below', NULL, NULL, 2, 1, 'critical', true,
     'Realised accuracy below the band for 2 label-complete days; resolves at band + warn margin'),
    ('drift-psi', 'drift', 'psi', 'day', 'above', 0.25, 0.1, 1, 1, 'warning', true,
     'A feature''s PSI against the reference above 0.25; resolves at or below 0.1'),
    ('quality-breach', 'quality', 'breach', 'day', 'above', 0.5, 0.5, 1, 1, 'warning', true,
     'Missing rate, share outside the training range, dead or stuck sensor past its threshold'),
    ('detector-drift', 'detector', 'error_rate', 'label', 'above', NULL, NULL, 1, 1, 'critical', true,
     'ADWIN, Page-Hinkley or DDM signalled drift on the production error stream; resolves after 2000 quiet labels');

-- Where the last update stopped reading (one row per model and stream).
CREATE TABLE monitor_watermark (
    model_name VARCHAR NOT NULL,
    stream     VARCHAR NOT NULL,
    at_time    TIMESTAMP,
    at_pid     BIGINT,
    at_count   BIGINT,
    PRIMARY KEY (model_name, stream)
);
