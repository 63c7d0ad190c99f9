package kiln.monitor;

import kiln.drift.BinnedDistribution;
import kiln.drift.DriftReference;
import kiln.drift.GridCounts;
import kiln.drift.NullThresholds;
import kiln.drift.QuantileSummary;

/**
 * A reference summary of one column (a row of drift_reference): PSI edges and counts, quantiles, count
 * of values (and positives, for the label), rows where it was missing, range, standard deviation, the counts on its fine grid and the
 * chance thresholds bootstrapped from them.
 */
record RefStats(String feature, double[] edges, long[] counts, double[] quantiles, long n, long positives, long missing,
        double min, double max, double std, long[][] fine, NullThresholds nulls) {

    BinnedDistribution bins() {
        return new BinnedDistribution(edges, counts, 0);
    }

    QuantileSummary quantileSummary() {
        return quantiles == null ? null : new QuantileSummary(DriftMaterializer.PROBS, quantiles, n);
    }

    /** The fine grid windows compared with this reference are counted on (null without values). */
    FineBins grid() {
        return n == 0 ? null : FineBins.of(min, max);
    }

    /** The reference as the drift verdict reads it; null when it has no values on its grid. */
    DriftReference drift() {
        FineBins grid = grid();
        if (grid == null || fine == null || edges == null) {
            return null;
        }
        return new DriftReference(grid.width(), new GridCounts(fine[0], fine[1]), lines(grid, edges), std, nulls);
    }

    /** PSI edges as grid line numbers (they lie on grid lines, see {@link FineBins#snappedEdges}). */
    static long[] lines(FineBins grid, double[] edges) {
        long[] lines = new long[edges.length];
        for (int i = 0; i < edges.length; i++) {
            lines[i] = Math.round((edges[i] - grid.lo()) / grid.width());
        }
        return lines;
    }
}
