package kiln.drift;

import kiln.domain.DriftLevel;

/**
 * Data-quality verdict for one feature and window: missing values, values beyond the reference range
 * and sensor state, so bad inputs are flagged separately from drift.
 *
 * <p><b>Missing values.</b> When the feature goes missing as often as in the reference, the window's
 * missing values are a random draw from all the missing values of reference and window together:
 * given that total, the window's count is hypergeometric (Fisher's exact test, one-sided). A window
 * breaches when P(at least this many) is below its false-alarm level alpha; a reference that was never
 * missing still lets through the odd missing value in a large window, and a sensor that drops out for
 * a quarter of an hour is named.
 *
 * <p><b>Beyond the reference range.</b> Of m new values from the reference's own (continuous)
 * distribution, the number X beyond the range [min, max] of n reference values follows an exact,
 * distribution-free law: the share beyond the range is a Beta(2, n − 1) variable (two of the n + 1
 * spacings), so X is beta-binomial(m; 2, n − 1) with mean m·2/(n + 1). A window breaches when
 * P(X ≥ observed) is below its false-alarm level alpha. Ties (discrete values) only make values beyond
 * the range rarer, so the test stays conservative for them.
 *
 * <p>A window is STUCK when it has at least {@code minRowsForStuck} values whose range (max - min) is at
 * most {@code stuckRangeFraction} times the reference standard deviation; a feature that is constant
 * in the reference too is never stuck (constancy is its normal state).
 */
public final class DataQuality {

    /**
     * Editable thresholds.
     *
     * @param stuckRangeFraction a window whose range is below this fraction of the reference sd is stuck
     * @param minRowsForStuck    fewer values than this cannot be called stuck (a couple of equal readings is normal)
     */
    public record Thresholds(double stuckRangeFraction, long minRowsForStuck) {
        public static Thresholds defaults() {
            return new Thresholds(1e-6, 10);
        }
    }

    /**
     * The verdict; {@code level} is ALERT if any check breached.
     *
     * @param missingP      P(at least this many missing values) for a feature missing as often as in the reference
     * @param missingBreach whether that is below the window's false-alarm level
     * @param outsideRangeP P(at least this many values beyond the reference range) for a stable feature
     * @param outsideBreach whether that is below the window's false-alarm level
     */
    public record Report(double missingRate, double missingP, boolean missingBreach, double outsideRangeShare, double outsideRangeP,
            boolean outsideBreach, SensorState sensor, DriftLevel level) {
    }

    private DataQuality() {}

    /**
     * @param window       the current window's aggregates
     * @param referenceStd standard deviation of the feature in the reference window
     * @param referenceN   values in the reference (its range is their min and max)
     * @param referenceMissing rows of the reference where the feature was missing
     * @param alpha        the window's false-alarm level for the missing and out-of-range tests
     */
    public static Report check(QualitySummary window, double referenceStd, long referenceN, long referenceMissing, double alpha,
            Thresholds thresholds) {
        SensorState sensor = sensorState(window, referenceStd, thresholds);
        double p = outsideRangeP(window.outsideRange(), window.present(), referenceN);
        boolean outside = p < alpha;
        double missingP = missingP(window.missing(), window.rows(), referenceMissing, referenceN + referenceMissing);
        boolean missing = missingP < alpha;
        boolean breach = missing || outside || sensor == SensorState.DEAD || sensor == SensorState.STUCK;
        return new Report(window.missingRate(), missingP, missing, window.outsideRangeShare(), p, outside, sensor,
                breach ? DriftLevel.ALERT : DriftLevel.OK);
    }

    /**
     * P(X ≥ missing) for X hypergeometric: the chance that a window of {@code rows} rows holds at least
     * this many of the missing values that it and a reference of {@code referenceRows} rows hold together,
     * when the feature goes missing as often in both. 1 when nothing is missing or there is no reference.
     */
    public static double missingP(long missing, long rows, long referenceMissing, long referenceRows) {
        if (missing <= 0 || rows <= 0 || referenceRows <= 0) {
            return 1.0;
        }
        long population = rows + referenceRows;
        if (population > Integer.MAX_VALUE) {
            // Beyond the library's int counts: scale both down alike, which keeps the shares and only widens the test.
            double scale = (double) (1 << 30) / population;
            return missingP((long) Math.ceil(missing * scale), (long) Math.ceil(rows * scale), (long) (referenceMissing * scale),
                    (long) Math.ceil(referenceRows * scale));
        }
        return new HypergeometricTails((int) population, (int) (missing + referenceMissing), (int) rows).upper((int) missing);
    }

    /** The share of values a stable feature puts beyond the range of n reference values, 2/(n + 1). */
    public static double expectedOutsideShare(long referenceN) {
        return 2.0 / (referenceN + 1);
    }

    /**
     * P(X ≥ outside) for X beta-binomial(m; 2, n − 1): the chance that a stable feature puts at least
     * this many of m values beyond the range of n reference values. 1 when nothing is outside or there
     * is no reference to speak of (fewer than two values).
     */
    public static double outsideRangeP(long outside, long m, long n) {
        if (outside <= 0 || m <= 0 || n < 2) {
            return 1.0;
        }
        if (outside > m) {
            return 0.0;
        }
        // P(0) = n(n-1) / ((m+n)(m+n-1)); P(x+1)/P(x) = (m-x)/(x+1) · (x+2)/(m-x-1+n-1).
        double b = n - 1;
        double pmf = (double) n * (n - 1) / (((double) m + n) * ((double) m + n - 1));
        double below = 0;
        for (long x = 0; x < outside; x++) {
            below += pmf;
            pmf *= (double) (m - x) / (x + 1) * (x + 2) / (m - x - 1 + b);
        }
        double tail = 0;
        for (long x = outside; x <= m; x++) {
            tail += pmf;
            if (pmf < tail * 1e-17) {
                break;
            }
            pmf *= (double) (m - x) / (x + 1) * (x + 2) / (m - x - 1 + b);
        }
        // Summed from whichever side is small, so a tiny tail keeps its digits.
        return Math.min(1.0, Math.max(0.0, below > 0.5 ? tail : 1 - below));
    }

    public static SensorState sensorState(QualitySummary window, double referenceStd, Thresholds thresholds) {
        if (window.rows() == 0) {
            return SensorState.NO_DATA;
        }
        if (window.present() == 0) {
            return SensorState.DEAD;
        }
        boolean referenceVaries = referenceStd > 0;
        boolean enough = window.present() >= thresholds.minRowsForStuck();
        double range = window.max() - window.min();
        if (referenceVaries && enough && range <= thresholds.stuckRangeFraction() * referenceStd) {
            return SensorState.STUCK;
        }
        return SensorState.LIVE;
    }
}
