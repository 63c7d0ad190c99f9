-- Where alerts are sent (docs/decisions/0012-notification-channels.md). A channel is a webhook (a
-- JSON POST to url, retried with back-off) or the workbench's desktop notice; alert_rule_channel
-- routes each rule to its channels. New rules route nowhere until a row here says so.
CREATE TABLE notification_channel (
    channel          VARCHAR PRIMARY KEY,
    kind             VARCHAR NOT NULL,              -- webhook | desktop
    url              VARCHAR,                       -- webhook target
    enabled          BOOLEAN NOT NULL DEFAULT true,
    max_attempts     INTEGER NOT NULL DEFAULT 4,
    first_backoff_ms INTEGER NOT NULL DEFAULT 500   -- doubled after each failed attempt
);

CREATE TABLE alert_rule_channel (
    rule    VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    PRIMARY KEY (rule, channel)
);

-- One row per alert and channel once a delivery ended (delivered, or failed after every attempt), so
-- an alert is sent at most once per channel; test deliveries (alert_id NULL) are logged too.
CREATE SEQUENCE notification_delivery_id_seq START 1;
CREATE TABLE notification_delivery (
    delivery_id  BIGINT PRIMARY KEY DEFAULT nextval('notification_delivery_id_seq'),
    alert_id     BIGINT,
    channel      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,                  -- delivered | failed
    attempts     INTEGER NOT NULL,
    http_status  INTEGER,
    error        VARCHAR,
    finished_at  TIMESTAMP NOT NULL                 -- wall-clock time the delivery ended
);

INSERT INTO notification_channel (channel, kind) VALUES ('desktop', 'desktop');
INSERT INTO alert_rule_channel SELECT rule, 'desktop' FROM alert_rule WHERE severity = 'critical';
