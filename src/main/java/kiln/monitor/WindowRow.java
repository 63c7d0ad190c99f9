package kiln.monitor;

import java.time.Instant;

/**
 * One window's summaries of one column (a row of drift_window before its statistics): counts, range,
 * moments, PSI counts, quantiles and the counts on the reference's fine grid ({keys, counts}, keys
 * ascending; null when nothing was counted or the window spans two references' grids).
 */
record WindowRow(String feature, Instant start, Instant end, String refKey, long rows, long missing, long outside,
        double min, double max, double variance, double mean, long[] counts, double[] quantiles, long[][] fine) {
    long present() {
        return rows - missing;
    }
}
