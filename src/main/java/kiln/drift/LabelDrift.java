package kiln.drift;

/**
 * Label drift: has the share of positive (good) products changed since the reference window? A prior
 * shift alone can lower accuracy even when the input-output relation is unchanged.
 */
public final class LabelDrift {
    public static final double DEFAULT_ALPHA = 0.01;

    private LabelDrift() {
    }

    /** Positive-rate difference with its two-proportion test (labelled rows only). */
    public static TwoProportionTest of(long referencePositives, long referenceLabelled, long currentPositives,
            long currentLabelled) {
        return TwoProportionTest.of(referencePositives, referenceLabelled, currentPositives, currentLabelled);
    }

    /** Drifted when the test is significant at alpha (NaN p-values, i.e. no labels yet, never drift). */
    public static boolean drifted(TwoProportionTest test, double alpha) {
        return test.pValue() < alpha;
    }
}
