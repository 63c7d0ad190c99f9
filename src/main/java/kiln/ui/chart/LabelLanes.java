package kiln.ui.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places labels that belong to points along one axis (e.g. markers on a time axis) into lanes, so
 * that no two labels overlap and none leaves {@code [0, extent]}. A label sits beside its point: to
 * the right, or to the left near the far end; it takes the lowest lane where it fits. Labels are
 * placed by priority (then left to right), so when there is no room left, the less important ones
 * are the ones not shown (their details stay in the marker's tooltip).
 */
public final class LabelLanes {

    /** Where a label goes: its left edge and its lane (0 = nearest the axis), or lane -1 when it is not shown. */
    public record Placement(double left, int lane) {
        public boolean shown() {
            return lane >= 0;
        }
    }

    private LabelLanes() {}

    /** All labels equally important. */
    public static List<Placement> place(double[] anchors, double[] widths, double extent, double gap, int maxLanes) {
        return place(anchors, widths, new int[anchors.length], extent, gap, maxLanes);
    }

    /**
     * @param anchors    the points' positions (pixels from the start of the axis)
     * @param widths     the labels' widths (pixels)
     * @param priorities lower is placed first (e.g. promotions before alerts)
     * @param extent     the axis length (pixels)
     * @param gap        free space between a label and its point, and between two labels in a lane
     * @param maxLanes   how many lanes there is room for
     */
    public static List<Placement> place(double[] anchors, double[] widths, int[] priorities, double extent, double gap, int maxLanes) {
        int n = anchors.length;
        Placement[] placed = new Placement[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> priorities[i]).thenComparingDouble(i -> anchors[i]));
        List<List<double[]>> lanes = new ArrayList<>(); // the [left, right] spans taken in each lane
        for (int i : order) {
            placed[i] = placeOne(anchors[i], widths[i], extent, gap, maxLanes, lanes);
        }
        return List.of(placed);
    }

    private static Placement placeOne(double anchor, double width, double extent, double gap, int maxLanes, List<List<double[]>> lanes) {
        if (width > extent || anchor < 0 || anchor > extent) {
            return new Placement(0, -1);
        }
        List<Double> candidates = new ArrayList<>();
        if (anchor + gap + width <= extent) {
            candidates.add(anchor + gap); // right of its point
        }
        if (anchor - gap - width >= 0) {
            candidates.add(anchor - gap - width); // left of its point
        }
        candidates.add(Math.max(0, Math.min(extent - width, anchor - width / 2))); // over it
        for (int lane = 0; lane < maxLanes; lane++) {
            if (lane == lanes.size()) {
                lanes.add(new ArrayList<>());
            }
            for (double x : candidates) {
                if (free(lanes.get(lane), x, x + width, gap)) {
                    lanes.get(lane).add(new double[] {x, x + width});
                    return new Placement(x, lane);
                }
            }
        }
        return new Placement(0, -1);
    }

    private static boolean free(List<double[]> taken, double left, double right, double gap) {
        for (double[] span : taken) {
            if (left < span[1] + gap && right + gap > span[0]) {
                return false;
            }
        }
        return true;
    }
}
