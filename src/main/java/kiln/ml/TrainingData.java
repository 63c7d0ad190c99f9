package kiln.ml;

import java.util.List;

/**
 * The rows of one training window, column by column, in (time, id) order.
 *
 * @param dataset     data-set name
 * @param window      the time window read
 * @param features    feature names, in column order
 * @param columns     {@code columns[f][row]}: bin codes when {@code bins} is set, raw values otherwise
 * @param labels      1 = positive (good), 0 = negative
 * @param bins        the bin edges the columns were coded with, or null for raw values
 * @param fingerprint a hash of the raw window (ids, times, feature values, labels)
 */
public record TrainingData(String dataset, DataWindow window, List<String> features, double[][] columns, byte[] labels,
                           FeatureBins bins, String fingerprint) {

    public int rows() {
        return labels.length;
    }

    public boolean binned() {
        return bins != null;
    }
}
