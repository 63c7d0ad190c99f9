-- The catalogue names every column a stage needs and lists each data set's label classes, so no stage
-- assumes a particular data set. A class's code is its position (codes only grow); a binary data set
-- lists its negative class first, so code 1 is the positive class (as label_code has always been).
ALTER TABLE dataset ADD COLUMN label_time_column VARCHAR;
ALTER TABLE dataset ADD COLUMN prediction_column VARCHAR;
ALTER TABLE dataset ADD COLUMN prediction_code_column VARCHAR;

CREATE TABLE dataset_class (
    dataset VARCHAR NOT NULL,
    code    SMALLINT NOT NULL,
    value   VARCHAR NOT NULL,
    PRIMARY KEY (dataset, code)
);

-- The built-in data set's predictions hold the class itself (0 or 1), which is also its code.
UPDATE dataset SET label_time_column = 'qualitycheck_time', prediction_column = 'predicted_quality',
    prediction_code_column = 'predicted_quality' WHERE name = 'glassware';
INSERT INTO dataset_class SELECT 'glassware', 0, '0' WHERE EXISTS (SELECT 1 FROM dataset WHERE name = 'glassware');
INSERT INTO dataset_class SELECT 'glassware', 1, '1' WHERE EXISTS (SELECT 1 FROM dataset WHERE name = 'glassware');

-- Imported data sets: label tables have label_time; predictions hold the class as text in "predicted".
-- Their prediction tables gain predicted_code (and the label codes) when the store opens
-- (kiln.store.catalog.CatalogUpgrade), since a migration cannot name tables it does not know.
UPDATE dataset SET label_time_column = 'label_time', prediction_column = 'predicted' WHERE label_time_column IS NULL;
