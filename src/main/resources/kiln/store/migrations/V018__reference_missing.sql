-- The missing-value check is a test at the window's false-alarm level against how often the feature
-- was missing in its reference (docs/drift.md, "Data quality"), so a reference keeps that count.
-- References made without it are dropped with the summaries judged against them, and the next monitor
-- update rebuilds both from the stored rows (derived data only: no reading, label, prediction or alert
-- is touched), as V013 did.
ALTER TABLE drift_reference ADD COLUMN missing BIGINT;
DELETE FROM drift_reference;
DELETE FROM drift_window;
DELETE FROM monitor_watermark WHERE stream IN ('readings', 'predictions');
UPDATE alert_rule SET description = 'A day with values missing more often than in the reference, or beyond the reference range, than chance allows at the day''s false-alarm level; or a dead or stuck sensor'
    WHERE rule = 'quality-breach';
