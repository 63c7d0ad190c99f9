-- The label beside the reading: label-split views (histograms by label, label balance, labelled
-- envelopes, drill-down by label) then scan one table instead of joining ten million readings to
-- their labels. label_code is derived: 1 when the product's label is the data set's positive label,
-- 0 for any other label, NULL until the label lands. The label table stays the source of truth;
-- every path that stores labels or readings keeps the code in step in the same transaction
-- (kiln.store.ingest.LabelCodes).
ALTER TABLE dataset ADD COLUMN label_coded BOOLEAN DEFAULT false;

ALTER TABLE sensor_reading ADD COLUMN label_code TINYINT;
UPDATE sensor_reading SET label_code = CASE WHEN l.quality = 1 THEN 1 ELSE 0 END
FROM product_quality l WHERE sensor_reading.pid = l.pid AND l.quality IS NOT NULL;
UPDATE dataset SET label_coded = true WHERE name = 'glassware';
