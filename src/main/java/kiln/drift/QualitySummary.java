package kiln.drift;

/**
 * One feature's window in the few aggregates the data-quality checks need, computed by DuckDB as
 * {@code count(*), count(*) - count(x), count(*) FILTER (x < refMin OR x > refMax), min(x), max(x), var_samp(x)}.
 *
 * @param rows          rows in the window
 * @param missing       rows where the feature is NULL/NaN
 * @param outsideRange  non-missing values outside the training range [refMin, refMax]
 * @param min           smallest non-missing value (NaN if none)
 * @param max           largest non-missing value (NaN if none)
 * @param variance      sample variance of the non-missing values (NaN if fewer than two)
 */
public record QualitySummary(long rows, long missing, long outsideRange, double min, double max, double variance) {

    public QualitySummary {
        if (rows < 0 || missing < 0 || missing > rows || outsideRange < 0 || outsideRange > rows - missing) {
            throw new IllegalArgumentException("inconsistent counts: rows " + rows + ", missing " + missing
                    + ", outside range " + outsideRange);
        }
    }

    /** Summarises a raw window (NaN = missing) against the training range [refMin, refMax]. */
    public static QualitySummary of(double[] window, double refMin, double refMax) {
        double[] present = Stats.sortedPresent(window);
        long outside = 0;
        for (double v : present) {
            if (v < refMin || v > refMax) {
                outside++;
            }
        }
        double variance = present.length < 2 ? Double.NaN : Math.pow(Stats.std(present), 2);
        return new QualitySummary(window.length, window.length - present.length, outside,
                present.length == 0 ? Double.NaN : present[0],
                present.length == 0 ? Double.NaN : present[present.length - 1], variance);
    }

    public long present() {
        return rows - missing;
    }

    /** Share of rows missing (0 for an empty window). */
    public double missingRate() {
        return rows == 0 ? 0 : (double) missing / rows;
    }

    /** Share of non-missing values outside the training range (0 when there are none). */
    public double outsideRangeShare() {
        return present() == 0 ? 0 : (double) outsideRange / present();
    }
}
