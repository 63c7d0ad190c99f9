package kiln.ml;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;

/** The trainers Kiln offers, each described as a {@link TrainerSpec}, and the factory that builds them. */
public final class Trainers {

    public static final String CART = "cart";
    public static final String RANDOM_FOREST = "random-forest";
    public static final String EXTRA_TREES = "extra-trees";
    public static final String LOGISTIC = "logistic-regression";

    /** Tribuo logs every training at INFO; a sweep of hundreds of runs would drown the log. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private static final ParamSpec MAX_DEPTH = ParamSpec.integer("maxDepth", 1, 64, 10, false, "Deepest level of a tree");
    private static final ParamSpec MIN_CHILD_WEIGHT = ParamSpec.real("minChildWeight", 0, 1_000_000, 5,
            "Smallest total example weight a child node may have");

    private static final List<TrainerSpec> ALL = List.of(
            new TrainerSpec(CART, "Decision tree (CART)", "A single classification tree grown by Gini impurity.",
                    List.of(MAX_DEPTH, MIN_CHILD_WEIGHT,
                            ParamSpec.real("featureFraction", 0.01, 1, 1, "Share of features considered at each split"),
                            ParamSpec.flag("randomSplitPoints", false, "Pick split points at random (extremely randomised tree)")),
                    FeatureEncoding.BIN),
            new TrainerSpec(RANDOM_FOREST, "Random forest", "Bagged CART trees on feature subsets, combined by voting.",
                    List.of(ParamSpec.integer("numTrees", 1, 1000, 25, true, "Number of trees"), MAX_DEPTH, MIN_CHILD_WEIGHT,
                            ParamSpec.real("featureFraction", 0.01, 0.999, 0.67, "Share of features considered at each split (below 1)")),
                    FeatureEncoding.BIN),
            new TrainerSpec(EXTRA_TREES, "Extra trees", "Bagged trees with random split points, combined by voting.",
                    List.of(ParamSpec.integer("numTrees", 1, 1000, 25, true, "Number of trees"), MAX_DEPTH, MIN_CHILD_WEIGHT,
                            ParamSpec.real("featureFraction", 0.01, 1, 1, "Share of features considered at each split")),
                    FeatureEncoding.BIN),
            new TrainerSpec(LOGISTIC, "Logistic regression", "A linear baseline trained by stochastic gradient descent (AdaGrad).",
                    List.of(ParamSpec.integer("epochs", 1, 1000, 5, true, "Passes over the training data"),
                            ParamSpec.real("learningRate", 1e-5, 10, 1.0, "AdaGrad initial learning rate"),
                            ParamSpec.integer("minibatchSize", 1, 100_000, 1, true, "Examples per gradient step")),
                    FeatureEncoding.BIN_FRACTION));

    private Trainers() {}

    public static List<TrainerSpec> all() {
        return ALL;
    }

    /** @throws IllegalArgumentException naming the known trainers when {@code name} is not one */
    public static TrainerSpec spec(String name) {
        for (TrainerSpec s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown trainer '" + name + "'; known: " + ALL.stream().map(TrainerSpec::name).toList());
    }

    /** Builds the Tribuo trainer for {@code params} (already {@link TrainerSpec#resolve resolved}). */
    public static Trainer<Label> create(String name, Map<String, Object> params, long seed) {
        TrainerSpec spec = spec(name);
        Map<String, Object> p = spec.resolve(params);
        return switch (name) {
            case CART -> new CARTClassificationTrainer(i(p, "maxDepth"), f(p, "minChildWeight"), 0f, f(p, "featureFraction"),
                    (Boolean) p.get("randomSplitPoints"), new GiniIndex(), seed);
            case RANDOM_FOREST -> new RandomForestTrainer<>(
                    new CARTClassificationTrainer(i(p, "maxDepth"), f(p, "minChildWeight"), 0f, f(p, "featureFraction"),
                            false, new GiniIndex(), seed),
                    new VotingCombiner(), i(p, "numTrees"), seed);
            case EXTRA_TREES -> new ExtraTreesTrainer<>(
                    new CARTClassificationTrainer(i(p, "maxDepth"), f(p, "minChildWeight"), 0f, f(p, "featureFraction"),
                            true, new GiniIndex(), seed),
                    new VotingCombiner(), i(p, "numTrees"), seed);
            case LOGISTIC -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(d(p, "learningRate"), 0.1),
                    i(p, "epochs"), -1, i(p, "minibatchSize"), seed); // -1: no per-iteration loss logging
            default -> throw new IllegalArgumentException("No factory for trainer " + name);
        };
    }

    private static int i(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).intValue();
    }

    private static float f(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).floatValue();
    }

    private static double d(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).doubleValue();
    }
}
