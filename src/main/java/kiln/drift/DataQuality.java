package kiln.drift;

/**
 * Data-quality verdict for one feature and window: missing rate, share outside the training range and
 * sensor state, each against an editable threshold, so bad inputs are flagged separately from drift.
 *
 * <p>A window is STUCK when it has at least {@code minRowsForStuck} values whose range (max - min) is at
 * most {@code stuckRangeFraction} times the reference standard deviation; a feature that is constant
 * in the reference too is never stuck (constancy is its normal state).
 */
public final class DataQuality {

    /**
     * Editable thresholds.
     *
     * @param maxMissingRate     alert when the missing rate exceeds this (default 5 %)
     * @param maxOutsideRange    alert when the share outside the training range exceeds this (default 1 %)
     * @param stuckRangeFraction a window whose range is below this fraction of the reference sd is stuck
     * @param minRowsForStuck    fewer values than this cannot be called stuck (a couple of equal readings is normal)
     */
    public record Thresholds(double maxMissingRate, double maxOutsideRange, double stuckRangeFraction,
            long minRowsForStuck) {
        public static Thresholds defaults() {
            return new Thresholds(0.05, 0.01, 1e-6, 10);
        }
    }

    /** The verdict; {@code level} is ALERT if any check breached. */
    public record Report(double missingRate, double outsideRangeShare, SensorState sensor, DriftLevel level) {
    }

    private DataQuality() {
    }

    /**
     * @param window       the current window's aggregates
     * @param referenceStd standard deviation of the feature in the reference window
     */
    public static Report check(QualitySummary window, double referenceStd, Thresholds thresholds) {
        SensorState sensor = sensorState(window, referenceStd, thresholds);
        boolean breach = window.missingRate() > thresholds.maxMissingRate()
                || window.outsideRangeShare() > thresholds.maxOutsideRange()
                || sensor == SensorState.DEAD || sensor == SensorState.STUCK;
        return new Report(window.missingRate(), window.outsideRangeShare(), sensor,
                breach ? DriftLevel.ALERT : DriftLevel.OK);
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
