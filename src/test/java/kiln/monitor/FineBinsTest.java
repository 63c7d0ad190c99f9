package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import kiln.drift.QuantileSummary;
import org.junit.jupiter.api.Test;

class FineBinsTest {

    private static long[][] count(FineBins grid, double[] values) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge((long) Math.floor((v - grid.lo()) / grid.width()), 1L, Long::sum);
        }
        return new long[][] {counts.keySet().stream().mapToLong(Long::longValue).toArray(),
                counts.values().stream().mapToLong(Long::longValue).toArray()};
    }

    /** quantile_cont's definition ("type 7"), for comparison. */
    private static double exact(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    @Test
    void quantilesAreWithinOneBinOfTheExactOnesEvenForShiftedAndRescaledData() {
        Random random = new Random(7);
        double[] reference = random.doubles(20_000).map(u -> 355 + 3 * random.nextGaussian()).toArray();
        FineBins grid = FineBins.of(Arrays.stream(reference).min().orElseThrow(), Arrays.stream(reference).max().orElseThrow());
        for (double[] window : List.of(
                random.doubles(3600).map(u -> 355 + 3 * random.nextGaussian()).toArray(),
                random.doubles(3600).map(u -> 365 + 3 * random.nextGaussian()).toArray(), // shifted past the range
                random.doubles(3600).map(u -> (355 + 3 * random.nextGaussian()) * 1.8 + 32).toArray())) { // °F
            double[] sorted = window.clone();
            Arrays.sort(sorted);
            long[][] bins = count(grid, window);
            double[] q = grid.quantiles(bins[0], bins[1], sorted[0], sorted[sorted.length - 1], DriftMaterializer.PROBS);
            for (int i = 0; i < q.length; i++) {
                assertThat(q[i]).isCloseTo(exact(sorted, DriftMaterializer.PROBS[i]), within(grid.width() * 1.01));
            }
            assertThat(q[0]).isEqualTo(sorted[0]);
            assertThat(q[q.length - 1]).isEqualTo(sorted[sorted.length - 1]);
            new QuantileSummary(DriftMaterializer.PROBS, q, window.length); // non-decreasing, accepted as a summary
        }
    }

    @Test
    void hoursAddUpToTheirDay() {
        FineBins grid = FineBins.of(0, 10);
        long[][] merged = FineBins.merge(List.of(new long[][] {{3, 1}, {2, 5}}, new long[][] {{1, 40}, {4, 1}}));
        assertThat(merged[0]).containsExactly(1, 3, 40);
        assertThat(merged[1]).containsExactly(9, 2, 1);
        assertThat(grid.quantiles(new long[0], new long[0], 0, 1, DriftMaterializer.PROBS)).isNull();
    }

    @Test
    void aConstantReferenceStillGivesAUsableGrid() {
        FineBins grid = FineBins.of(12, 12);
        assertThat(grid.width()).isPositive();
        double[] stuck = new double[100];
        Arrays.fill(stuck, 12);
        long[][] bins = count(grid, stuck);
        assertThat(grid.quantiles(bins[0], bins[1], 12, 12, DriftMaterializer.PROBS)).containsOnly(12.0);
    }

    @Test
    void encodedBinsDecodeToTheSameKeysAndCountsIncludingNegativeAndFarKeys() {
        long[] keys = {-1_000_000_000_000L, -3, -1, 0, 1, 2, 199, 200, 5_000, 1L << 40};
        long[] counts = {1, 7, 300, 0, 1, 3_600, 86_400, 2, 1L << 33, 5};
        byte[] bytes = FineBins.encode(keys, counts);
        long[][] back = FineBins.decode(bytes);
        assertThat(back[0]).containsExactly(keys);
        assertThat(back[1]).containsExactly(counts);
        assertThat(FineBins.decode(FineBins.encode(new long[0], new long[0]))[0]).isEmpty();
        // Consecutive bins with hour-sized counts take about 2-3 bytes each, not 16.
        long[] run = LongStream.range(20, 180).toArray();
        long[] runCounts = LongStream.range(20, 180).map(k -> 5 + k % 90).toArray();
        assertThat(FineBins.encode(run, runCounts).length).isLessThan(run.length * 3);
    }

    @Test
    void snappedEdgesLieOnGridLinesAndCoarseCountsSplitFineBinsAtThem() {
        FineBins grid = FineBins.of(0, 200); // width 1
        double[] edges = grid.snappedEdges(new double[] {10.4, 10.6, 50.2, 50.3, Double.NaN});
        assertThat(edges).containsExactly(10.0, 11.0, 50.0);
        long[] coarse = grid.coarseCounts(edges, new long[] {-5, 9, 10, 11, 49, 50, 400}, new long[] {1, 2, 4, 8, 16, 32, 64});
        // bin 0: keys < 10; bin 1: key 10; bin 2: keys 11..49; bin 3: keys >= 50
        assertThat(coarse).containsExactly(3, 4, 24, 96);
    }

    @Test
    void momentsReadOffTheBinsAreCloseToTheExactOnesAndZeroForEqualValues() {
        Random random = new Random(11);
        double[] reference = random.doubles(20_000).map(u -> 355 + 3 * random.nextGaussian()).toArray();
        FineBins grid = FineBins.of(Arrays.stream(reference).min().orElseThrow(), Arrays.stream(reference).max().orElseThrow());
        double[] window = random.doubles(3600).map(u -> 357 + 2 * random.nextGaussian()).toArray();
        long[][] bins = count(grid, window);
        double[] m = grid.moments(bins[0], bins[1], Arrays.stream(window).min().orElseThrow(), Arrays.stream(window).max().orElseThrow());
        double mean = Arrays.stream(window).average().orElseThrow();
        double variance = Arrays.stream(window).map(v -> (v - mean) * (v - mean)).sum() / (window.length - 1);
        assertThat(m[0]).isCloseTo(mean, within(grid.width() / 2));
        assertThat(m[1]).isCloseTo(variance, within(variance * 0.01 + grid.width() * grid.width()));
        double[] stuck = {12.0, 12.0, 12.0};
        long[][] one = count(grid, stuck);
        assertThat(grid.moments(one[0], one[1], 12.0, 12.0)).containsExactly(12.0, 0.0);
        assertThat(grid.moments(new long[0], new long[0], Double.NaN, Double.NaN)[0]).isNaN();
    }

    @Test
    void keysInAnyOrderGiveTheSameQuantilesAndSortTogetherWithTheirCounts() {
        FineBins grid = FineBins.of(0, 200);
        long[] keys = {7, -2, 150, 3, 40};
        long[] counts = {5, 1, 2, 9, 4};
        long[][] sorted = FineBins.sortedByKey(keys, counts);
        assertThat(sorted[0]).containsExactly(-2, 3, 7, 40, 150);
        assertThat(sorted[1]).containsExactly(1, 9, 5, 4, 2);
        assertThat(grid.quantiles(keys, counts, -1.5, 150.5, DriftMaterializer.PROBS))
                .containsExactly(grid.quantiles(sorted[0], sorted[1], -1.5, 150.5, DriftMaterializer.PROBS));
        assertThat(FineBins.sortedByKey(null, null)[0]).isEmpty();
    }

    @Test
    void mergingFarApartKeysGivesTheSameAsNearOnes() {
        long[][] far = FineBins.merge(List.of(new long[][] {{-3_000_000_000L, 5}, {1, 2}}, new long[][] {{5, 2_000_000_000L}, {4, 8}}));
        assertThat(far[0]).containsExactly(-3_000_000_000L, 5, 2_000_000_000L);
        assertThat(far[1]).containsExactly(1, 6, 8);
        assertThat(FineBins.merge(List.of())[0]).isEmpty();
    }
}
