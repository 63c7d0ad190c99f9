-- Drift references now cut their PSI bins at deciles snapped to their fine grid (FineBins), so a
-- window's PSI counts are sums of its fine counts, and a window's fine counts are stored as one
-- compact BLOB (FineBins.encode: varint key steps and counts, about 2 bytes a bin instead of 16).
-- Summaries made the older way are dropped, and the readings/predictions watermarks with them, so the
-- next monitor update rebuilds the drift windows from the stored rows (derived data only: no reading,
-- label, prediction or alert is touched).
DROP TABLE drift_window;
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
    fine_bins     BLOB,             -- counts on the reference's FineBins grid (FineBins.encode)
    PRIMARY KEY (model_name, granularity, feature, window_start)
);
DELETE FROM drift_reference;
DELETE FROM monitor_watermark WHERE stream IN ('readings', 'predictions');
