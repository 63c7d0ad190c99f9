package kiln.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a model's raw predicted probability of "good" to the observed rate of good at that probability,
 * taken from the training run's calibration curve; confidence-based performance estimation is only as
 * good as the probabilities it averages, so they are calibrated first.
 *
 * <p>Three forms: identity (the model is trusted as calibrated); histogram binning (a step function:
 * each probability bin maps to the rate observed in it); isotonic (the pool-adjacent-violators
 * algorithm makes the curve's points non-decreasing, weighted by their counts, and values in between
 * are linearly interpolated, clamped outside the first and last point).
 */
public final class CalibrationMap {
    private enum Kind {
        IDENTITY, HISTOGRAM, ISOTONIC
    }

    private final Kind kind;
    private final double[] xs;
    private final double[] ys;

    private CalibrationMap(Kind kind, double[] xs, double[] ys) {
        this.kind = kind;
        this.xs = xs;
        this.ys = ys;
    }

    public static CalibrationMap identity() {
        return new CalibrationMap(Kind.IDENTITY, new double[0], new double[0]);
    }

    /**
     * Histogram binning.
     *
     * @param edges         the k-1 interior bin edges over [0, 1] (as in {@link BinnedDistribution})
     * @param observedRates k observed good rates; NaN for an empty bin, where the raw probability is kept
     */
    public static CalibrationMap histogram(double[] edges, double[] observedRates) {
        new BinnedDistribution(edges, new long[observedRates.length], 0); // validates the edges and count
        for (double r : observedRates) {
            if (!Double.isNaN(r)) {
                Stats.requireProbability(r, "observed rate");
            }
        }
        return new CalibrationMap(Kind.HISTOGRAM, edges.clone(), observedRates.clone());
    }

    /**
     * Isotonic calibration from a calibration curve.
     *
     * @param meanPredicted mean predicted probability per curve point
     * @param observedRate  observed good rate per point
     * @param counts        rows behind each point (the PAVA weights)
     */
    public static CalibrationMap isotonic(double[] meanPredicted, double[] observedRate, long[] counts) {
        if (meanPredicted.length != observedRate.length || counts.length != observedRate.length
                || meanPredicted.length == 0) {
            throw new IllegalArgumentException("need equally long, non-empty curve arrays");
        }
        Integer[] order = new Integer[meanPredicted.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(meanPredicted[a], meanPredicted[b]));
        double[] x = new double[order.length];
        double[] y = new double[order.length];
        double[] w = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            x[i] = meanPredicted[order[i]];
            y[i] = observedRate[order[i]];
            w[i] = Math.max(1, counts[order[i]]);
        }
        return new CalibrationMap(Kind.ISOTONIC, x, poolAdjacentViolators(y, w));
    }

    /** Weighted least-squares non-decreasing fit of y (the pool-adjacent-violators algorithm). */
    static double[] poolAdjacentViolators(double[] y, double[] w) {
        List<double[]> blocks = new ArrayList<>(); // {mean, weight, size}
        for (int i = 0; i < y.length; i++) {
            blocks.add(new double[] {y[i], w[i], 1});
            while (blocks.size() > 1 && blocks.get(blocks.size() - 2)[0] > blocks.get(blocks.size() - 1)[0]) {
                double[] last = blocks.remove(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 1);
                double weight = prev[1] + last[1];
                prev[0] = (prev[0] * prev[1] + last[0] * last[1]) / weight;
                prev[1] = weight;
                prev[2] += last[2];
            }
        }
        double[] fitted = new double[y.length];
        int i = 0;
        for (double[] block : blocks) {
            for (int k = 0; k < block[2]; k++) {
                fitted[i++] = block[0];
            }
        }
        return fitted;
    }

    /** The calibrated probability of good for a raw predicted probability p. */
    public double apply(double p) {
        switch (kind) {
            case IDENTITY :
                return p;
            case HISTOGRAM :
                double rate = ys[BinnedDistribution.binIndex(xs, p)];
                return Double.isNaN(rate) ? p : rate;
            default :
                return interpolate(p);
        }
    }

    private double interpolate(double p) {
        if (p <= xs[0]) {
            return ys[0];
        }
        if (p >= xs[xs.length - 1]) {
            return ys[ys.length - 1];
        }
        int hi = 1;
        while (xs[hi] < p) {
            hi++;
        }
        int lo = hi - 1;
        if (xs[hi] == xs[lo]) {
            return ys[hi];
        }
        return ys[lo] + (p - xs[lo]) / (xs[hi] - xs[lo]) * (ys[hi] - ys[lo]);
    }
}
