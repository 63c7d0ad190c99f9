package kiln.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dataset-level drift: the share of features whose drift test stays significant after a
 * multiple-testing correction, because one feature out of many crossing a threshold is expected noise
 * while a large drifted share means the model is seeing a different population.
 *
 * @param drifted      the features judged drifted, in input order
 * @param tested       how many features had a p-value (untested ones, e.g. empty windows, are left out)
 * @param share        drifted / tested (0 if nothing was tested)
 * @param datasetDrift whether the share reached the dataset threshold
 */
public record DatasetDrift(List<String> drifted, int tested, double share, boolean datasetDrift) {
    /** Evidently's convention: the dataset drifts when at least half of its features do. */
    public static final double DEFAULT_SHARE_THRESHOLD = 0.5;
    public static final double DEFAULT_ALPHA = 0.01;

    public DatasetDrift {
        drifted = List.copyOf(drifted);
    }

    /**
     * @param pValues per-feature p-values (e.g. KS), iteration order kept; NaN = not tested
     * @param correction how to correct for testing many features at once
     * @param alpha level for the corrected p-values
     * @param shareThreshold share of drifted features from which the dataset counts as drifted
     */
    public static DatasetDrift of(Map<String, Double> pValues, MultipleTesting correction, double alpha,
            double shareThreshold) {
        List<String> names = new ArrayList<>(pValues.keySet());
        double[] p = names.stream().mapToDouble(pValues::get).toArray();
        boolean[] rejected = correction.reject(p, alpha);
        List<String> drifted = new ArrayList<>();
        int tested = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                tested++;
            }
            if (rejected[i]) {
                drifted.add(names.get(i));
            }
        }
        double share = tested == 0 ? 0 : (double) drifted.size() / tested;
        return new DatasetDrift(drifted, tested, share, tested > 0 && share >= shareThreshold);
    }

    /** Benjamini–Hochberg at the default alpha and share threshold. */
    public static DatasetDrift of(Map<String, Double> pValues) {
        return of(pValues, MultipleTesting.BENJAMINI_HOCHBERG, DEFAULT_ALPHA, DEFAULT_SHARE_THRESHOLD);
    }
}
