package kiln.ml;

import java.util.Arrays;
import java.util.List;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;

/**
 * A Tribuo tree, or a voting ensemble of trees, flattened into arrays so scoring walks them without
 * allocating. A single tree returns its leaf's class distribution; a voting ensemble returns each
 * class's share of the trees whose leaf predicts it (Tribuo's {@code VotingCombiner}).
 *
 * <p>Tribuo's label names are class codes ("0".."K-1"). Binary models keep the one-value form
 * (probability of code 1) they have always had, so their scores stay bit-for-bit the same.
 */
final class CompiledTrees {

    private final Tree[] trees;
    private final boolean voting;

    private CompiledTrees(Tree[] trees, boolean voting) {
        this.trees = trees;
        this.voting = voting;
    }

    /** The compiled form of {@code model}, or null when it is neither a tree nor an ensemble of trees. */
    @SuppressWarnings("unchecked")
    static CompiledTrees compile(Model<Label> model, List<String> features, int classCount, String positiveLabel) {
        if (model instanceof TreeModel<Label> tree) {
            return new CompiledTrees(new Tree[] {Tree.compile(tree, features, classCount, positiveLabel, false)}, false);
        }
        if (model instanceof EnsembleModel<Label> ensemble && ensemble.getModels().stream().allMatch(m -> m instanceof TreeModel)) {
            Tree[] compiled = new Tree[ensemble.getNumModels()];
            for (int i = 0; i < compiled.length; i++) {
                compiled[i] = Tree.compile((TreeModel<Label>) ensemble.getModels().get(i), features, classCount, positiveLabel, true);
            }
            return new CompiledTrees(compiled, true);
        }
        return null;
    }

    /** Binary models: the probability of the positive class for learner inputs {@code x}. */
    double positiveProbability(double[] x) {
        double sum = 0;
        for (Tree t : trees) {
            sum += t.leafValue[t.leaf(x)];
        }
        return voting ? sum / trees.length : sum;
    }

    /** Writes the class distribution for learner inputs {@code x} to {@code out} (length K). */
    void distribution(double[] x, double[] out) {
        if (!voting) {
            Tree t = trees[0];
            System.arraycopy(t.leafDistribution[t.leaf(x)], 0, out, 0, out.length);
            return;
        }
        Arrays.fill(out, 0);
        for (Tree t : trees) {
            out[t.leafClass[t.leaf(x)]]++;
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= trees.length;
        }
    }

    /** Adds every split threshold (and values half a bin either side) to the probe candidates of its feature. */
    void addThresholdProbes(List<List<Double>> candidates) {
        for (Tree t : trees) {
            for (int n = 0; n < t.feature.length; n++) {
                if (t.feature[n] >= 0) {
                    List<Double> c = candidates.get(t.feature[n]);
                    c.add(t.threshold[n]);
                    c.add(t.threshold[n] + 0.5);
                    c.add(t.threshold[n] - 0.5);
                }
            }
        }
    }

    /** One tree as parallel arrays; a node is a leaf when its feature is -1. */
    private static final class Tree {
        private final int[] feature;
        private final double[] threshold;
        private final int[] lessOrEqual;
        private final int[] greater;
        /** Binary: P(positive) at the leaf, or 1/0 for the leaf's vote. */
        private final double[] leafValue;
        /** Multi-class single trees: the leaf's class distribution by code. */
        private final double[][] leafDistribution;
        /** Multi-class voting trees: the code the leaf votes for. */
        private final int[] leafClass;

        private Tree(int size, boolean binary) {
            feature = new int[size];
            threshold = new double[size];
            lessOrEqual = new int[size];
            greater = new int[size];
            leafValue = binary ? new double[size] : null;
            leafDistribution = binary ? null : new double[size][];
            leafClass = binary ? null : new int[size];
        }

        static Tree compile(TreeModel<Label> tree, List<String> features, int classCount, String positive, boolean vote) {
            Node<Label> root = tree.getRoot();
            Tree c = new Tree(tree.countNodes(root), classCount <= 2);
            int[] next = {0};
            c.add(root, tree, features, classCount, positive, vote, next);
            return c;
        }

        private int add(Node<Label> node, TreeModel<Label> tree, List<String> features, int classCount, String positive, boolean vote,
                int[] next) {
            int id = next[0]++;
            if (node instanceof SplitNode<Label> split) {
                String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                int f = features.indexOf(name);
                if (f < 0) {
                    throw new IllegalStateException("The model splits on " + name + ", which is not among " + features);
                }
                feature[id] = f;
                threshold[id] = split.splitValue();
                lessOrEqual[id] = add(split.getLessThanOrEqual(), tree, features, classCount, positive, vote, next);
                greater[id] = add(split.getGreaterThan(), tree, features, classCount, positive, vote, next);
                return id;
            }
            LeafNode<Label> leaf = (LeafNode<Label>) node;
            feature[id] = -1;
            if (leafValue != null) {
                if (vote) {
                    leafValue[id] = leaf.getOutput().getLabel().equals(positive) ? 1 : 0;
                } else {
                    Label good = leaf.getDistribution().get(positive);
                    leafValue[id] = good == null ? 0 : good.getScore();
                }
            } else if (vote) {
                leafClass[id] = ClassCodes.code(leaf.getOutput().getLabel(), classCount);
            } else {
                double[] d = new double[classCount];
                for (int k = 0; k < classCount; k++) {
                    Label l = leaf.getDistribution().get(ClassCodes.labelName(k));
                    d[k] = l == null ? 0 : l.getScore();
                }
                leafDistribution[id] = d;
            }
            return id;
        }

        int leaf(double[] x) {
            int n = 0;
            while (feature[n] >= 0) {
                n = x[feature[n]] > threshold[n] ? greater[n] : lessOrEqual[n];
            }
            return n;
        }
    }
}
