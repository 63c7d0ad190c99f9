-- Shadow and counterfactual scores are kept per model: versions count per model, so (id, version)
-- alone mixed two data sets' version 1 in one key. Columns take the names every data set shares
-- (row_id, event_time, predicted_code) instead of the first data set's own.
-- Rows written before this migration belong to the oldest registered model (the only one such
-- databases could score).
CREATE TABLE shadow_prediction_per_model (
    model_name     VARCHAR NOT NULL,
    row_id         BIGINT NOT NULL,
    model_version  INTEGER NOT NULL,
    predicted_code INTEGER,
    probability    DOUBLE,
    scored_at      TIMESTAMP,
    PRIMARY KEY (model_name, row_id, model_version)
);
INSERT INTO shadow_prediction_per_model
    SELECT (SELECT model_name FROM registered_model ORDER BY created_at, model_name LIMIT 1), pid, model_version,
           predicted_quality, probability, scored_at
    FROM shadow_prediction WHERE EXISTS (SELECT 1 FROM registered_model);
DROP TABLE shadow_prediction;
ALTER TABLE shadow_prediction_per_model RENAME TO shadow_prediction;

CREATE TABLE rescored_prediction_per_model (
    model_name     VARCHAR NOT NULL,
    row_id         BIGINT NOT NULL,
    model_version  INTEGER NOT NULL,
    event_time     TIMESTAMP,
    predicted_code INTEGER,
    probability    DOUBLE,
    PRIMARY KEY (model_name, row_id, model_version)
);
INSERT INTO rescored_prediction_per_model
    SELECT (SELECT model_name FROM registered_model ORDER BY created_at, model_name LIMIT 1), pid, model_version,
           process_time, predicted_quality, probability
    FROM rescored_prediction WHERE EXISTS (SELECT 1 FROM registered_model);
DROP TABLE rescored_prediction;
ALTER TABLE rescored_prediction_per_model RENAME TO rescored_prediction;
