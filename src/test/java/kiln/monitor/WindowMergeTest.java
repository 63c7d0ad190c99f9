package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.DoubleStream;

import org.junit.jupiter.api.Test;

/**
 * The day merge on hour summaries built here from raw values (NaN for a missing value), each checked
 * against the same values summarised in one pass as a day: no database.
 */
class WindowMergeTest {
    private static final String KEY = "ref-1";
    private static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");
    /** A reference on [0, 10]: fine bins 0.05 wide, PSI edges at 1, 2, ..., 9 (on grid lines). */
    private static final RefStats REF = reference(0, 10);
    private static final double[] EDGES = REF.edges();

    private static RefStats reference(double min, double max) {
        double[] edges = DoubleStream.iterate(1, e -> e + 1).limit(9).toArray();
        return new RefStats("x", edges, new long[edges.length + 1], null, 1000, 0, 0, min, max, 2, null, null);
    }

    /**
     * The summary of one window's values, computed directly: counts by looking at each value, PSI bins
     * by comparing with the edges, fine bins by flooring, moments and quantiles exactly.
     */
    private static WindowRow summary(Instant start, Instant end, String key, double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        long outside = Arrays.stream(present).filter(v -> v < REF.min() || v > REF.max()).count();
        if (present.length == 0) { // what an hour of nothing but missing values looks like in drift_window
            return new WindowRow("x", start, end, key, values.length, values.length, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, new long[] {0}, null, null);
        }
        long[] psi = new long[EDGES.length + 1];
        TreeMap<Long, Long> fine = new TreeMap<>();
        double width = (REF.max() - REF.min()) / FineBins.BINS;
        for (double v : present) {
            psi[(int) Arrays.stream(EDGES).filter(e -> e <= v).count()]++;
            fine.merge((long) Math.floor((v - REF.min()) / width), 1L, Long::sum);
        }
        double mean = Arrays.stream(present).average().orElseThrow();
        double variance = present.length < 2 ? Double.NaN
                : Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum() / (present.length - 1);
        double[] quantiles = Arrays.stream(DriftMaterializer.PROBS).map(p -> exactQuantile(present, p)).toArray();
        long[][] bins = {fine.keySet().stream().mapToLong(Long::longValue).toArray(),
                fine.values().stream().mapToLong(Long::longValue).toArray()};
        return new WindowRow("x", start, end, key, values.length, values.length - present.length, outside, present[0],
                present[present.length - 1], variance, mean, psi, quantiles, bins);
    }

    /** quantile_cont's definition ("type 7") on sorted values. */
    private static double exactQuantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static WindowRow hour(int h, double[] values) {
        Instant start = DAY.plus(h, ChronoUnit.HOURS);
        return summary(start, start.plus(1, ChronoUnit.HOURS), KEY, values);
    }

    /** Values around a level that moves through the day, some missing, some beyond the reference's range. */
    private static double[] hourValues(Random random, int h, int n) {
        double level = 5 + 3 * Math.sin(h / 4.0);
        return random.doubles(n).map(u -> u < 0.05 ? Double.NaN : level + 2 * random.nextGaussian()).toArray();
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static void assertIsTheDayOf(WindowRow merged, double[] dayValues) {
        WindowRow direct = summary(DAY, DAY.plus(1, ChronoUnit.DAYS), KEY, dayValues);
        assertThat(merged.feature()).isEqualTo("x");
        assertThat(merged.start()).isEqualTo(DAY);
        assertThat(merged.end()).isEqualTo(DAY.plus(1, ChronoUnit.DAYS));
        assertThat(merged.refKey()).isEqualTo(KEY);
        assertThat(merged.rows()).isEqualTo(direct.rows());
        assertThat(merged.missing()).isEqualTo(direct.missing());
        assertThat(merged.outside()).isEqualTo(direct.outside()).isPositive();
        assertThat(merged.min()).isEqualTo(direct.min());
        assertThat(merged.max()).isEqualTo(direct.max());
        assertThat(merged.counts()).containsExactly(direct.counts());
        assertThat(merged.fine()[0]).containsExactly(direct.fine()[0]);
        assertThat(merged.fine()[1]).containsExactly(direct.fine()[1]);
        assertThat(merged.mean()).isCloseTo(direct.mean(), within(1e-9));
        assertThat(merged.variance()).isCloseTo(direct.variance(), within(1e-9));
        // Read off the day's fine bins: each within one bin of the exact quantile, the ends exact.
        double width = REF.grid().width();
        for (int i = 0; i < merged.quantiles().length; i++) {
            assertThat(merged.quantiles()[i]).as("quantile %s", DriftMaterializer.PROBS[i])
                    .isCloseTo(direct.quantiles()[i], within(width * 1.01));
        }
        assertThat(merged.quantiles()[0]).isEqualTo(direct.min());
        assertThat(merged.quantiles()[merged.quantiles().length - 1]).isEqualTo(direct.max());
    }

    @Test
    void twentyFourHoursMergeIntoTheSummaryOfTheirRowsTakenAsOneDay() {
        Random random = new Random(11);
        List<double[]> values = new ArrayList<>();
        List<WindowRow> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            values.add(hourValues(random, h, 150 + 10 * h));
            hours.add(hour(h, values.get(h)));
        }
        assertIsTheDayOf(WindowMerge.day(hours, KEY, REF), concat(values));
    }

    @Test
    void hoursWithoutValuesAddTheirRowsAndMissingButNothingElseWhereverTheyFall() {
        Random random = new Random(12);
        List<double[]> values = new ArrayList<>();
        List<WindowRow> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            // Midnight, noon and the last hour have rows whose values are all missing.
            boolean empty = h == 0 || h == 12 || h == 23;
            values.add(empty ? DoubleStream.generate(() -> Double.NaN).limit(40).toArray() : hourValues(random, h, 200));
            hours.add(hour(h, values.get(h)));
        }
        WindowRow merged = WindowMerge.day(hours, KEY, REF);
        assertIsTheDayOf(merged, concat(values));
        assertThat(merged.missing()).isGreaterThanOrEqualTo(3 * 40);
    }

    @Test
    void aFeatureSeenInOnlySomeHoursMergesTheHoursItHas() {
        Random random = new Random(13);
        List<double[]> values = new ArrayList<>();
        List<WindowRow> hours = new ArrayList<>();
        for (int h = 5; h < 24; h += 3) {
            double[] v = hourValues(random, h, 300);
            values.add(v);
            hours.add(hour(h, v));
        }
        assertIsTheDayOf(WindowMerge.day(hours, KEY, REF), concat(values));
    }

    @Test
    void aDayOfOnlyMissingValuesHasNoRangeMomentsQuantilesOrBins() {
        List<WindowRow> hours = List.of(hour(3, new double[] {Double.NaN, Double.NaN}), hour(4, new double[] {Double.NaN}));
        WindowRow merged = WindowMerge.day(hours, KEY, REF);
        assertThat(merged.rows()).isEqualTo(3);
        assertThat(merged.missing()).isEqualTo(3);
        assertThat(merged.present()).isZero();
        assertThat(merged.min()).isNaN();
        assertThat(merged.max()).isNaN();
        assertThat(merged.mean()).isNaN();
        assertThat(merged.variance()).isNaN();
        assertThat(merged.quantiles()).isNull();
        assertThat(merged.fine()).isNull();
        assertThat(merged.counts()).containsExactly(0);
    }

    /**
     * Hours counted under another reference (a promotion during the day): their rows count, their PSI
     * counts do not, and the day's quantiles are those of the hours' mixture. Two uniform hours, on [0, 1]
     * (100 values) and [1, 2] (300 values), have a mixture CDF of x/4 on [0, 1] and 1/4 + 3(x - 1)/4 on
     * [1, 2], so its quantile at p is 4p up to p = 1/4 and 1 + (p - 1/4)·4/3 above.
     */
    @Test
    void hoursOnAnotherReferencesGridLeaveTheDayWithTheMixtureOfTheirQuantiles() {
        double[] probs = DriftMaterializer.PROBS;
        WindowRow before = new WindowRow("x", DAY, DAY.plus(1, ChronoUnit.HOURS), "ref-0", 110, 10, 0, 0, 1, 1.0 / 12, 0.5,
                new long[] {50, 50}, probs.clone(), new long[][] {{0}, {100}});
        double[] later = Arrays.stream(probs).map(p -> 1 + p).toArray();
        Instant nine = DAY.plus(9, ChronoUnit.HOURS);
        WindowRow after = new WindowRow("x", nine, nine.plus(1, ChronoUnit.HOURS), KEY, 300, 0, 0, 1, 2, 1.0 / 12, 1.5,
                new long[] {0, 300, 0, 0, 0, 0, 0, 0, 0, 0}, later, new long[][] {{20, 39}, {150, 150}});

        WindowRow merged = WindowMerge.day(List.of(before, after), KEY, REF);

        assertThat(merged.rows()).isEqualTo(410);
        assertThat(merged.missing()).isEqualTo(10);
        assertThat(merged.min()).isZero();
        assertThat(merged.max()).isEqualTo(2);
        assertThat(merged.counts()).containsExactly(0, 300, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(merged.fine()).isNull();
        assertThat(merged.mean()).isCloseTo((100 * 0.5 + 300 * 1.5) / 400, within(1e-12));
        // Pooled: within-hour sums of squares plus each hour's distance from the overall mean of 1.25.
        double pooled = (99.0 / 12 + 299.0 / 12 + 100 * 0.75 * 0.75 + 300 * 0.25 * 0.25) / 399;
        assertThat(merged.variance()).isCloseTo(pooled, within(1e-12));
        for (int i = 0; i < probs.length; i++) {
            double expected = probs[i] <= 0.25 ? 4 * probs[i] : 1 + (probs[i] - 0.25) * 4 / 3;
            assertThat(merged.quantiles()[i]).as("quantile %s", probs[i]).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void withoutADayReferenceTheQuantilesAreTheMixtureOfTheHours() {
        double[] probs = DriftMaterializer.PROBS;
        WindowRow first = new WindowRow("x", DAY, DAY.plus(1, ChronoUnit.HOURS), KEY, 200, 0, 0, 0, 1, 1.0 / 12, 0.5,
                new long[] {200}, probs.clone(), null);
        Instant two = DAY.plus(2, ChronoUnit.HOURS);
        WindowRow second = new WindowRow("x", two, two.plus(1, ChronoUnit.HOURS), KEY, 200, 0, 0, 0, 1, 1.0 / 12, 0.5,
                new long[] {200}, probs.clone(), null);

        WindowRow merged = WindowMerge.day(List.of(first, second), KEY, null);

        assertThat(merged.counts()).containsExactly(400);
        assertThat(merged.fine()).isNull();
        for (int i = 0; i < probs.length; i++) { // two copies of uniform [0, 1] mix into uniform [0, 1]
            assertThat(merged.quantiles()[i]).isCloseTo(probs[i], within(1e-9));
        }
    }
}
