-- Scenario change points the simulator knows and a demo reveals at its end; drawn as markers.
CREATE TABLE revealed_change (
    model_name VARCHAR NOT NULL,
    "at"       TIMESTAMP NOT NULL,
    label      VARCHAR NOT NULL,
    PRIMARY KEY (model_name, "at")
);
