package kiln.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How large PSI and the normalised Wasserstein distance get by chance alone, for windows of a given
 * size drawn from the reference itself (NannyML's way): for each size in {@link #SIZES}, {@link #DRAWS}
 * windows are drawn from the reference's grid counts and the {@link #QUANTILE} quantile of each
 * statistic is kept. Stored with the reference; a window of effective size {@code ne} is compared with
 * the thresholds interpolated at {@code ne} (log–log between the sizes; beyond the largest size by the
 * large-sample laws, PSI ∝ 1/ne and W ∝ 1/√ne). The draws are seeded from the feature's name, so a
 * replay stores the same thresholds.
 *
 * @param sizes       window sizes the thresholds were drawn at, ascending
 * @param psi         PSI's null quantile at each size
 * @param wasserstein W/std's null quantile at each size
 */
public record NullThresholds(long[] sizes, double[] psi, double[] wasserstein) {
    public static final long[] SIZES = {8, 32, 128, 512};
    public static final int DRAWS = 1000;
    public static final double QUANTILE = 0.999;

    public NullThresholds {
        if (sizes.length == 0 || sizes.length != psi.length || sizes.length != wasserstein.length) {
            throw new IllegalArgumentException("need one PSI and one Wasserstein threshold per size");
        }
    }

    /**
     * Bootstraps the thresholds.
     *
     * @param reference the reference's counts on its grid
     * @param psiLines  the PSI bin edges as grid line numbers (bin b holds keys with b lines at or below them)
     * @param widthOverStd the grid width divided by the reference's standard deviation (W's scale)
     * @param seed      fixes the draws
     */
    public static NullThresholds bootstrap(GridCounts reference, long[] psiLines, double widthOverStd, long seed) {
        int bins = reference.keys().length;
        long n = reference.n();
        if (n == 0) {
            throw new IllegalArgumentException("an empty reference has no null distribution");
        }
        int[] psiBin = new int[bins];
        double[] refShares = new double[psiLines.length + 1];
        double[] refCdf = new double[bins];
        long running = 0;
        for (int i = 0; i < bins; i++) {
            int b = 0;
            while (b < psiLines.length && psiLines[b] <= reference.keys()[i]) {
                b++;
            }
            psiBin[i] = b;
            refShares[b] += (double) reference.counts()[i] / n;
            running += reference.counts()[i];
            refCdf[i] = (double) running / n;
        }
        Alias alias = new Alias(reference.counts());
        SplittableRandom random = new SplittableRandom(seed);
        double[] psiQ = new double[SIZES.length];
        double[] wQ = new double[SIZES.length];
        int[] tally = new int[bins];
        double[] shares = new double[refShares.length];
        double[] psiDraws = new double[DRAWS];
        double[] wDraws = new double[DRAWS];
        for (int s = 0; s < SIZES.length; s++) {
            int size = (int) SIZES[s];
            for (int d = 0; d < DRAWS; d++) {
                Arrays.fill(tally, 0);
                for (int v = 0; v < size; v++) {
                    tally[alias.draw(random)]++;
                }
                Arrays.fill(shares, 0);
                double w = 0;
                long cum = 0;
                for (int i = 0; i < bins; i++) {
                    shares[psiBin[i]] += (double) tally[i] / size;
                    cum += tally[i];
                    if (i + 1 < bins) {
                        w += Math.abs(refCdf[i] - (double) cum / size) * (reference.keys()[i + 1] - reference.keys()[i]);
                    }
                }
                psiDraws[d] = PopulationStabilityIndex.fromShares(refShares, shares);
                wDraws[d] = w * widthOverStd;
            }
            Arrays.sort(psiDraws);
            Arrays.sort(wDraws);
            psiQ[s] = Stats.quantileSorted(psiDraws, QUANTILE);
            wQ[s] = Stats.quantileSorted(wDraws, QUANTILE);
        }
        return new NullThresholds(SIZES.clone(), psiQ, wQ);
    }

    /** PSI's chance threshold for a window of effective size {@code ne}. */
    public double psiAt(double ne) {
        return at(psi, ne, 1.0);
    }

    /** W/std's chance threshold for a window of effective size {@code ne}. */
    public double wassersteinAt(double ne) {
        return at(wasserstein, ne, 0.5);
    }

    /** Log–log interpolation; below the smallest size its value, above the largest the power law ne^-power. */
    private double at(double[] values, double ne, double power) {
        int last = sizes.length - 1;
        if (ne <= sizes[0]) {
            return values[0];
        }
        if (ne >= sizes[last]) {
            return values[last] * Math.pow(sizes[last] / ne, power);
        }
        int i = 1;
        while (sizes[i] < ne) {
            i++;
        }
        double a = values[i - 1];
        double b = values[i];
        if (!(a > 0 && b > 0)) {
            return Math.max(a, b);
        }
        double t = Math.log(ne / sizes[i - 1]) / Math.log((double) sizes[i] / sizes[i - 1]);
        return Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)));
    }

    /** Seed for a feature's draws: the same on every replay. */
    public static long seedOf(String feature) {
        long h = 1125899906842597L;
        for (int i = 0; i < feature.length(); i++) {
            h = 31 * h + feature.charAt(i);
        }
        return h;
    }

    /** Walker's alias table: a draw from the reference's bins in constant time. */
    private static final class Alias {
        private final double[] probability;
        private final int[] alias;

        Alias(long[] counts) {
            int k = counts.length;
            probability = new double[k];
            alias = new int[k];
            double total = 0;
            for (long c : counts) {
                total += c;
            }
            double[] scaled = new double[k];
            int[] small = new int[k];
            int[] large = new int[k];
            int ns = 0;
            int nl = 0;
            for (int i = 0; i < k; i++) {
                scaled[i] = counts[i] * k / total;
                if (scaled[i] < 1) {
                    small[ns++] = i;
                } else {
                    large[nl++] = i;
                }
            }
            while (ns > 0 && nl > 0) {
                int s = small[--ns];
                int l = large[--nl];
                probability[s] = scaled[s];
                alias[s] = l;
                scaled[l] = scaled[l] + scaled[s] - 1;
                if (scaled[l] < 1) {
                    small[ns++] = l;
                } else {
                    large[nl++] = l;
                }
            }
            while (nl > 0) {
                probability[large[--nl]] = 1;
            }
            while (ns > 0) {
                probability[small[--ns]] = 1;
            }
        }

        /** One 64-bit draw: the high half picks the column, the low half decides between it and its alias. */
        int draw(SplittableRandom random) {
            long bits = random.nextLong();
            int i = (int) (((bits >>> 32) * probability.length) >>> 32);
            return (bits & 0xFFFFFFFFL) * 0x1p-32 < probability[i] ? i : alias[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NullThresholds t && Arrays.equals(sizes, t.sizes) && Arrays.equals(psi, t.psi)
                && Arrays.equals(wasserstein, t.wasserstein);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes) * 31 + Arrays.hashCode(psi);
    }

    @Override
    public String toString() {
        return "NullThresholds" + Arrays.toString(sizes) + Arrays.toString(psi) + Arrays.toString(wasserstein);
    }
}
