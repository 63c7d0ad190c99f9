package kiln.store.eda;

import java.util.List;

/**
 * One data set as the catalog (tables {@code dataset} and {@code dataset_feature}) describes it:
 * where its readings and labels live and which columns are its id, time, label and features.
 * {@code labelCoded}: the reading table carries the derived {@code label_code} column (migration
 * V007), so label-split queries need no join.
 */
public record EdaDataset(String name, String readingTable, String labelTable, String idColumn, String timeColumn,
                         String labelColumn, String positiveLabel, boolean labelCoded, List<Feature> features) {

    public EdaDataset {
        features = List.copyOf(features);
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
