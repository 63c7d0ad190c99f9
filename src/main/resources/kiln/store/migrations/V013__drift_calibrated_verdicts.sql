-- Drift and quality verdicts are tests at a known false-alarm rate (docs/drift.md, "The verdict"):
-- a reference keeps its values on its fine grid (the KS and Wasserstein comparisons run on that grid)
-- and the chance thresholds of PSI and W/std per window size (bootstrapped from those values); the
-- Wasserstein distance is now W/std of the reference; a window too small to judge has level 'too-few'.
-- Summaries made the older way are dropped, with the readings/predictions watermarks, so the next
-- monitor update rebuilds them from the stored rows (derived data only: no reading, label, prediction
-- or alert is touched).
ALTER TABLE drift_reference ADD COLUMN fine_bins BLOB;
ALTER TABLE drift_reference ADD COLUMN null_sizes BIGINT[];
ALTER TABLE drift_reference ADD COLUMN null_psi DOUBLE[];
ALTER TABLE drift_reference ADD COLUMN null_wasserstein DOUBLE[];
DELETE FROM drift_reference;
DELETE FROM drift_window;
DELETE FROM monitor_watermark WHERE stream IN ('readings', 'predictions');
-- The drift rule fires on a day whose verdict is drift (value 1), the quality rule on a day that
-- breaches a check (value 1); both resolve after one clean day.
UPDATE alert_rule SET metric = 'drift', fire_threshold = 0.5, resolve_threshold = 0.5,
    description = 'A feature (or the prediction) drifted on a day: KS significant at the day''s false-alarm level, PSI and W/std beyond chance, W/std >= 0.1'
    WHERE rule = 'drift-psi';
UPDATE alert_rule SET description = 'A day with values missing (> 5 %), too many values beyond the reference range for chance, or a dead or stuck sensor'
    WHERE rule = 'quality-breach';
