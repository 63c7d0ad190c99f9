package kiln.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;

/**
 * A trained model ready to score raw feature values: bins them with the model's own edges, encodes
 * them as in training and returns the probability of the positive (good) class; label 1 when that
 * probability is above 0.5.
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
    private final String positiveLabel;
    private final Model<Label> model;
    private final CompiledTree[] trees;
    private final boolean voting;
    private final String[] featureNames;

    private ScoringModel(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding, String positiveLabel) {
        this.model = model;
        this.features = List.copyOf(features);
        this.bins = bins;
        this.encoding = encoding;
        this.positiveLabel = positiveLabel;
        this.featureNames = features.toArray(String[]::new);
        CompiledTree[] compiled = null;
        boolean vote = false;
        if (model instanceof TreeModel<Label> tree) {
            compiled = new CompiledTree[] {CompiledTree.compile(tree, features, positiveLabel, false)};
        } else if (model instanceof EnsembleModel<Label> ensemble && ensemble.getModels().stream().allMatch(m -> m instanceof TreeModel)) {
            compiled = new CompiledTree[ensemble.getNumModels()];
            for (int i = 0; i < compiled.length; i++) {
                compiled[i] = CompiledTree.compile((TreeModel<Label>) ensemble.getModels().get(i), features, positiveLabel, true);
            }
            vote = true;
        }
        this.trees = compiled;
        this.voting = vote;
    }

    /** Loads a scorer from an artifact's bytes (see {@link ModelArtifact}). */
    public static ScoringModel load(byte[] artifactBytes) {
        return of(ModelArtifact.read(artifactBytes));
    }

    public static ScoringModel of(ModelArtifact artifact) {
        ModelArtifact.Header h = artifact.header();
        return of(artifact.tribuoModel(), h.features(), h.bins(), h.encoding(), h.positiveLabel());
    }

    /** A scorer for a model in memory; {@code bins} null means the model was trained on raw values. */
    public static ScoringModel of(Model<Label> model, List<String> features, FeatureBins bins, FeatureEncoding encoding,
                                  String positiveLabel) {
        ScoringModel scorer = new ScoringModel(model, features, bins, encoding, positiveLabel);
        return scorer.trees == null || scorer.compiledAgreesWithTribuo() ? scorer : scorer.withoutCompilation();
    }

    private ScoringModel withoutCompilation() {
        return new ScoringModel(this);
    }

    /** Copy constructor that drops the compiled form (used when it disagrees with Tribuo). */
    private ScoringModel(ScoringModel other) {
        this.model = other.model;
        this.features = other.features;
        this.bins = other.bins;
        this.encoding = other.encoding;
        this.positiveLabel = other.positiveLabel;
        this.featureNames = other.featureNames;
        this.trees = null;
        this.voting = false;
    }

    public List<String> features() {
        return features;
    }

    public boolean compiled() {
        return trees != null;
    }

    public Model<Label> tribuoModel() {
        return model;
    }

    /** Probability of the positive class for one row of raw values (in {@link #features()} order). */
    public double probability(double... raw) {
        double[] x = new double[raw.length];
        for (int f = 0; f < raw.length; f++) {
            x[f] = encodeRaw(f, raw[f]);
        }
        return probabilityEncoded(x);
    }

    /**
     * Scores rows {@code [from, to)} of raw columns ({@code columns[feature][row]}), writing the
     * probability of good to {@code probOut[row - from]} and the label (1 good, 0 bad) to
     * {@code labelOut[row - from]} (labelOut may be null).
     */
    public void predict(double[][] columns, int from, int to, double[] probOut, byte[] labelOut) {
        double[] x = new double[features.size()];
        for (int r = from; r < to; r++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = encodeRaw(f, columns[f][r]);
            }
            double p = probabilityEncoded(x);
            probOut[r - from] = p;
            if (labelOut != null) {
                labelOut[r - from] = (byte) (p > 0.5 ? 1 : 0);
            }
        }
    }

    /** Scores the given rows of columns that are already coded as in training (bin codes, or raw values for raw models). */
    public double[] predictCoded(double[][] codedColumns, int[] rows) {
        double[] out = new double[rows.length];
        double[] x = new double[features.size()];
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = encodeCode(f, codedColumns[f][rows[i]]);
            }
            out[i] = probabilityEncoded(x);
        }
        return out;
    }

    private double encodeRaw(int f, double raw) {
        return bins == null ? raw : encoding.encode(bins.bin(f, raw), bins.binCount(f));
    }

    private double encodeCode(int f, double code) {
        return bins == null ? code : encoding.encode((int) code, bins.binCount(f));
    }

    /** Probability from learner inputs (encoded values). */
    double probabilityEncoded(double[] x) {
        if (trees == null) {
            return tribuoProbability(x);
        }
        double sum = 0;
        for (CompiledTree t : trees) {
            sum += t.value(x);
        }
        return voting ? sum / trees.length : sum;
    }

    private double tribuoProbability(double[] x) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x));
        Map<String, Label> scores = p.getOutputScores();
        if (p.hasProbabilities() || scores.size() > 1) {
            Label good = scores.get(positiveLabel);
            return good == null ? 0 : good.getScore();
        }
        return p.getOutput().getLabel().equals(positiveLabel) ? 1 : 0;
    }

    /** Compares the compiled trees with Tribuo on probe rows around every split threshold. */
    private boolean compiledAgreesWithTribuo() {
        List<List<Double>> candidates = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            candidates.add(new ArrayList<>(List.of(0.0)));
        }
        for (CompiledTree t : trees) {
            t.addThresholdProbes(candidates);
        }
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[features.size()];
        for (int i = 0; i < PROBES; i++) {
            for (int f = 0; f < x.length; f++) {
                List<Double> c = candidates.get(f);
                x[f] = c.get(rng.nextInt(c.size()));
            }
            if (Math.abs(probabilityEncoded(x) - tribuoProbability(x)) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** One tree as parallel arrays; a node is a leaf when its feature is -1. */
    private static final class CompiledTree {
        private final int[] feature;
        private final double[] threshold;
        private final int[] lessOrEqual;
        private final int[] greater;
        private final double[] leafValue;

        private CompiledTree(int size) {
            feature = new int[size];
            threshold = new double[size];
            lessOrEqual = new int[size];
            greater = new int[size];
            leafValue = new double[size];
        }

        static CompiledTree compile(TreeModel<Label> tree, List<String> features, String positive, boolean vote) {
            Node<Label> root = tree.getRoot();
            CompiledTree c = new CompiledTree(tree.countNodes(root));
            int[] next = {0};
            c.add(root, tree, features, positive, vote, next);
            return c;
        }

        private int add(Node<Label> node, TreeModel<Label> tree, List<String> features, String positive, boolean vote, int[] next) {
            int id = next[0]++;
            if (node instanceof SplitNode<Label> split) {
                String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                int f = features.indexOf(name);
                if (f < 0) {
                    throw new IllegalStateException("The model splits on " + name + ", which is not among " + features);
                }
                feature[id] = f;
                threshold[id] = split.splitValue();
                lessOrEqual[id] = add(split.getLessThanOrEqual(), tree, features, positive, vote, next);
                greater[id] = add(split.getGreaterThan(), tree, features, positive, vote, next);
            } else {
                LeafNode<Label> leaf = (LeafNode<Label>) node;
                feature[id] = -1;
                if (vote) {
                    leafValue[id] = leaf.getOutput().getLabel().equals(positive) ? 1 : 0;
                } else {
                    Label good = leaf.getDistribution().get(positive);
                    leafValue[id] = good == null ? 0 : good.getScore();
                }
            }
            return id;
        }

        double value(double[] x) {
            int n = 0;
            while (feature[n] >= 0) {
                n = x[feature[n]] > threshold[n] ? greater[n] : lessOrEqual[n];
            }
            return leafValue[n];
        }

        void addThresholdProbes(List<List<Double>> candidates) {
            for (int n = 0; n < feature.length; n++) {
                if (feature[n] >= 0) {
                    List<Double> c = candidates.get(feature[n]);
                    c.add(threshold[n]);
                    c.add(threshold[n] + 0.5);
                    c.add(threshold[n] - 0.5);
                }
            }
        }
    }
}
