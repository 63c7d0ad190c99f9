package kiln.ui.monitor;

/**
 * The time range the accuracy chart shows when the user jumps to an alert: the alert's data window
 * with twice its width of context on either side, but no months without data beside a long window,
 * and at least a few of the chart's own windows around a short one.
 */
final class FocusRange {

    /** How many of the chart's own windows a jump to a shorter alert window shows. */
    static final int MIN_WINDOWS = 5;

    private FocusRange() {}

    /**
     * @param window    the alert's data window
     * @param xs        window centres shown (epoch seconds, ascending), each array may be null or empty
     * @return {from, to} in epoch seconds
     */
    static double[] around(TimeRange window, double[]... xs) {
        TimeRange padded = window.padded(2);
        double from = padded.from().getEpochSecond();
        double to = padded.to().getEpochSecond();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double step = Double.POSITIVE_INFINITY;
        for (double[] x : xs) {
            if (x == null || x.length == 0) {
                continue;
            }
            min = Math.min(min, x[0]);
            max = Math.max(max, x[x.length - 1]);
            for (int i = 1; i < x.length; i++) {
                if (x[i] > x[i - 1]) {
                    step = Math.min(step, x[i] - x[i - 1]);
                }
            }
        }
        if (min > max) {
            return new double[] {from, to};
        }
        // a long window (an alert still firing) padded twice its width would show months without data
        from = Math.max(from, Math.min(min, window.from().getEpochSecond()));
        to = Math.min(to, Math.max(max, window.to().getEpochSecond()));
        // a window shorter than the chart's own (an hour-long detector alert on daily windows) shows a few of
        // those around it, not a flat line through a part of one
        double least = Double.isInfinite(step) ? 0 : MIN_WINDOWS * step;
        if (to - from < least) {
            double middle = (window.from().getEpochSecond() + window.to().getEpochSecond()) / 2.0;
            from = middle - least / 2;
            to = middle + least / 2;
        }
        return new double[] {from, to};
    }
}
