package kiln.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained model ready to score raw feature values: bins them with the model's own edges, encodes
 * them as in training and predicts a class code (code {@code i} is {@code classes().get(i)}).
 * A categorical feature's raw value is its category's code under this model's {@link CategoryCodes}
 * ({@link #categoryCodes(int, String[], int)}; NaN when missing, the other bucket when unseen).
 *
 * <p>Binary models (two classes) score the probability of the positive class (code 1) and predict 1
 * when it is above 0.5. Multi-class models score a distribution over the classes and predict the
 * most probable class; on a tie the lowest code wins (see {@link ClassCodes#predicted}).
 *
 * <p>Trees and voting forests are compiled into flat arrays at load time (checked against Tribuo's
 * own predictions on probe rows), so batch scoring allocates nothing per row. Other models (the
 * linear baseline) go through Tribuo's {@code predict}. Instances are immutable and thread-safe.
 */
public final class ScoringModel {

    private static final int PROBES = 256;

    private final List<String> features;
    private final FeatureBins bins;
    private final FeatureEncoding encoding;
    private final List<String> classes;
    /** Tribuo's name of the positive class (binary models only). */
    private final String positiveLabel;
    private final Model<Label> model;
    private final CompiledTrees trees;
    private final String[] featureNames;
    private final Map<String, CategoryCodes> categories;
    /** Per feature, its category codes (null for numeric features). */
    private final CategoryCodes[] categoryOf;

    private ScoringModel(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding, List<String> classes,
            String positiveLabel, Map<String, CategoryCodes> categories, boolean compile) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("A model scores at least two classes, not " + classes);
        }
        this.model = model;
        this.features = List.copyOf(features);
        this.bins = bins;
        this.encoding = encoding;
        this.classes = List.copyOf(classes);
        this.positiveLabel = positiveLabel;
        this.featureNames = features.toArray(String[]::new);
        this.categories = Map.copyOf(categories);
        this.categoryOf = features.stream().map(categories::get).toArray(CategoryCodes[]::new);
        this.trees = compile ? CompiledTrees.compile(model, features, classes.size(), positiveLabel) : null;
    }

    /** Loads a scorer from an artifact's bytes (see {@link ModelArtifact}). */
    public static ScoringModel load(byte[] artifactBytes) {
        return of(ModelArtifact.read(artifactBytes));
    }

    public static ScoringModel of(ModelArtifact artifact) {
        ModelArtifact.Header h = artifact.header();
        String positive = h.positiveLabel() == null ? ClassCodes.POSITIVE_LABEL : h.positiveLabel();
        return checked(new ScoringModel(artifact.tribuoModel(), h.features(), h.bins(), h.encoding(), h.classes(), positive,
                h.categoryCodes(), true));
    }

    /**
     * A binary scorer for a model in memory whose positive class Tribuo calls {@code positiveLabel};
     * {@code bins} null means the model was trained on raw values.
     */
    public static ScoringModel of(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding,
            String positiveLabel) {
        return checked(new ScoringModel(model, features, bins, encoding, TrainingData.BINARY_CLASSES, positiveLabel, Map.of(), true));
    }

    /** A scorer for a model in memory trained on {@code classes} (Tribuo labels named by code), numeric features only. */
    public static ScoringModel of(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding,
            List<String> classes) {
        return of(model, features, bins, encoding, classes, Map.of());
    }

    /** A scorer for a model in memory trained on {@code classes}, its categorical features coded by {@code categories}. */
    public static ScoringModel of(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding,
            List<String> classes, Map<String, CategoryCodes> categories) {
        return checked(new ScoringModel(model, features, bins, encoding, classes, ClassCodes.POSITIVE_LABEL, categories, true));
    }

    /** The scorer itself, or one without the compiled form when that disagrees with Tribuo. */
    private static ScoringModel checked(ScoringModel scorer) {
        if (scorer.trees == null || scorer.compiledAgreesWithTribuo()) {
            return scorer;
        }
        return new ScoringModel(scorer.model, scorer.features, scorer.bins, scorer.encoding, scorer.classes, scorer.positiveLabel,
                scorer.categories, false);
    }

    public List<String> features() {
        return features;
    }

    /** Whether feature {@code f} (by position in {@link #features()}) is categorical. */
    public boolean categorical(int f) {
        return categoryOf[f] != null;
    }

    /** The codes of each categorical feature (by name); empty when every feature is numeric. */
    public Map<String, CategoryCodes> categories() {
        return categories;
    }

    /**
     * The raw column of categorical feature {@code f} for {@code values[0, n)}: each category's code
     * (NaN when missing; a category this model did not train on gets the other bucket's code).
     */
    public double[] categoryCodes(int f, String[] values, int n) {
        if (categoryOf[f] == null) {
            throw new IllegalArgumentException("Feature '" + features.get(f) + "' is numeric");
        }
        return categoryOf[f].codes(values, n);
    }

    /** The class values at training time, in code order. */
    public List<String> classes() {
        return classes;
    }

    public int classCount() {
        return classes.size();
    }

    /** Two classes: {@link #predict} writes the probability of code 1. */
    public boolean binary() {
        return classes.size() == 2;
    }

    public boolean compiled() {
        return trees != null;
    }

    public Model<Label> tribuoModel() {
        return model;
    }

    /**
     * For one row of raw values (in {@link #features()} order): binary models the probability of the
     * positive class, multi-class models the probability of the predicted class.
     */
    public double probability(double... raw) {
        double[] x = encodeRawRow(raw);
        if (binary()) {
            return positiveEncoded(x);
        }
        double[] d = new double[classes.size()];
        distributionEncoded(x, d);
        return d[ClassCodes.predicted(d)];
    }

    /** The class distribution (by code) for one row of raw values. */
    public double[] distribution(double... raw) {
        double[] d = new double[classes.size()];
        distributionEncoded(encodeRawRow(raw), d);
        return d;
    }

    /**
     * Scores rows {@code [from, to)} of raw columns ({@code columns[feature][row]}), writing the
     * predicted class code to {@code labelOut[row - from]} (may be null) and to {@code probOut[row - from]}
     * the probability of the positive class (binary models, as always) or of the predicted class (multi-class).
     */
    public void predict(double[][] columns, int from, int to, double[] probOut, byte[] labelOut) {
        double[] x = new double[features.size()];
        double[] d = binary() ? null : new double[classes.size()];
        for (int r = from; r < to; r++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = encodeRaw(f, columns[f][r]);
            }
            if (d == null) {
                double p = positiveEncoded(x);
                probOut[r - from] = p;
                if (labelOut != null) {
                    labelOut[r - from] = (byte) (p > 0.5 ? 1 : 0);
                }
            } else {
                distributionEncoded(x, d);
                int code = ClassCodes.predicted(d);
                probOut[r - from] = d[code];
                if (labelOut != null) {
                    labelOut[r - from] = (byte) code;
                }
            }
        }
    }

    /** Writes the class distribution of rows {@code [from, to)} of raw columns to {@code out[row - from][code]}. */
    public void predictDistribution(double[][] columns, int from, int to, double[][] out) {
        double[] x = new double[features.size()];
        for (int r = from; r < to; r++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = encodeRaw(f, columns[f][r]);
            }
            distributionEncoded(x, out[r - from]);
        }
    }

    /**
     * Scores the given rows of columns that are already coded as in training (bin codes, or raw values
     * for raw models): the probability {@link #predict} would write.
     */
    public double[] predictCoded(double[][] codedColumns, int[] rows) {
        double[] out = new double[rows.length];
        double[] x = new double[features.size()];
        double[] d = new double[classes.size()];
        for (int i = 0; i < rows.length; i++) {
            encodeCodedRow(codedColumns, rows[i], x);
            if (binary()) {
                out[i] = positiveEncoded(x);
            } else {
                distributionEncoded(x, d);
                out[i] = d[ClassCodes.predicted(d)];
            }
        }
        return out;
    }

    /** The class distributions ({@code [row][code]}) of the given rows of coded columns, for evaluation. */
    public double[][] predictCodedDistribution(double[][] codedColumns, int[] rows) {
        double[][] out = new double[rows.length][classes.size()];
        double[] x = new double[features.size()];
        for (int i = 0; i < rows.length; i++) {
            encodeCodedRow(codedColumns, rows[i], x);
            distributionEncoded(x, out[i]);
        }
        return out;
    }

    private double[] encodeRawRow(double[] raw) {
        double[] x = new double[raw.length];
        for (int f = 0; f < raw.length; f++) {
            x[f] = encodeRaw(f, raw[f]);
        }
        return x;
    }

    private void encodeCodedRow(double[][] codedColumns, int row, double[] x) {
        for (int f = 0; f < x.length; f++) {
            x[f] = bins == null ? codedColumns[f][row] : encoding.encode((int) codedColumns[f][row], bins.binCount(f));
        }
    }

    private double encodeRaw(int f, double raw) {
        return bins == null ? raw : encoding.encode(bins.bin(f, raw), bins.binCount(f));
    }

    /** Binary models: the probability of the positive class from learner inputs (encoded values). */
    private double positiveEncoded(double[] x) {
        return trees == null ? tribuoPositive(x) : trees.positiveProbability(x);
    }

    /** The class distribution from learner inputs; binary models give {@code [1 - p, p]}. */
    private void distributionEncoded(double[] x, double[] out) {
        if (binary()) {
            double p = positiveEncoded(x);
            out[0] = 1 - p;
            out[1] = p;
        } else if (trees != null) {
            trees.distribution(x, out);
        } else {
            tribuoDistribution(x, out);
        }
    }

    private double tribuoPositive(double[] x) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x));
        Map<String, Label> scores = p.getOutputScores();
        if (p.hasProbabilities() || scores.size() > 1) {
            Label good = scores.get(positiveLabel);
            return good == null ? 0 : good.getScore();
        }
        return p.getOutput().getLabel().equals(positiveLabel) ? 1 : 0;
    }

    /** Tribuo's scores by code (0 for a class the model never saw); a model without scores votes for its output. */
    private void tribuoDistribution(double[] x, double[] out) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x));
        Map<String, Label> scores = p.getOutputScores();
        Arrays.fill(out, 0);
        if (p.hasProbabilities() || scores.size() > 1) {
            for (int k = 0; k < out.length; k++) {
                Label l = scores.get(ClassCodes.labelName(k));
                out[k] = l == null ? 0 : l.getScore();
            }
        } else {
            out[ClassCodes.code(p.getOutput().getLabel(), out.length)] = 1;
        }
    }

    /** Compares the compiled trees with Tribuo on probe rows around every split threshold. */
    private boolean compiledAgreesWithTribuo() {
        List<List<Double>> candidates = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            candidates.add(new ArrayList<>(List.of(0.0)));
        }
        trees.addThresholdProbes(candidates);
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[features.size()];
        double[] compiled = new double[classes.size()];
        double[] tribuo = new double[classes.size()];
        for (int i = 0; i < PROBES; i++) {
            for (int f = 0; f < x.length; f++) {
                List<Double> c = candidates.get(f);
                x[f] = c.get(rng.nextInt(c.size()));
            }
            if (binary()) {
                if (Math.abs(trees.positiveProbability(x) - tribuoPositive(x)) > 1e-9) {
                    return false;
                }
                continue;
            }
            trees.distribution(x, compiled);
            tribuoDistribution(x, tribuo);
            for (int k = 0; k < compiled.length; k++) {
                if (Math.abs(compiled[k] - tribuo[k]) > 1e-9) {
                    return false;
                }
            }
        }
        return true;
    }
}
