package kiln.monitor;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges hour summaries into a day: counts add up, variances pool, and the day's quantiles are those
 * of the mixture of the hours' distributions (each hour's CDF linear between its stored quantiles,
 * weighted by its rows), found by bisection. Exact for counts, missing, range and variance; the
 * quantiles are as good as the hours' 21-point grid, which is what Wasserstein and the unit-change
 * check use anyway. This saves the day a second pass over the raw rows.
 */
final class WindowMerge {
    /** One hour: present values n, mean, variance, quantiles at {@link DriftMaterializer#PROBS}. */
    record Part(long n, double mean, double variance, double[] quantiles) {
    }

    private WindowMerge() {}

    /**
     * A day window from its hours (one feature, one day, in time order), compared with the reference
     * {@code key}: counts, missing, outside-range and range add up exactly; the hours counted on the
     * day's grid add up to the day's fine counts (and PSI counts), from which its quantiles are read.
     * An hour counted on another reference's grid (a promotion that day) leaves the day without fine
     * counts: its quantiles are then the mixture of the hours'.
     */
    static WindowRow day(List<WindowRow> hours, String key, RefStats dayRef) {
        Instant day = hours.get(0).start().truncatedTo(ChronoUnit.DAYS);
        long rows = 0;
        long missing = 0;
        long outside = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        long[] counts = null;
        List<Part> parts = new ArrayList<>();
        List<long[][]> fineParts = new ArrayList<>();
        boolean oneGrid = true;
        for (WindowRow h : hours) {
            if (h.refKey().equals(key) && h.fine() != null) {
                fineParts.add(h.fine());
            } else if (h.present() > 0) {
                oneGrid = false;
            }
            rows += h.rows();
            missing += h.missing();
            outside += h.outside();
            min = Double.isNaN(min) || h.min() < min ? h.min() : min;
            max = Double.isNaN(max) || h.max() > max ? h.max() : max;
            parts.add(new Part(h.present(), h.mean(), h.variance(), h.quantiles()));
            // An hour without values has PSI counts {0} whatever the edges: adding it would cut the day to one bin.
            if (h.refKey().equals(key) && h.counts() != null && h.present() > 0) {
                if (counts == null) {
                    counts = h.counts().clone();
                } else {
                    for (int i = 0; i < Math.min(counts.length, h.counts().length); i++) {
                        counts[i] += h.counts()[i];
                    }
                }
            }
        }
        FineBins grid = dayRef == null ? null : dayRef.grid();
        long[][] fine = oneGrid && grid != null && !fineParts.isEmpty() ? FineBins.merge(fineParts) : null;
        double[] quantiles = fine != null ? grid.quantiles(fine[0], fine[1], min, max, DriftMaterializer.PROBS)
                : mixtureQuantiles(parts, DriftMaterializer.PROBS);
        return new WindowRow(hours.get(0).feature(), day, day.plus(1, ChronoUnit.DAYS), key, rows, missing,
                outside, min, max, pooledVariance(parts), pooledMean(parts), counts == null ? new long[] {0} : counts, quantiles, fine);
    }

    /** Pooled sample variance of the parts (NaN when fewer than two values). */
    static double pooledVariance(List<Part> parts) {
        long total = parts.stream().mapToLong(p -> Math.max(0, p.n())).sum();
        if (total < 2) {
            return Double.NaN;
        }
        double mean = pooledMean(parts);
        double ss = 0;
        for (Part p : parts) {
            if (p.n() > 0) {
                double within = p.n() > 1 && !Double.isNaN(p.variance()) ? (p.n() - 1) * p.variance() : 0;
                ss += within + p.n() * (p.mean() - mean) * (p.mean() - mean);
            }
        }
        return ss / (total - 1);
    }

    static double pooledMean(List<Part> parts) {
        long total = 0;
        double sum = 0;
        for (Part p : parts) {
            if (p.n() > 0) {
                total += p.n();
                sum += p.n() * p.mean();
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /** Quantiles of the mixture at the given probabilities (null when no part has values). */
    static double[] mixtureQuantiles(List<Part> parts, double[] probs) {
        long total = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Part p : parts) {
            if (p.n() > 0 && p.quantiles() != null) {
                total += p.n();
                lo = Math.min(lo, p.quantiles()[0]);
                hi = Math.max(hi, p.quantiles()[p.quantiles().length - 1]);
            }
        }
        if (total == 0) {
            return null;
        }
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] <= 0) {
                out[i] = lo;
                continue;
            }
            if (probs[i] >= 1) {
                out[i] = hi;
                continue;
            }
            double a = lo;
            double b = hi;
            for (int it = 0; it < 50 && b - a > 1e-12 * Math.max(1, Math.abs(b)); it++) {
                double mid = (a + b) / 2;
                if (cdf(parts, mid, probs) / total < probs[i]) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            out[i] = (a + b) / 2;
            if (i > 0 && out[i] < out[i - 1]) {
                out[i] = out[i - 1];
            }
        }
        return out;
    }

    /** Σ n_h F_h(x), with F_h linear between the hour's quantile points. */
    private static double cdf(List<Part> parts, double x, double[] probs) {
        double sum = 0;
        for (Part p : parts) {
            if (p.n() == 0 || p.quantiles() == null) {
                continue;
            }
            double[] q = p.quantiles();
            double f;
            if (x < q[0]) {
                f = 0;
            } else if (x >= q[q.length - 1]) {
                f = 1;
            } else {
                int k = 0;
                while (k < q.length - 2 && q[k + 1] <= x) {
                    k++;
                }
                f = q[k + 1] == q[k] ? probs[k + 1] : probs[k] + (x - q[k]) / (q[k + 1] - q[k]) * (probs[k + 1] - probs[k]);
            }
            sum += p.n() * f;
        }
        return sum;
    }
}
