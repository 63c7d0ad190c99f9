package kiln.drift;

/**
 * Standard normal distribution functions, needed by the two-proportion test and the confidence
 * intervals; the JDK has none and a statistics library would be a heavy dependency for two functions.
 */
public final class Normal {
    private Normal() {}

    /**
     * Complementary error function by the Chebyshev fit of Numerical Recipes (erfcc), fractional
     * error below 1.2e-7 everywhere: ample for p-values compared with 0.01-level thresholds.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                        + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /** P(Z <= z) for a standard normal Z (clamped: the fit overshoots 1 by 3e-8 at 0). */
    public static double cdf(double z) {
        return Math.min(1.0, 0.5 * erfc(-z / Math.sqrt(2.0)));
    }

    /** P(|Z| >= |z|): the two-sided p-value of a z statistic. */
    public static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2.0)));
    }
}
