package kiln.ml;

import java.util.Map;

/**
 * What training one configuration produced.
 *
 * @param metrics    evaluation on the test rows (pooled over folds for k-fold)
 * @param artifact   the model trained on the training rows (all rows for k-fold); null for a run whose model is not kept
 * @param provenance Tribuo's provenance of that model, as JSON; null with the artifact
 * @param trainMillis wall time spent in Tribuo's train calls
 */
public record RunResult(String trainer, Map<String, Object> params, Metrics metrics, ModelArtifact artifact, String provenance,
        long rowsTrain, long rowsTest, long trainMillis) {
}
