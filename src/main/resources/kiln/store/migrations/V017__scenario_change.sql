-- The ground truth of a generated scenario's injected changes, per group and feature: which sensor,
-- which feature, what changed and since when. The fleet scenario writes it when it stages its data set,
-- so tests, the monitor and the screens can name what really happened (revealed_change holds a
-- model's change points instead, and only once a demo reveals them).
CREATE TABLE scenario_change (
    dataset   VARCHAR NOT NULL,
    change_no INTEGER NOT NULL,          -- in time order
    kind      VARCHAR NOT NULL,          -- concept_change | unit_change | dead_sensor | missing_values
    group_key VARCHAR,                   -- CAST(group column AS VARCHAR); NULL: the whole data set
    feature   VARCHAR,                   -- the feature it concerns; NULL: all (a sensor that stops reporting)
    "at"      TIMESTAMP NOT NULL,        -- first reading time it applies to
    shared    BOOLEAN NOT NULL,          -- one change that hit many groups in the same hour (an alert storm)
    detail    VARCHAR NOT NULL,
    PRIMARY KEY (dataset, change_no)
);
