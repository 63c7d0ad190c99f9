-- Fleets: a model per group (sensor, line, machine) of a data set with a group column.
-- A family is one registered model whose versions are its members: one per group, plus a pooled
-- member trained on every group that serves groups with too few labelled rows or first seen later.
-- Plain models keep scope NULL everywhere, so nothing about them changes.

-- The group a run was trained on (NULL: all groups, as before).
ALTER TABLE run ADD COLUMN group_key VARCHAR;

-- A registered model trained per group.
ALTER TABLE registered_model ADD COLUMN family BOOLEAN DEFAULT false;

-- A family member's scope: a group's key, or 'pooled'. Aliases (production, challenger) hold per
-- scope: a family has one production member per group at a time, and one pooled.
ALTER TABLE model_version ADD COLUMN scope VARCHAR;
ALTER TABLE model_event ADD COLUMN scope VARCHAR;

-- The group an alert is about (NULL: the whole model), and the incident that groups it with the
-- alerts other groups raised for the same rule in the same hour.
ALTER TABLE alert ADD COLUMN group_key VARCHAR;
ALTER TABLE alert ADD COLUMN incident_id BIGINT;

-- An alert storm seen as one thing: "40 sensors below band since 07-18 14:00 — worst: s-017".
CREATE SEQUENCE incident_id_seq START 1;
CREATE TABLE incident (
    incident_id  BIGINT PRIMARY KEY DEFAULT nextval('incident_id_seq'),
    model_name   VARCHAR NOT NULL,
    rule         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,       -- as alert.kind
    severity     VARCHAR NOT NULL,       -- the worst of its members
    state        VARCHAR NOT NULL,       -- firing | acknowledged | resolved
    opened_at    TIMESTAMP NOT NULL,     -- the hour its first member fired
    window_start TIMESTAMP,
    members      INTEGER NOT NULL,       -- groups with an alert in it
    worst_group  VARCHAR,
    worst_value  DOUBLE,
    summary      VARCHAR NOT NULL,
    resolved_at  TIMESTAMP
);

-- Per group and window: the KPI of the production decisions (whichever member made them), and the
-- group's own rolling baseline (its previous windows pooled) it is compared with.
CREATE TABLE fleet_kpi (
    model_name        VARCHAR NOT NULL,
    granularity       VARCHAR NOT NULL,  -- hour | day
    group_key         VARCHAR NOT NULL,
    window_start      TIMESTAMP NOT NULL,
    window_end        TIMESTAMP NOT NULL,
    model_scope       VARCHAR,           -- the member that made most of the window's predictions
    model_version     INTEGER,
    predictions       BIGINT NOT NULL,
    labelled          BIGINT NOT NULL,
    correct           BIGINT NOT NULL,
    accuracy          DOUBLE,            -- correct / labelled; NULL without labels
    baseline_labelled BIGINT,            -- labelled rows in the rolling baseline windows
    baseline_accuracy DOUBLE,            -- the group's accuracy over its previous windows
    PRIMARY KEY (model_name, granularity, group_key, window_start)
);
