-- Per drift window and feature: counts on the reference's fine grid (FineBins: 200 bins over the
-- reference range, continuing past both ends), as parallel key/count lists. Window quantiles are read
-- off them, and a day's are the sum of its hours' (no second pass over the raw rows).
ALTER TABLE drift_window ADD COLUMN fine_keys BIGINT[];
ALTER TABLE drift_window ADD COLUMN fine_counts BIGINT[];
