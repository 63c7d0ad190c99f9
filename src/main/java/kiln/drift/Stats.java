package kiln.drift;

import java.util.Arrays;

/** Small numeric helpers shared by the statistics, kept here so each statistic stays focused. */
final class Stats {
    private Stats() {}

    /** Copy of the non-NaN values, sorted ascending (NaN encodes a missing value everywhere here). */
    static double[] sortedPresent(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(present);
        return present;
    }

    /**
     * Quantile of sorted data by linear interpolation between order statistics (Hyndman–Fan type 7,
     * the same definition as DuckDB's {@code quantile_cont}), so Java and SQL summaries agree.
     */
    static double quantileSorted(double[] sorted, double prob) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1 denominator); 0 for fewer than two values. */
    static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    static void requireProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + p);
        }
    }
}
