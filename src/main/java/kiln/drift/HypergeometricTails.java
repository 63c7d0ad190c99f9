package kiln.drift;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Exact tails of the hypergeometric law, P(X ≤ x) and P(X ≥ x), for Fisher's exact tests.
 *
 * <p>Commons Math sums a tail term by term, each term from three saddle-point log-binomials: for a day
 * of 30,000 labels against a reference ten times larger that is tens of thousands of logarithms per
 * test, and the monitor runs such a test per class, window and pulse (a replay spent most of its
 * monitor time there). Here Commons Math gives the one term P(X = x); the tail is summed outward from
 * it with the ratio of neighbouring terms, always on the side away from the mode, where terms fall
 * steadily, and stops once a term no longer changes the sum. The other tail is its complement.
 */
public final class HypergeometricTails {

    /** A term below this share of the running sum no longer changes it in double precision. */
    private static final double NEGLIGIBLE = 1e-17;

    private final int population;
    private final int successes;
    private final int draws;
    private final int lowest;
    private final int highest;
    private final int mode;
    private final HypergeometricDistribution law;

    /** The law of the successes among {@code draws} drawn without replacement from {@code population} holding {@code successes}. */
    public HypergeometricTails(int population, int successes, int draws) {
        this.population = population;
        this.successes = successes;
        this.draws = draws;
        this.law = new HypergeometricDistribution(null, population, successes, draws);
        this.lowest = law.getSupportLowerBound();
        this.highest = law.getSupportUpperBound();
        this.mode = (int) Math.min(highest, Math.max(lowest, Math.floor((draws + 1.0) * (successes + 1.0) / (population + 2.0))));
    }

    /** P(X ≤ x). */
    public double lower(int x) {
        if (x < lowest) {
            return 0;
        }
        if (x >= highest) {
            return 1;
        }
        return x <= mode ? clamp(sumDown(x)) : clamp(1 - sumUp(x + 1));
    }

    /** P(X ≥ x). */
    public double upper(int x) {
        if (x <= lowest) {
            return 1;
        }
        if (x > highest) {
            return 0;
        }
        return x >= mode ? clamp(sumUp(x)) : clamp(1 - sumDown(x - 1));
    }

    /** P(X ≥ x) for x at or past the mode: P(X = x) times 1 + r(x) + r(x) r(x+1) + …, r(k) = P(k+1)/P(k). */
    private double sumUp(int x) {
        double sum = 1;
        double term = 1;
        long others = (long) population - successes - draws;
        for (int k = x; k < highest; k++) {
            term *= (double) (successes - k) * (draws - k) / ((k + 1.0) * (others + k + 1.0));
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return Math.exp(law.logProbability(x) + Math.log(sum));
    }

    /** P(X ≤ x) for x at or below the mode: P(X = x) times 1 + s(x) + s(x) s(x−1) + …, s(k) = P(k−1)/P(k). */
    private double sumDown(int x) {
        double sum = 1;
        double term = 1;
        long others = (long) population - successes - draws;
        for (int k = x; k > lowest; k--) {
            term *= (double) k * (others + k) / ((successes - k + 1.0) * (draws - k + 1.0));
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return Math.exp(law.logProbability(x) + Math.log(sum));
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }
}
