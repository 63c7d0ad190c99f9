package kiln.ml;

import java.util.Arrays;
import java.util.List;

/**
 * Quantile bin edges per feature, computed once over a training window and kept with the model so
 * scoring bins new values exactly as training did.
 *
 * <p>A value's bin is {@code 1 + (number of edges <= value)}; bin 0 means missing (null or NaN).
 * With at most {@value #MAX_BINS} - 1 distinct edges a feature has at most {@value #MAX_BINS} value
 * bins. The SQL in {@link TrainingDataLoader} computes the same function.
 */
public final class FeatureBins {

    public static final int MAX_BINS = 256;

    private final List<String> features;
    private final double[][] edges;

    public FeatureBins(List<String> features, double[][] edges) {
        if (features.size() != edges.length) {
            throw new IllegalArgumentException(features.size() + " features but " + edges.length + " edge lists");
        }
        this.features = List.copyOf(features);
        this.edges = new double[edges.length][];
        for (int f = 0; f < edges.length; f++) {
            this.edges[f] = normalise(edges[f]);
        }
    }

    /** Sorted, distinct, finite edges, at most {@code MAX_BINS - 1}. */
    static double[] normalise(double[] raw) {
        double[] e = Arrays.stream(raw).filter(Double::isFinite).sorted().distinct().toArray();
        if (e.length >= MAX_BINS) {
            throw new IllegalArgumentException("At most " + (MAX_BINS - 1) + " edges per feature, got " + e.length);
        }
        return e;
    }

    public List<String> features() {
        return features;
    }

    public int featureCount() {
        return edges.length;
    }

    /** A copy of one feature's edges. */
    public double[] edges(int feature) {
        return edges[feature].clone();
    }

    /** Number of bins including the missing bin 0: codes run 0 .. binCount-1. */
    public int binCount(int feature) {
        return edges[feature].length + 2;
    }

    /** The bin of {@code value} for {@code feature} (binary search; 0 for NaN). */
    public int bin(int feature, double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        double[] e = edges[feature];
        int lo = 0;
        int hi = e.length; // first index whose edge > value
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo + 1;
    }
}
