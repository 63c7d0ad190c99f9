package kiln.drift;

import java.time.Duration;

/**
 * The editable drift settings, kept together so a model's settings can be stored and passed around as
 * one value.
 *
 * <p>Every drift verdict on a window is a test at a false-alarm level fixed by how many such windows a
 * stable feature produces: {@code falseAlarmsPer42Days} is the chance that a feature whose
 * distribution never changes shows one (or more) drifted window of a given length in 42 days, so
 * each hour is judged at {@code falseAlarmsPer42Days / 1008} and each day at
 * {@code falseAlarmsPer42Days / 42} (the union bound: the rate holds however the windows depend on
 * each other and on the reference).
 *
 * @param falseAlarmsPer42Days chance of a false drift verdict per feature and window length in 42 days (default 0.01)
 * @param minShift             W/std from which a clear change counts as drift rather than a small change (default 0.1)
 */
public record DriftThresholds(double falseAlarmsPer42Days, double minShift) {
    /** The period the false-alarm budget is spent over. */
    public static final Duration BUDGET_PERIOD = Duration.ofDays(42);

    public DriftThresholds {
        if (!(falseAlarmsPer42Days > 0 && falseAlarmsPer42Days < 1 && minShift >= 0)) {
            throw new IllegalArgumentException("need 0 < falseAlarmsPer42Days < 1 and minShift >= 0");
        }
    }

    public static DriftThresholds defaults() {
        return new DriftThresholds(0.01, Wasserstein.DEFAULT_THRESHOLD);
    }

    /** The false-alarm level each window of this length is judged at. */
    public double alpha(Duration window) {
        return falseAlarmsPer42Days * window.toSeconds() / BUDGET_PERIOD.toSeconds();
    }
}
