package kiln.ml;

import java.util.Arrays;

/**
 * Binned {@link TrainingData} from a {@link GroupedWindow}: one group's rows, or all rows in time
 * order (the pooled model's data). Numeric features get quantile edges computed on exactly those rows
 * the way {@link TrainingDataLoader}'s SQL computes them (the upper ends of the first
 * {@code MAX_BINS - 1} of {@code MAX_BINS} equal-count tiles), so a group is binned on its own range
 * of values; categorical features keep the window's category codes.
 */
public final class GroupBinning {

    private GroupBinning() {}

    /** The rows of group {@code group} (an index into {@link GroupedWindow#groups()}), in time order. */
    public static TrainingData group(GroupedWindow w, int group) {
        int from = w.groupStarts()[group];
        int[] rows = new int[w.groupRows(group)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return binned(w, rows);
    }

    /** Every row of the window, in (time, id) order. */
    public static TrainingData pooled(GroupedWindow w) {
        int[] rows = new int[w.rows()];
        int[] order = w.timeOrder();
        for (int r = 0; r < rows.length; r++) {
            rows[order[r]] = r;
        }
        return binned(w, rows);
    }

    private static TrainingData binned(GroupedWindow w, int[] rows) {
        int nf = w.features().size();
        double[][] edges = new double[nf][];
        double[][] coded = new double[nf][rows.length];
        for (int f = 0; f < nf; f++) {
            CategoryCodes codes = w.categories().get(w.features().get(f));
            edges[f] = codes != null ? codes.binEdges() : quantileEdges(w.columns()[f], rows);
        }
        FeatureBins bins = new FeatureBins(w.features(), edges);
        byte[] labels = new byte[rows.length];
        long hash = 0;
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            labels[i] = w.labels()[r];
            hash ^= w.rowHashes()[r];
            for (int f = 0; f < nf; f++) {
                coded[f][i] = bins.bin(f, w.columns()[f][r]);
            }
        }
        String fingerprint = Long.toHexString(rows.length) + "-" + Long.toHexString(hash) + "-"
                + Integer.toHexString(String.join(",", w.features()).hashCode());
        return new TrainingData(w.dataset(), w.window(), w.features(), coded, labels, bins, fingerprint, w.classes(), w.categories());
    }

    /** The edges of {@code ntile(MAX_BINS)} over the finite values of the given rows: each tile's largest value, last tile left out. */
    static double[] quantileEdges(double[] column, int[] rows) {
        double[] values = new double[rows.length];
        int m = 0;
        for (int r : rows) {
            double v = column[r];
            if (!Double.isNaN(v)) {
                values[m++] = v;
            }
        }
        Arrays.sort(values, 0, m);
        int tiles = FeatureBins.MAX_BINS;
        int base = m / tiles;
        int extra = m % tiles;
        double[] edges = new double[Math.min(m, tiles - 1)];
        int n = 0;
        int end = 0;
        for (int t = 1; t < tiles && n < edges.length; t++) {
            end += base + (t <= extra ? 1 : 0);
            edges[n++] = values[end - 1];
        }
        return Arrays.copyOf(edges, n);
    }
}
