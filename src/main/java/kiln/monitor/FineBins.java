package kiln.monitor;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A window's values counted on a fine grid fixed by the reference: bin k holds x with
 * {@code lo + k·width <= x < lo + (k+1)·width}, where lo is the reference minimum and width is
 * 1/{@value #BINS} of the reference range; the grid runs on past both ends (negative k, k >= BINS), so
 * shifted or rescaled data keep their resolution. Counting is a plain hash aggregate in SQL (no sort
 * per window), histograms of hours add up to their day's, and quantiles are read off the cumulative
 * counts with linear interpolation inside a bin, clamped to the window's exact min and max: each is
 * within one bin width (0.5 % of the reference range) of the exact {@code quantile_cont}.
 */
record FineBins(double lo, double width) {
    static final int BINS = 200;

    /** The grid of a reference with range [min, max]; null when the reference has no values. */
    static FineBins of(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return null;
        }
        double width = (max - min) / BINS;
        if (!(width > 0)) {
            width = Math.max(Math.abs(min), 1.0) * 1e-3; // a constant reference: any spread is news
        }
        return new FineBins(min, width);
    }

    /**
     * SQL: the bin key of x, floor((x - lo) / width), as an INTEGER. Written as a rounding cast of
     * (x - lo) / width - 1/2, which DuckDB evaluates a good deal faster than floor() with a cast (this
     * runs once per value over the whole history on a full recompute); the two differ only for x
     * exactly on a grid line at or below lo, which then counts in the bin just below. NULL stays NULL;
     * an absurd value (more than 2^31 bins away, or infinite) gets no key: it still counts as present,
     * in the window's min, max and values outside the reference range, but in no bin.
     */
    String keyExpression(String x) {
        return "TRY_CAST((" + x + " - " + SqlText.number(lo) + ") * " + SqlText.number(1 / width) + " - 0.5 AS INTEGER)";
    }

    /**
     * PSI bin edges on this grid: each of the given cut points (the reference's deciles) moved to the
     * nearest grid line, duplicates dropped. On the grid every fine bin lies in exactly one PSI bin,
     * so a window's PSI counts are sums of its fine counts (no second per-row pass).
     */
    double[] snappedEdges(double[] cuts) {
        TreeSet<Long> lines = new TreeSet<>();
        for (double c : cuts) {
            if (Double.isFinite(c)) {
                lines.add(Math.round((c - lo) / width));
            }
        }
        return lines.stream().mapToDouble(k -> lo + k * width).toArray();
    }

    /**
     * Counts per PSI bin of fine counts, for edges made by {@link #snappedEdges}: fine bin k goes to
     * PSI bin #{edges at grid lines <= k}, i.e. bin b holds values from edge b-1 (inclusive) to edge b.
     */
    long[] coarseCounts(double[] edges, long[] keys, long[] counts) {
        long[] lines = new long[edges.length];
        for (int b = 0; b < edges.length; b++) {
            lines[b] = Math.round((edges[b] - lo) / width);
        }
        long[] coarse = new long[edges.length + 1];
        for (int i = 0; keys != null && i < keys.length; i++) {
            int b = 0;
            while (b < lines.length && lines[b] <= keys[i]) {
                b++;
            }
            coarse[b] += counts[i];
        }
        return coarse;
    }

    /**
     * Fine counts as bytes for storage: the number of bins, then per bin (in key order) the step from
     * the previous key (zig-zag varint; the first from 0) and the count (varint). Consecutive bins
     * cost about 2 bytes each.
     */
    static byte[] encode(long[] keys, long[] counts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + keys.length * 3);
        writeVarint(out, keys.length);
        long previous = 0;
        for (int i = 0; i < keys.length; i++) {
            long step = keys[i] - previous;
            writeVarint(out, (step << 1) ^ (step >> 63));
            writeVarint(out, counts[i]);
            previous = keys[i];
        }
        return out.toByteArray();
    }

    /** The {keys, counts} of {@link #encode}d bytes. */
    static long[][] decode(byte[] bytes) {
        int[] at = {0};
        int n = (int) readVarint(bytes, at);
        long[] keys = new long[n];
        long[] counts = new long[n];
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long zigzag = readVarint(bytes, at);
            previous += (zigzag >>> 1) ^ -(zigzag & 1);
            keys[i] = previous;
            counts[i] = readVarint(bytes, at);
        }
        return new long[][] {keys, counts};
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0;; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    /** Parallel key/count lists (null: none) as {keys, counts} sorted by key. */
    static long[][] sortedByKey(long[] keys, long[] counts) {
        int n = keys == null ? 0 : keys.length;
        int[] order = new int[n];
        boolean sorted = true;
        boolean intKeys = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            sorted &= i == 0 || keys[i - 1] <= keys[i];
            intKeys &= keys[i] == (int) keys[i];
        }
        if (!sorted && intKeys) {
            // Bin keys come from an INTEGER cast: (key, position) packed into one long sorts without boxing
            // (this runs for every window).
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (keys[i] << 32) | i;
            }
            Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                order[i] = (int) (packed[i] & 0xFFFF_FFFFL);
            }
        } else if (!sorted) {
            order = IntStream.range(0, n).boxed().sorted((a, b) -> Long.compare(keys[a], keys[b]))
                    .mapToInt(Integer::intValue).toArray();
        }
        long[][] out = new long[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = keys[order[i]];
            out[1][i] = counts[order[i]];
        }
        return out;
    }

    /**
     * {mean, sample variance} of the counted values whose exact range is [min, max], each bin's values
     * taken at the middle of the bin (cut to [min, max]): the mean is within half a bin (0.25 % of the
     * reference range) of the exact one, the variance over by about width²/12, and values all equal give
     * exactly 0. Keys in ascending order, so the sums come out the same on every replay. NaN when
     * nothing was counted (the variance also below two values).
     */
    double[] moments(long[] keys, long[] counts, double min, double max) {
        long n = 0;
        double sum = 0;
        double[] centres = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            double from = Math.max(min, lo + keys[i] * width);
            double to = Math.min(max, lo + (keys[i] + 1) * width);
            centres[i] = Math.min(max, Math.max(min, (from + Math.max(from, to)) / 2));
            n += counts[i];
            sum += counts[i] * centres[i];
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < keys.length; i++) {
            squares += counts[i] * (centres[i] - mean) * (centres[i] - mean);
        }
        return new double[] {mean, n < 2 ? Double.NaN : squares / (n - 1)};
    }

    /** Sums histograms given as parallel key/count arrays; returns {keys, counts} sorted by key. */
    static long[][] merge(Iterable<long[][]> parts) {
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (long[][] p : parts) {
            for (long k : p[0]) {
                lowest = Math.min(lowest, k);
                highest = Math.max(highest, k);
            }
        }
        if (lowest > highest) {
            return new long[][] {new long[0], new long[0]};
        }
        if (highest - lowest > 1 << 20) {
            return mergeSparse(parts); // far outliers: a dense array would be mostly empty
        }
        // The usual case: a day's keys span a few hundred bins, summed in a plain array.
        long[] dense = new long[(int) (highest - lowest) + 1];
        boolean[] seen = new boolean[dense.length];
        for (long[][] p : parts) {
            for (int i = 0; i < p[0].length; i++) {
                int at = (int) (p[0][i] - lowest);
                dense[at] += p[1][i];
                seen[at] = true;
            }
        }
        int n = 0;
        for (boolean b : seen) {
            n += b ? 1 : 0;
        }
        long[] keys = new long[n];
        long[] counts = new long[n];
        for (int at = 0, i = 0; at < dense.length; at++) {
            if (seen[at]) {
                keys[i] = lowest + at;
                counts[i++] = dense[at];
            }
        }
        return new long[][] {keys, counts};
    }

    private static long[][] mergeSparse(Iterable<long[][]> parts) {
        TreeMap<Long, Long> sum = new TreeMap<>();
        for (long[][] p : parts) {
            for (int i = 0; i < p[0].length; i++) {
                sum.merge(p[0][i], p[1][i], Long::sum);
            }
        }
        long[] keys = new long[sum.size()];
        long[] counts = new long[sum.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : sum.entrySet()) {
            keys[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        return new long[][] {keys, counts};
    }

    /**
     * Quantiles at {@code probs} of the counted values whose exact range is [min, max]; null when
     * nothing was counted. Keys need not be sorted.
     */
    double[] quantiles(long[] keys, long[] counts, double min, double max, double[] probs) {
        if (keys == null || keys.length == 0 || !Double.isFinite(min) || !Double.isFinite(max)) {
            return null;
        }
        long[][] sortedBins = sortedByKey(keys, counts);
        long[] binKeys = sortedBins[0];
        long[] binCounts = sortedBins[1];
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        double[] out = new double[probs.length];
        int bin = 0;
        long before = 0;
        for (int q = 0; q < probs.length; q++) {
            double rank = probs[q] * n;
            while (bin < binKeys.length - 1 && before + binCounts[bin] < rank) {
                before += binCounts[bin];
                bin++;
            }
            long k = binKeys[bin];
            double from = Math.max(min, lo + k * width);
            double to = Math.min(max, lo + (k + 1) * width);
            long c = binCounts[bin];
            double f = c == 0 ? 0 : Math.min(1, Math.max(0, (rank - before) / c));
            out[q] = Math.min(max, Math.max(min, from + f * (Math.max(from, to) - from)));
        }
        for (int q = 1; q < out.length; q++) {
            out[q] = Math.max(out[q], out[q - 1]);
        }
        return out;
    }
}
