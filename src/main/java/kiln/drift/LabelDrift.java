package kiln.drift;

/**
 * Label drift: has the share of positive (good) products changed since the reference window? A prior
 * shift alone can lower accuracy even when the input-output relation is unchanged.
 *
 * <p>The verdict is Fisher's exact test (two-sided, doubling the smaller tail): given how many positives
 * reference and window hold together, the window's count is hypergeometric when the rate did not change.
 * The z-test's normal approximation flagged an hour of 8 labels holding 4 positives at a 5 % rate
 * (exact chance 4e-4, z-test 1e-7), so most stable 42-day runs coloured some hour.
 */
public final class LabelDrift {

    private LabelDrift() {}

    /** Positive-rate difference with the two-proportion statistic and Fisher's exact p-value (labelled rows only). */
    public static TwoProportionTest of(long referencePositives, long referenceLabelled, long currentPositives,
            long currentLabelled) {
        TwoProportionTest z = TwoProportionTest.of(referencePositives, referenceLabelled, currentPositives, currentLabelled);
        if (Double.isNaN(z.pValue())) {
            return z;
        }
        return new TwoProportionTest(z.referenceRate(), z.currentRate(), z.difference(), z.z(),
                exactP(referencePositives, referenceLabelled, currentPositives, currentLabelled));
    }

    /** Two-sided P of Fisher's exact test for the 2 x 2 table (positives and others, reference and window). */
    public static double exactP(long referencePositives, long referenceLabelled, long currentPositives, long currentLabelled) {
        long population = referenceLabelled + currentLabelled;
        if (population > Integer.MAX_VALUE) {
            double scale = (double) (1 << 30) / population;
            return exactP(Math.round(referencePositives * scale), Math.max(1, Math.round(referenceLabelled * scale)),
                    Math.round(currentPositives * scale), Math.max(1, Math.round(currentLabelled * scale)));
        }
        HypergeometricTails law = new HypergeometricTails((int) population, (int) (referencePositives + currentPositives),
                (int) currentLabelled);
        int x = (int) currentPositives;
        return Math.min(1.0, 2 * Math.min(law.upper(x), law.lower(x)));
    }

    /** Drifted when the test is significant at alpha (NaN p-values, i.e. no labels yet, never drift). */
    public static boolean drifted(TwoProportionTest test, double alpha) {
        return test.pValue() < alpha;
    }
}
