package kiln.ui.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places marker labels of one lane so that none overlaps another or leaves the plot: each label is
 * centred on its marker, pushed inside the plot's width, and put in the first row where it fits; a
 * label with no free row is left out (its marker keeps a tooltip).
 */
final class MarkerLabelLayout {

    /** Where a label goes: its row (or -1 when left out) and its left x. */
    record Placement(int row, double x) {

        boolean shown() {
            return row >= 0;
        }
    }

    private MarkerLabelLayout() {}

    /**
     * @param anchors   the markers' x positions (px)
     * @param widths    the labels' widths (px), in the same order
     * @param plotWidth the width labels must stay within
     * @param rows      how many rows the lane has room for
     * @param gap       the least horizontal space between two labels in a row
     */
    static List<Placement> place(double[] anchors, double[] widths, double plotWidth, int rows, double gap) {
        int n = anchors.length;
        Placement[] out = new Placement[n];
        List<List<double[]>> taken = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            taken.add(new ArrayList<>());
        }
        // left to right, so earlier markers keep the row nearest the bar
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> anchors[i]));
        for (int i : order) {
            double w = widths[i];
            if (w > plotWidth) {
                out[i] = new Placement(-1, 0);
                continue;
            }
            double x = Math.max(0, Math.min(plotWidth - w, anchors[i] - w / 2));
            out[i] = new Placement(-1, x);
            for (int r = 0; r < rows; r++) {
                if (free(taken.get(r), x, x + w, gap)) {
                    taken.get(r).add(new double[] {x, x + w});
                    out[i] = new Placement(r, x);
                    break;
                }
            }
        }
        return List.of(out);
    }

    private static boolean free(List<double[]> row, double left, double right, double gap) {
        for (double[] t : row) {
            if (left < t[1] + gap && right + gap > t[0]) {
                return false;
            }
        }
        return true;
    }
}
