package kiln.domain.eda;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The results of the EDA queries: plain immutable values, ready to hand to a chart or a table. */
public final class EdaResults {

    private EdaResults() {}

    /** The first and last reading time of a data set, or nulls when it has no readings. */
    public record TimeBounds(LocalDateTime first, LocalDateTime last, long rows) {
    }

    /** A run's training window from the {@code run} table (start or end may be null). */
    public record RunWindow(int runId, String trainer, LocalDateTime start, LocalDateTime end) {
        public String describe() {
            return "Run " + runId + " (" + trainer + ")";
        }
    }

    /**
     * One feature's profile over a window. Quantiles are estimated from a reservoir sample of
     * {@code EdaQueries.QUANTILE_SAMPLE} values (store.eda) (exact for smaller windows) and distinct is a
     * HyperLogLog estimate: exact ones sort every row, too slow for millions.
     */
    public record FeatureProfile(String feature, String unit, long count, long missing, Double mean, Double std,
            Double min, Double p1, Double p25, Double median, Double p75, Double p99, Double max,
            long distinct, long outOfRange) {
    }

    /**
     * How many readings in the window carry each label code ({@code byCode[c]}; binary: 1 positive,
     * 0 other), and how many are not labelled yet.
     */
    public record LabelBalance(long[] byCode, long unlabelled) {

        /** A binary balance. */
        public LabelBalance(long good, long bad, long unlabelled) {
            this(new long[] {bad, good}, unlabelled);
        }

        /** Readings with code {@code c}; 0 for a code never seen. */
        public long count(int code) {
            return code >= 0 && code < byCode.length ? byCode[code] : 0;
        }

        /** Binary: readings of the positive class (code 1). */
        public long good() {
            return count(1);
        }

        /** Binary: readings of the other class (code 0). */
        public long bad() {
            return count(0);
        }

        public long labelled() {
            return Arrays.stream(byCode).sum();
        }

        public long total() {
            return labelled() + unlabelled;
        }

        /** Equal counts are equal balances (a record compares arrays by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof LabelBalance b && unlabelled == b.unlabelled && Arrays.equals(byCode, b.byCode);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(byCode) + Long.hashCode(unlabelled);
        }

        @Override
        public String toString() {
            return "LabelBalance" + Arrays.toString(byCode) + " unlabelled " + unlabelled;
        }
    }

    public record DayCount(LocalDate day, long readings) {
    }

    /**
     * A histogram of one feature split by label code ({@code byCode[c][bin]}; binary: 1 positive,
     * 0 other) and the unlabelled readings; {@code edges} has bins + 1 entries.
     */
    public record Histogram(String feature, double[] edges, long[][] byCode, long[] unlabelled) {

        /** A binary histogram. */
        public Histogram(String feature, double[] edges, long[] good, long[] bad, long[] unlabelled) {
            this(feature, edges, new long[][] {bad, good}, unlabelled);
        }

        public int bins() {
            return unlabelled.length;
        }

        /** Binary: counts of the positive class (code 1). */
        public long[] good() {
            return byCode[1];
        }

        /** Binary: counts of the other class (code 0). */
        public long[] bad() {
            return byCode[0];
        }

        /** The index of the bin that holds {@code value}, clamped to the first and last bin. */
        public int binOf(double value) {
            int bins = bins();
            double width = (edges[bins] - edges[0]) / bins;
            if (width <= 0) {
                return 0;
            }
            return (int) Math.max(0, Math.min(bins - 1, Math.floor((value - edges[0]) / width)));
        }
    }

    /**
     * A time-series envelope: per time bucket the min, max and mean of a feature, plus the share of
     * one label code among the labelled rows (binary: code 0, the other class; NaN when not asked for
     * or nothing labelled).
     */
    public record Envelope(String feature, long bucketMillis, long[] startMillis, double[] min, double[] max,
            double[] mean, long[] count, double[] badShare, long rows) {
        public int size() {
            return startMillis.length;
        }
    }

    /** A random sample of rows: feature values column-wise, labels as codes (binary: 1 positive, 0 other), -1 unlabelled. */
    public record ScatterSample(List<String> features, double[][] values, int[] label, long windowRows) {
        public int size() {
            return label.length;
        }
    }

    /** Pearson correlation between every pair of features (NaN where undefined). */
    public record CorrelationMatrix(List<String> features, double[][] r) {
    }

    /** Box-plot figures of one feature on one day (quartiles from a reservoir sample, like the profile). */
    public record DayBox(LocalDate day, long count, double min, double p25, double median, double p75, double max) {
    }

    /** One reading with its label code (binary: 1 positive, 0 other; null unlabelled). */
    public record DataRow(long id, LocalDateTime time, Map<String, Double> values, Integer label) {
    }

    /** One page of drill-down rows, and how many rows match in all. */
    public record RowPage(List<DataRow> rows, long offset, long totalRows) {
        public boolean hasNext() {
            return offset + rows.size() < totalRows;
        }
    }
}
