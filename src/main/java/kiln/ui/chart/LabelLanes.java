package kiln.ui.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places labels that belong to points along one axis (e.g. markers on a time axis) into lanes, so
 * that no two labels overlap and none leaves {@code [0, extent]}. A label sits beside its point: to
 * the right, or to the left near the far end; it takes the lowest lane where it fits. A label that
 * fits in no lane is not shown (its details stay in the marker's tooltip).
 */
public final class LabelLanes {

    /** Where a label goes: its left edge and its lane (0 = nearest the axis), or lane -1 when it is not shown. */
    public record Placement(double left, int lane) {
        public boolean shown() {
            return lane >= 0;
        }
    }

    private LabelLanes() {
    }

    /**
     * @param anchors  the points' positions (pixels from the start of the axis)
     * @param widths   the labels' widths (pixels)
     * @param extent   the axis length (pixels)
     * @param gap      free space between a label and its point, and between two labels in a lane
     * @param maxLanes how many lanes there is room for
     */
    public static List<Placement> place(double[] anchors, double[] widths, double extent, double gap, int maxLanes) {
        int n = anchors.length;
        Placement[] placed = new Placement[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> anchors[i]));
        List<Double> laneEnds = new ArrayList<>(); // right edge of the last label in each lane
        for (int i : order) {
            placed[i] = placeOne(anchors[i], widths[i], extent, gap, maxLanes, laneEnds);
        }
        return List.of(placed);
    }

    private static Placement placeOne(double anchor, double width, double extent, double gap, int maxLanes, List<Double> laneEnds) {
        if (width > extent || anchor < 0 || anchor > extent) {
            return new Placement(0, -1);
        }
        double right = anchor + gap;                 // label right of its point
        double left = anchor - gap - width;          // label left of its point
        double centred = Math.max(0, Math.min(extent - width, anchor - width / 2));
        List<Double> candidates = new ArrayList<>();
        if (right + width <= extent) {
            candidates.add(right);
        }
        if (left >= 0) {
            candidates.add(left);
        }
        candidates.add(centred);
        for (int lane = 0; lane < maxLanes; lane++) {
            double end = lane < laneEnds.size() ? laneEnds.get(lane) : Double.NEGATIVE_INFINITY;
            for (double x : candidates) {
                if (x >= end + gap) {
                    if (lane < laneEnds.size()) {
                        laneEnds.set(lane, x + width);
                    } else {
                        laneEnds.add(x + width);
                    }
                    return new Placement(x, lane);
                }
            }
        }
        return new Placement(0, -1);
    }
}
