package kiln.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.junit.jupiter.api.Test;

class HypergeometricTailsTest {

    /** Both tails agree with Commons Math's term-by-term sums to 1e-9 relative, from tiny to large tables. */
    @Test
    void tailsMatchTheLibrarysSums() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        for (int trial = 0; trial < 400; trial++) {
            int population = trial < 200 ? 2 + random.nextInt(60) : 100 + random.nextInt(200_000);
            int successes = random.nextInt(population + 1);
            int draws = random.nextInt(population + 1);
            HypergeometricDistribution reference = new HypergeometricDistribution(null, population, successes, draws);
            HypergeometricTails tails = new HypergeometricTails(population, successes, draws);
            int lo = reference.getSupportLowerBound();
            int hi = reference.getSupportUpperBound();
            double mean = reference.getNumericalMean();
            double sd = Math.sqrt(reference.getNumericalVariance());
            for (int step = 0; step < 12; step++) {
                int x = step < 4 ? lo - 1 + step * Math.max(1, (hi - lo + 2) / 3)
                        : (int) Math.round(mean + (step - 8) * 1.5 * sd);
                x = Math.max(lo - 1, Math.min(hi + 1, x));
                assertClose(reference.cumulativeProbability(x), tails.lower(x), population, successes, draws, x);
                assertClose(reference.upperCumulativeProbability(x), tails.upper(x), population, successes, draws, x);
                compared++;
            }
        }
        assertTrue(compared >= 4800);
    }

    @Test
    void aWindowOfOneDayAgainstTenIsExactAtTheTail() {
        // 30,000 labels, 9,600 positive, against 300,000 at 30 %: far in the upper tail, but finite and tiny
        HypergeometricDistribution reference = new HypergeometricDistribution(null, 330_000, 99_600, 30_000);
        HypergeometricTails tails = new HypergeometricTails(330_000, 99_600, 30_000);
        assertClose(reference.upperCumulativeProbability(9_600), tails.upper(9_600), 330_000, 99_600, 30_000, 9_600);
        assertEquals(1.0, tails.lower(30_000));
        assertEquals(0.0, tails.upper(30_001));
    }

    private static void assertClose(double expected, double actual, int population, int successes, int draws, int x) {
        String where = "N=" + population + " K=" + successes + " n=" + draws + " x=" + x;
        if (expected < 1e-280) {
            assertTrue(actual < 1e-270, where + ": " + actual);
        } else {
            assertEquals(expected, actual, Math.max(1e-12, 1e-9 * expected), where);
        }
    }
}
