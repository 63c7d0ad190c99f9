package kiln.drift;

/**
 * Where in a 0/1 error stream the error rate most likely stepped up: the split that maximises the
 * two-segment Bernoulli log-likelihood ratio among splits whose later part has the higher error rate
 * (the offline counterpart of the detectors, which say that it rose but not since when).
 *
 * <p>For a split at k, LLR(k) = L(x₀, k) + L(x₁, n - k) - L(x, n) with L(x, m) = x ln(x/m) + (m - x)
 * ln(1 - x/m). Each segment must hold at least {@code minSegment} observations, so a lone error at the
 * end is no change point. O(n) with one pass of prefix counts.
 *
 * @param index      first observation of the later segment
 * @param before     error rate before it
 * @param after      error rate from it on
 * @param logLikelihoodRatio the LLR of the split (0 when none rises)
 */
public record ErrorRateChangePoint(int index, double before, double after, double logLikelihoodRatio) {

    /**
     * The most likely rising split of {@code errors[0..n)}, or null when fewer than 2·minSegment
     * observations are given or no split has a higher error rate after it.
     */
    public static ErrorRateChangePoint locate(boolean[] errors, int n, int minSegment) {
        if (minSegment < 1) {
            throw new IllegalArgumentException("minSegment must be at least 1");
        }
        if (n < 2 * minSegment) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += errors[i] ? 1 : 0;
        }
        double whole = logLikelihood(total, n);
        long x0 = 0;
        ErrorRateChangePoint best = null;
        for (int k = 1; k <= n - minSegment; k++) {
            x0 += errors[k - 1] ? 1 : 0;
            if (k < minSegment) {
                continue;
            }
            long x1 = total - x0;
            double before = (double) x0 / k;
            double after = (double) x1 / (n - k);
            if (after <= before) {
                continue;
            }
            double llr = logLikelihood(x0, k) + logLikelihood(x1, n - k) - whole;
            if (best == null || llr > best.logLikelihoodRatio) {
                best = new ErrorRateChangePoint(k, before, after, llr);
            }
        }
        return best;
    }

    private static double logLikelihood(long x, long m) {
        double p = (double) x / m;
        return (x == 0 ? 0 : x * Math.log(p)) + (x == m ? 0 : (m - x) * Math.log(1 - p));
    }
}
