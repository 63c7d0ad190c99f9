package kiln.domain.eda;

import java.util.List;

/**
 * One data set as the catalog (tables {@code dataset} and {@code dataset_feature}) describes it:
 * where its readings and labels live and which columns are its id, time, label and features.
 * {@code labelCoded}: the reading table carries the derived {@code label_code} column (migration
 * V007), so label-split queries need no join. {@code classes}: the label's class values by code (table
 * {@code dataset_class}); a binary label has the negative class at code 0 and the positive at code 1,
 * a multi-class label codes its classes 0..K-1 in this order. Empty when the catalogue lists none.
 */
public record EdaDataset(String name, String readingTable, String labelTable, String idColumn, String timeColumn,
        String labelColumn, String positiveLabel, boolean labelCoded, List<Feature> features, List<String> classes) {

    public EdaDataset {
        features = List.copyOf(features);
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /** A data set whose catalogue entry lists no classes (a binary label: code 1 positive, 0 the rest). */
    public EdaDataset(String name, String readingTable, String labelTable, String idColumn, String timeColumn, String labelColumn,
            String positiveLabel, boolean labelCoded, List<Feature> features) {
        this(name, readingTable, labelTable, idColumn, timeColumn, labelColumn, positiveLabel, labelCoded, features, List.of());
    }

    /** True when the label has more than two classes, so "positive" and "other" mean nothing. */
    public boolean multiClass() {
        return classes.size() > 2;
    }

    /** How many label codes the queries keep apart: the catalogue's classes, and at least 0 and 1. */
    public int classCount() {
        return Math.max(2, classes.size());
    }

    /** One numeric feature column with its unit and the range the process is expected to stay in. */
    public record Feature(String name, String unit, Double expectedMin, Double expectedMax) {

        /** "temp (°C)", or the bare name when the unit is unknown. */
        public String labelWithUnit() {
            return unit == null || unit.isBlank() ? name : name + " (" + unit + ")";
        }
    }

    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    public Feature feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Data set " + name + " has no feature " + featureName));
    }
}
