package kiln.drift;

import java.util.Arrays;

/**
 * A feature's distribution as quantiles at fixed probabilities (DuckDB {@code quantile_cont(x, [..])}),
 * enough for the Wasserstein distance, the IQR and the unit-change fit without raw rows.
 *
 * @param probs  strictly increasing probabilities in [0, 1]
 * @param values the quantile at each probability (non-decreasing)
 * @param n      number of non-missing values summarised
 */
public record QuantileSummary(double[] probs, double[] values, long n) {

    public QuantileSummary {
        probs = probs.clone();
        values = values.clone();
        if (probs.length != values.length || probs.length == 0) {
            throw new IllegalArgumentException("need as many values as probabilities (and at least one): "
                    + probs.length + " probs, " + values.length + " values");
        }
        for (int i = 0; i < probs.length; i++) {
            Stats.requireProbability(probs[i], "probs[" + i + "]");
            if (i > 0 && !(probs[i] > probs[i - 1])) {
                throw new IllegalArgumentException("probs must be strictly increasing at index " + i);
            }
            if (i > 0 && values[i] < values[i - 1]) {
                throw new IllegalArgumentException("quantile values must not decrease at index " + i);
            }
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative n " + n);
        }
    }

    /** Evenly spaced probabilities 0, 1/k, ..., 1 (k + 1 points), a good default grid. */
    public static double[] evenProbs(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("need k >= 1, got " + k);
        }
        double[] probs = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            probs[i] = (double) i / k;
        }
        return probs;
    }

    /** Summarises a raw sample (NaN = missing) with type-7 quantiles, as DuckDB's quantile_cont does. */
    public static QuantileSummary of(double[] sample, double[] probs) {
        double[] sorted = Stats.sortedPresent(sample);
        if (sorted.length == 0) {
            throw new IllegalArgumentException("sample has no non-missing values");
        }
        double[] values = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            values[i] = Stats.quantileSorted(sorted, probs[i]);
        }
        return new QuantileSummary(probs, values, sorted.length);
    }

    /** Quantile at p by linear interpolation between the stored points (clamped outside them). */
    public double quantile(double p) {
        if (p <= probs[0]) {
            return values[0];
        }
        if (p >= probs[probs.length - 1]) {
            return values[values.length - 1];
        }
        int i = Arrays.binarySearch(probs, p);
        if (i >= 0) {
            return values[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (p - probs[lo]) / (probs[hi] - probs[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }

    /** Inter-quartile range Q(0.75) - Q(0.25), interpolated if the quartiles are not stored. */
    public double iqr() {
        return quantile(0.75) - quantile(0.25);
    }

    boolean sameProbs(QuantileSummary other) {
        return Arrays.equals(probs, other.probs);
    }

    @Override
    public double[] probs() {
        return probs.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileSummary q && Arrays.equals(probs, q.probs) && Arrays.equals(values, q.values)
                && n == q.n;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(probs) + Arrays.hashCode(values)) + Long.hashCode(n);
    }

    @Override
    public String toString() {
        return "QuantileSummary[probs=" + Arrays.toString(probs) + ", values=" + Arrays.toString(values) + ", n="
                + n + "]";
    }
}
