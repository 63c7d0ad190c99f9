-- Curves of a run that do not fit the scalar metrics JSON: the ROC curve (downsampled) and the
-- calibration curve (predicted probability bins against the observed positive rate), which
-- label-free accuracy estimates use later.
ALTER TABLE run ADD COLUMN curves JSON;
