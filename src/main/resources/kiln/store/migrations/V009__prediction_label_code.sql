-- The label beside the prediction, as V007 put it beside the reading: the monitor's KPI windows
-- (hours, days, 500-prediction blocks) then scan the prediction table alone instead of joining ten
-- million predictions to their labels. label_code is 1 when the product's label is the data set's
-- positive label, 0 for any other label, NULL until the label lands; label_time is the label's time
-- (when the window's realised KPI became known). Both are derived: the label table stays the source of
-- truth, and kiln.store.ingest.LabelCodes keeps them in step in the transaction that stores the labels
-- or the predictions. dataset.prediction_label_time names the label table's time column copied into
-- label_time; NULL means the data set's prediction table carries no codes.
ALTER TABLE dataset ADD COLUMN prediction_label_time VARCHAR;

ALTER TABLE predicted_quality ADD COLUMN label_code TINYINT;
ALTER TABLE predicted_quality ADD COLUMN label_time TIMESTAMP;
UPDATE predicted_quality SET label_code = CASE WHEN l.quality = 1 THEN 1 ELSE 0 END, label_time = l.qualitycheck_time
FROM product_quality l WHERE predicted_quality.pid = l.pid AND l.quality IS NOT NULL;
UPDATE dataset SET prediction_label_time = 'qualitycheck_time' WHERE name = 'glassware';
