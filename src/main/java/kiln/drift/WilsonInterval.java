package kiln.drift;

/**
 * Wilson score interval for a proportion such as accuracy: unlike the textbook p ± z·√(p(1-p)/n) it
 * stays inside [0, 1] and keeps its coverage for small windows and accuracies near 100 %, which is
 * exactly where a monitor's hourly windows live.
 *
 * <p>centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · √(p̂(1-p̂)/n + z²/4n²).
 *
 * @param successes e.g. correct predictions
 * @param n         trials, e.g. labelled predictions
 * @param lower     lower bound (0 when n = 0: nothing is known)
 * @param upper     upper bound (1 when n = 0)
 */
public record WilsonInterval(long successes, long n, double lower, double upper) {
    /** z for a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    public static WilsonInterval of(long successes, long n, double z) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) {
            return new WilsonInterval(0, 0, 0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // At 0 or n successes the bound is exactly 0 or 1; rounding would otherwise leave 0.9999999999999999.
        double lower = successes == 0 ? 0 : Math.max(0, centre - half);
        double upper = successes == n ? 1 : Math.min(1, centre + half);
        return new WilsonInterval(successes, n, lower, upper);
    }

    /** The 95 % interval. */
    public static WilsonInterval of(long successes, long n) {
        return of(successes, n, Z95);
    }

    /** The point estimate successes / n (NaN when n = 0). */
    public double estimate() {
        return n == 0 ? Double.NaN : (double) successes / n;
    }
}
