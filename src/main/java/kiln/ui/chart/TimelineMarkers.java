package kiln.ui.chart;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;

/**
 * Vertical markers on a chart's x axis (promotions, alerts, change points) whose labels never overlap
 * each other and never run past the plot's edges: after ChartFX lays the markers out, their labels
 * are placed in lanes above the bottom of the plot ({@link LabelLanes}) from the markers' current
 * pixel positions, so zooming or resizing re-places them. Labels are meant to be short ("v2"); the
 * full text goes to each label's tooltip.
 */
public final class TimelineMarkers {

    /**
     * A marker to show: where, its short label, the details for its tooltip, its style class, and its
     * priority (lower first: when labels do not all fit, the higher ones are left out).
     */
    public record Marker(double x, String label, String details, String styleClass, int priority) {

        public Marker(double x, String label, String details, String styleClass) {
            this(x, label, details, styleClass, 0);
        }
    }

    /** Space between a label and its line, between labels, and above the plot's bottom edge (px). */
    private static final double GAP = 4;

    private final XYChart chart;
    private final List<LanedMarker> shown = new ArrayList<>();

    public TimelineMarkers(XYChart chart) {
        this.chart = chart;
    }

    /** Replaces the markers on the chart (FX thread). */
    public void show(List<Marker> markers) {
        chart.getPlugins().removeAll(shown);
        shown.clear();
        for (Marker m : markers) {
            LanedMarker indicator = new LanedMarker(m);
            indicator.setEditable(false);
            indicator.updateStyleClass();
            shown.add(indicator);
        }
        chart.getPlugins().addAll(shown);
    }

    /** The indicators now on the chart, in the order given. */
    public List<XValueIndicator> indicators() {
        return List.copyOf(shown);
    }

    /** ChartFX resets an indicator's style classes when the plugin list changes; this puts ours back. */
    public void restoreStyleClasses() {
        shown.forEach(XValueIndicator::updateStyleClass);
    }

    /** Places every shown label from the markers' pixel positions now; each marker applies its own. */
    private void placeLabels() {
        Bounds plot = chart.getCanvas().getBoundsInLocal();
        int n = shown.size();
        double[] anchors = new double[n];
        double[] widths = new double[n];
        int[] priorities = new int[n];
        double height = 0;
        for (int i = 0; i < n; i++) {
            LanedMarker m = shown.get(i);
            anchors[i] = m.getAxis().getDisplayPosition(m.getValue());
            priorities[i] = m.priority;
            widths[i] = m.labelNode().prefWidth(-1);
            height = Math.max(height, m.labelNode().prefHeight(widths[i]));
        }
        // lanes stack up from the bottom of the plot (where a band's floor usually leaves room) as high as it goes
        int lanes = height <= 0 ? 0 : (int) Math.floor((plot.getHeight() - GAP) / (height + GAP));
        List<LabelLanes.Placement> placements = LabelLanes.place(anchors, widths, priorities, plot.getWidth(), GAP, lanes);
        for (int i = 0; i < n; i++) {
            LabelLanes.Placement p = placements.get(i);
            double top = plot.getMaxY() - GAP - (p.lane() + 1) * (height + GAP);
            shown.get(i).placed(p.shown(), plot.getMinX() + p.left(), top, widths[i], height);
        }
    }

    /** An x marker whose label goes where the lanes put it. */
    private final class LanedMarker extends XValueIndicator {
        private final String styleClass;
        private final int priority;
        private boolean shownLabel;
        private double left;
        private double top;
        private double width;
        private double height;

        LanedMarker(Marker m) {
            super(chart.getXAxis(), m.x(), m.label());
            this.styleClass = m.styleClass();
            this.priority = m.priority();
            label.setTooltip(new Tooltip(m.details()));
            label.getProperties().put(TimelineMarkers.class, m);
        }

        Label labelNode() {
            return label;
        }

        @Override
        public void updateStyleClass() {
            super.updateStyleClass(); // resets the classes of its nodes; add ours back
            KilnCharts.addClass(List.of(line, pickLine, label, triangle), styleClass);
        }

        @Override
        public void runPostLayout() {
            super.runPostLayout();
            if (getChart() == null || !getChartChildren().contains(label)) {
                return; // outside the visible range: ChartFX removed it
            }
            // every marker places all labels from the same inputs (a few dozen at most): whichever runs
            // first in a layout pass, they agree, and none depends on the plugin order
            placeLabels();
            label.setVisible(shownLabel);
            label.resizeRelocate(left, top, width, height);
        }

        void placed(boolean visible, double left, double top, double width, double height) {
            this.shownLabel = visible;
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
        }
    }
}
