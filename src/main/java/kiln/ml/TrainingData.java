package kiln.ml;

import java.util.List;
import java.util.Map;

/**
 * The rows of one training window, column by column, in (time, id) order.
 *
 * @param dataset     data-set name
 * @param window      the time window read
 * @param features    feature names, in column order
 * @param columns     {@code columns[f][row]}: bin codes when {@code bins} is set, raw values otherwise
 * @param labels      class codes 0..K-1: code {@code i} is {@code classes.get(i)} (binary: 1 = positive, 0 = negative)
 * @param bins        the bin edges the columns were coded with, or null for raw values
 * @param fingerprint a hash of the raw window (ids, times, feature values, label codes)
 * @param classes     the catalogue's class values in code order, as they were when the window was read
 * @param categories  the codes of each categorical feature (by name); its column holds those codes, NaN when missing
 */
public record TrainingData(String dataset, DataWindow window, List<String> features, double[][] columns, byte[] labels,
        FeatureBins bins, String fingerprint, List<String> classes, Map<String, CategoryCodes> categories) {

    /** The classes of data coded 0 (negative) and 1 (positive) before classes were catalogued. */
    public static final List<String> BINARY_CLASSES = List.of("0", "1");

    public TrainingData {
        classes = List.copyOf(classes);
        categories = categories == null ? Map.of() : Map.copyOf(categories);
    }

    /** Binary data coded 0/1 (the form before multi-class training). */
    public TrainingData(String dataset, DataWindow window, List<String> features, double[][] columns, byte[] labels,
            FeatureBins bins, String fingerprint) {
        this(dataset, window, features, columns, labels, bins, fingerprint, BINARY_CLASSES, Map.of());
    }

    public int rows() {
        return labels.length;
    }

    public boolean binned() {
        return bins != null;
    }

    public int classCount() {
        return classes.size();
    }

    /** Two classes: models score the probability of code 1. */
    public boolean binary() {
        return classes.size() <= 2;
    }
}
