package kiln.domain;

import java.util.List;
import java.util.Objects;

/**
 * One data set as the catalogue describes it: where its readings, labels and predictions live, which
 * columns are its id, time, group and label, its features with kinds and units, and its label classes.
 * Every stage (import, training, scoring, monitoring, screens) reads these names from here instead of
 * assuming any particular data set.
 *
 * <p>Label classes are coded by position in {@link #classes()}: code {@code i} is {@code classes.get(i)}.
 * A binary data set has two classes, the negative first, so code 1 is the positive class. Codes only
 * grow: a class seen later is appended, so codes stored earlier keep their meaning.
 *
 * @param labelTimeColumn       the label table's time column (when the label became known)
 * @param predictionColumn      the prediction table's column holding the predicted class as the data has it
 * @param predictionCodeColumn  the prediction table's column holding the predicted class code
 * @param labelCoded            the reading table carries the derived {@code label_code}
 * @param predictionsCoded      the prediction table carries the derived {@code label_code} and {@code label_time}
 */
public record DatasetSpec(String name, String readingTable, String labelTable, String predictionTable, String idColumn,
        String timeColumn, String groupColumn, String labelColumn, String labelTimeColumn,
        String predictionColumn, String predictionCodeColumn, String positiveLabel, List<String> classes,
        boolean labelCoded, boolean predictionsCoded, List<FeatureSpec> features) {

    /** Features are numeric or categorical (strings). */
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        features = List.copyOf(features);
    }

    /** One feature column with its kind, unit and the range the process is expected to stay in. */
    public record FeatureSpec(String name, String kind, String unit, Double expectedMin, Double expectedMax) {

        public boolean numeric() {
            return NUMERIC.equals(kind);
        }

        /** "temperature (°C)", or the bare name when the unit is unknown. */
        public String labelWithUnit() {
            return unit == null || unit.isBlank() ? name : name + " (" + unit + ")";
        }
    }

    /** Two classes (or fewer, before any label arrived): scored as positive-class probabilities. */
    public boolean binary() {
        return classes.size() <= 2;
    }

    /** The positive class's code for binary data sets, -1 for multi-class ones. */
    public int positiveCode() {
        return binary() ? 1 : -1;
    }

    /** The code of a class value, or -1 when the class is not (yet) known. */
    public int codeOf(String value) {
        return classes.indexOf(value);
    }

    /** The class value of a code, or "class N" for a code this catalogue does not know. */
    public String className(int code) {
        return code >= 0 && code < classes.size() ? classes.get(code) : "class " + code;
    }

    public boolean hasGroups() {
        return groupColumn != null;
    }

    public List<FeatureSpec> numericFeatures() {
        return features.stream().filter(FeatureSpec::numeric).toList();
    }

    public List<String> numericFeatureNames() {
        return numericFeatures().stream().map(FeatureSpec::name).toList();
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }

    public FeatureSpec feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst()
                .orElseThrow(() -> new UserFacingException("Data set '" + name + "' has no feature '" + featureName + "' (it has "
                        + String.join(", ", featureNames()) + ")"));
    }
}
