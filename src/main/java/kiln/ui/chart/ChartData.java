package kiln.ui.chart;

import java.util.Arrays;

import javafx.collections.ObservableList;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;

/**
 * New chart data comes as new, already filled data sets that replace a chart's (or renderer's) old
 * ones; a data set a chart holds is never written to.
 *
 * <p>Why: ChartFX 11.3 read-locks every data set of a chart in its pre-layout hook and releases them in
 * its post-layout hook ({@code Chart.ensureLockedDataSets} / {@code clearStates}). The pre-layout hook
 * also runs at once, outside any pulse, when the chart enters a scene ({@code FXUtils.registerLayoutHooks}).
 * So from a chart being shown until the next pulse, its data sets are read-locked by the FX thread, and
 * a {@code set(..)} on the FX thread in that gap asks the non-reentrant {@code StampedLock} for its
 * write lock and waits forever. A chart that leaves its scene in that gap (screen switched or closed
 * before the next pulse) keeps the read locks for good. Swapping list entries takes no data-set lock.
 */
public final class ChartData {

    private ChartData() {}

    /** A filled x/y series; the arrays are taken over, not copied. */
    public static DoubleDataSet xy(String name, double[] x, double[] y) {
        return new DoubleDataSet(name, x, y, x.length, false);
    }

    /** A filled x/y series with negative and positive y errors; the arrays are taken over, not copied. */
    public static DoubleErrorDataSet xyErrors(String name, double[] x, double[] y, double[] yErrorNeg, double[] yErrorPos) {
        return new DoubleErrorDataSet(name, x, y, yErrorNeg, yErrorPos, x.length, false);
    }

    /** Puts {@code fresh} in place of whatever {@code held} (a chart's or renderer's data sets) holds, in one change. */
    public static void replace(ObservableList<DataSet> held, DataSet... fresh) {
        held.setAll(fresh);
    }

    /**
     * Like {@link #replace}, but leaves out the sets without points. For live charts: ChartFX 11.3
     * cannot settle the range of an empty data set, so it recomputes it on every pulse and, finding it
     * still undefined, marks the chart dirty again: the whole chart (canvas, axes, legend symbols) is
     * then redrawn 60 times a second for as long as the empty set is shown (measured on the Monitor's
     * accuracy chart while all windows were fully labelled and the estimate series had no points).
     */
    public static void replaceShowingNonEmpty(ObservableList<DataSet> held, DataSet... fresh) {
        held.setAll(Arrays.stream(fresh).filter(d -> d.getDataCount() > 0).toArray(DataSet[]::new));
    }
}
