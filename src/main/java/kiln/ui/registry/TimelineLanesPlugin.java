package kiln.ui.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.plugins.ChartPlugin;

/**
 * Draws {@link VersionLanes} on a chart's plot area: a band per version lane, bars where the version
 * was production or challenger, a tick per promotion and a diamond per registration, and the
 * markers' labels placed by {@link MarkerLabelLayout} so that none overlaps another or the plot's edge.
 * Positions come from the chart's time axis at each layout, so zooming moves everything along.
 */
final class TimelineLanesPlugin extends ChartPlugin {

    static final String LANE = "timeline-lane";
    static final String LANE_ALT = "timeline-lane-alt";
    static final String PRODUCTION = "timeline-production";
    static final String CHALLENGER = "timeline-challenger";
    static final String PROMOTED = "timeline-promoted";
    static final String REGISTERED = "timeline-registered";
    static final String MARKER_LABEL = "timeline-marker-label";
    /** Bar height as a share of the lane, and at most this many pixels. */
    private static final double BAR_SHARE = 0.3;
    private static final double BAR_MAX = 16;
    private static final double DIAMOND = 5;
    /** A promotion's tick reaches this far above and below the bar. */
    static final double TICK_OVERHANG = 4;
    private static final double LABEL_GAP = 6;

    private record LaneNodes(VersionLanes.Lane lane, Rectangle band, List<Rectangle> production, List<Rectangle> challenger) {
    }

    private record MarkerNodes(VersionLanes.Marker marker, Node glyph, Label label) {
    }

    private final List<LaneNodes> lanes = new ArrayList<>();
    private final List<MarkerNodes> markers = new ArrayList<>();
    private VersionLanes shown = VersionLanes.EMPTY;

    /** Replaces what the plugin draws (FX thread). */
    void show(VersionLanes model) {
        shown = model;
        lanes.clear();
        markers.clear();
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        for (VersionLanes.Lane lane : model.lanes()) {
            Rectangle band = styled(new Rectangle(), LANE, i++ % 2 == 1 ? LANE_ALT : null);
            band.setMouseTransparent(true);
            List<Rectangle> production = lane.production().stream().map(s -> bar(lane, s, PRODUCTION, "production")).toList();
            List<Rectangle> challenger = lane.challenger().stream().map(s -> bar(lane, s, CHALLENGER, "challenger")).toList();
            lanes.add(new LaneNodes(lane, band, production, challenger));
            nodes.add(band);
            nodes.addAll(challenger);
            nodes.addAll(production);
        }
        for (VersionLanes.Marker m : model.markers()) {
            boolean promoted = m.kind() == VersionLanes.Kind.PROMOTED;
            Node glyph = promoted ? styled(new Line(), PROMOTED, null) : styled(new Polygon(), REGISTERED, null);
            Tooltip.install(glyph, new Tooltip(m.detail()));
            Label label = new Label(m.text());
            label.getStyleClass().addAll(MARKER_LABEL, promoted ? PROMOTED : REGISTERED);
            label.setTooltip(new Tooltip(m.detail()));
            label.setManaged(false);
            markers.add(new MarkerNodes(m, glyph, label));
            nodes.add(glyph);
            nodes.add(label);
        }
        getChartChildren().setAll(nodes);
        if (getChart() != null) {
            getChart().requestLayout();
        }
    }

    private static Rectangle bar(VersionLanes.Lane lane, VersionLanes.Span s, String styleClass, String role) {
        Rectangle r = styled(new Rectangle(), styleClass, null);
        Tooltip.install(r, new Tooltip(lane.label() + " " + role + " " + EffectiveTime.format(s.start()) + " to "
                + (s.open() ? "now" : EffectiveTime.format(s.end())) + " UTC"));
        return r;
    }

    private static <N extends Node> N styled(N node, String styleClass, String extra) {
        node.getStyleClass().add(styleClass);
        if (extra != null) {
            node.getStyleClass().add(extra);
        }
        return node;
    }

    @Override
    public void runPostLayout() {
        if (getChart() == null || shown.isEmpty()) {
            return;
        }
        Bounds plot = getChart().getCanvas().getBoundsInLocal();
        Axis time = ((XYChart) getChart()).getXAxis();
        double width = plot.getWidth();
        double laneHeight = plot.getHeight() / lanes.size();
        double barHeight = Math.min(BAR_MAX, laneHeight * BAR_SHARE);
        for (int i = 0; i < lanes.size(); i++) {
            LaneNodes l = lanes.get(i);
            double top = plot.getMinY() + i * laneHeight;
            double barTop = top + (laneHeight - barHeight) / 2;
            place(l.band(), plot.getMinX(), top, width, laneHeight);
            for (int k = 0; k < l.production().size(); k++) {
                placeSpan(l.production().get(k), l.lane().production().get(k), time, plot, barTop, barHeight);
            }
            for (int k = 0; k < l.challenger().size(); k++) {
                placeSpan(l.challenger().get(k), l.lane().challenger().get(k), time, plot, barTop, barHeight);
            }
            placeMarkers(l.lane().version(), time, plot, top, laneHeight, barTop, barHeight);
        }
    }

    private static void placeSpan(Rectangle r, VersionLanes.Span s, Axis time, Bounds plot, double top, double height) {
        double x1 = clampX(time.getDisplayPosition(seconds(s.start())), plot);
        double x2 = clampX(time.getDisplayPosition(seconds(s.end())), plot);
        r.setVisible(x2 > x1);
        place(r, x1, top, Math.max(0, x2 - x1), height);
    }

    private void placeMarkers(int version, Axis time, Bounds plot, double laneTop, double laneHeight, double barTop, double barHeight) {
        List<MarkerNodes> inLane = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        for (MarkerNodes m : markers) {
            if (m.marker().version() != version) {
                continue;
            }
            double x = time.getDisplayPosition(seconds(m.marker().shownAt()));
            // zoomed in, a marker off the visible range is not drawn at all
            boolean visible = x >= plot.getMinX() && x <= plot.getMaxX();
            m.glyph().setVisible(visible);
            m.label().setVisible(visible);
            if (visible) {
                inLane.add(m);
                xs.add(x);
            }
        }
        double centre = barTop + barHeight / 2;
        double[] anchors = new double[inLane.size()];
        double[] widths = new double[inLane.size()];
        double labelHeight = 0;
        for (int k = 0; k < inLane.size(); k++) {
            MarkerNodes m = inLane.get(k);
            double x = xs.get(k);
            anchors[k] = x - plot.getMinX();
            widths[k] = m.label().prefWidth(-1);
            labelHeight = Math.max(labelHeight, m.label().prefHeight(-1));
            if (m.glyph() instanceof Line tick) {
                tick.setStartX(x);
                tick.setEndX(x);
                tick.setStartY(barTop - TICK_OVERHANG);
                tick.setEndY(barTop + barHeight + TICK_OVERHANG);
            } else if (m.glyph() instanceof Polygon diamond) {
                diamond.getPoints().setAll(x, centre - DIAMOND, x + DIAMOND, centre, x, centre + DIAMOND, x - DIAMOND, centre);
            }
        }
        // rows alternate above and below the bar, nearest first
        double aboveBottom = barTop - TICK_OVERHANG;
        double belowTop = barTop + barHeight + TICK_OVERHANG;
        int rowsAbove = labelHeight <= 0 ? 0 : (int) Math.floor((aboveBottom - laneTop) / labelHeight);
        int rowsBelow = labelHeight <= 0 ? 0 : (int) Math.floor((laneTop + laneHeight - belowTop) / labelHeight);
        List<Double> rowTops = new ArrayList<>();
        for (int level = 0; level < Math.max(rowsAbove, rowsBelow); level++) {
            if (level < rowsAbove) {
                rowTops.add(aboveBottom - (level + 1) * labelHeight);
            }
            if (level < rowsBelow) {
                rowTops.add(belowTop + level * labelHeight);
            }
        }
        List<MarkerLabelLayout.Placement> placed = MarkerLabelLayout.place(anchors, widths, plot.getWidth(), rowTops.size(), LABEL_GAP);
        for (int k = 0; k < inLane.size(); k++) {
            Label label = inLane.get(k).label();
            MarkerLabelLayout.Placement p = placed.get(k);
            label.setVisible(p.shown());
            if (p.shown()) {
                label.resizeRelocate(plot.getMinX() + p.x(), rowTops.get(p.row()), widths[k], labelHeight);
            }
        }
    }

    private static double clampX(double x, Bounds plot) {
        return Math.max(plot.getMinX(), Math.min(plot.getMaxX(), x));
    }

    private static void place(Rectangle r, double x, double y, double w, double h) {
        r.setX(x);
        r.setY(y);
        r.setWidth(w);
        r.setHeight(h);
    }

    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /** The lanes' labels as drawn (tests check that none overlaps another or the plot's edge). */
    List<Label> markerLabels() {
        return markers.stream().map(MarkerNodes::label).toList();
    }
}
