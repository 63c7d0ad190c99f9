package kiln.drift;

/**
 * Normalised Wasserstein-1 (earth mover's) distance: how far, in reference spreads, the current
 * distribution's mass must move to match the reference; unlike PSI and KS it grows with the size of
 * a shift, so "0.1" reads as "shifted by about a tenth of the usual spread".
 *
 * <p>W1 = ∫ |F⁻¹(u) - G⁻¹(u)| du over u in [0, 1] (equivalently ∫ |F(x) - G(x)| dx). It is divided by
 * the reference's robust spread σ̂ = IQR / 1.349 (the IQR of a normal is 1.349 σ, so σ̂ equals the
 * standard deviation for normal data while ignoring outliers, and it is available from quantile
 * summaries). If the reference IQR is 0 (a mostly constant feature) the standard deviation is used for
 * samples; if the spread is still 0 the result is 0 for identical and +∞ for different distributions.
 * From quantile summaries the integral is the trapezoid rule over the stored probabilities, so it
 * ignores mass beyond the outermost stored quantiles (store 0 and 1, or a fine grid). Default threshold 0.1.
 */
public final class Wasserstein {
    public static final double DEFAULT_THRESHOLD = 0.1;
    /** IQR of the standard normal distribution. */
    static final double NORMAL_IQR = 1.3489795003921634;

    private Wasserstein() {}

    /** Raw W1 between two samples (NaN = missing, ignored), exact for the empirical distributions. */
    public static double distance(double[] reference, double[] current) {
        double[] a = Stats.sortedPresent(reference);
        double[] b = Stats.sortedPresent(current);
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        // Integrate |F(x) - G(x)| between consecutive points of the merged sample.
        int i = 0;
        int j = 0;
        double total = 0;
        double x = Math.min(a[0], b[0]);
        while (i < a.length || j < b.length) {
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            if (i == a.length && j == b.length) {
                break;
            }
            double next = Math.min(i < a.length ? a[i] : Double.POSITIVE_INFINITY,
                    j < b.length ? b[j] : Double.POSITIVE_INFINITY);
            total += Math.abs((double) i / a.length - (double) j / b.length) * (next - x);
            x = next;
        }
        return total;
    }

    /** Raw W1 from quantile summaries on the same probability grid (trapezoid rule). */
    public static double distance(QuantileSummary reference, QuantileSummary current) {
        if (!reference.sameProbs(current)) {
            throw new IllegalArgumentException("quantile summaries use different probabilities");
        }
        double[] p = reference.probs();
        double[] r = reference.values();
        double[] c = current.values();
        double total = 0;
        for (int k = 1; k < p.length; k++) {
            total += segment(r[k - 1] - c[k - 1], r[k] - c[k]) * (p[k] - p[k - 1]);
        }
        return total;
    }

    /** Mean of |g| over a unit segment where g is linear from g0 to g1 (exact also when g changes sign). */
    private static double segment(double g0, double g1) {
        if (g0 * g1 >= 0) {
            return Math.abs(g0 + g1) / 2;
        }
        return (g0 * g0 + g1 * g1) / (2 * Math.abs(g1 - g0));
    }

    /** W1 of two samples divided by the reference's robust spread (see class comment). */
    public static double normalised(double[] reference, double[] current) {
        double[] sorted = Stats.sortedPresent(reference);
        double spread = (Stats.quantileSorted(sorted, 0.75) - Stats.quantileSorted(sorted, 0.25)) / NORMAL_IQR;
        if (!(spread > 0)) {
            spread = Stats.std(sorted);
        }
        return divide(distance(reference, current), spread);
    }

    /** W1 of two quantile summaries divided by the reference's IQR / 1.349. */
    public static double normalised(QuantileSummary reference, QuantileSummary current) {
        return divide(distance(reference, current), reference.iqr() / NORMAL_IQR);
    }

    private static double divide(double w, double spread) {
        if (Double.isNaN(w)) {
            return w;
        }
        if (spread > 0) {
            return w / spread;
        }
        return w == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
}
