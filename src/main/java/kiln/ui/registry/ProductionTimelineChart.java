package kiln.ui.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.AxisMode;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.KilnCharts;
import kiln.ui.common.Subscriptions;

/**
 * The production timeline as a Gantt-like strip: one lane per version (v1 at the top) on a time axis
 * with dates, bars where a version was production or challenger, registrations and promotions as
 * labelled markers, a legend with swatches and, under it, what could not be drawn at its place.
 */
final class ProductionTimelineChart {

    /** A lane needs room for its bar with the ticks, and a row of labels above and below it. */
    static final double MIN_LANE_HEIGHT = 66;
    private static final double AXES_HEIGHT = 70;
    private static final double DATE_TICK_SPACING = 100;
    private static final int MIN_DATE_TICKS = 4;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    /** Below this range, ticks show hours as well as days. */
    private static final double DAYS_ONLY_ABOVE_SECONDS = 3 * 86_400;

    private final DefaultNumericAxis timeAxis = KilnCharts.timeAxis("time");
    private final CategoryAxis laneAxis = new CategoryAxis("version");
    private final XYChart chart;
    private final TimelineLanesPlugin lanes = new TimelineLanesPlugin();
    private final Label notes = new Label();
    private final VBox node;
    private VersionLanes shown = VersionLanes.EMPTY;

    /** @param owner owns the listener that thins the date ticks as the chart narrows */
    ProductionTimelineChart(Subscriptions owner) {
        chart = KilnCharts.chart(null, timeAxis, laneAxis);
        chart.setId("production-timeline");
        chart.getStyleClass().add("production-timeline-chart");
        chart.setLegendVisible(false); // the swatch legend below says what the bars and markers are
        // zoom and pan along time only; the cross-hair reads as a date and a lane
        chart.getPlugins().stream().filter(p -> p instanceof Zoomer).map(p -> (Zoomer) p).forEach(z -> z.setAxisMode(AxisMode.X));
        chart.getPlugins().stream().filter(p -> p instanceof CrosshairIndicator).map(p -> (CrosshairIndicator) p).forEach(c -> {
            c.setXValueFormatter(converter(seconds -> EffectiveTime.format(instant(seconds))));
            c.setYValueFormatter(converter(this::laneAt));
        });
        chart.getPlugins().add(0, lanes); // under the cross-hair and the zoom rectangle
        chart.getGridRenderer().getHorizontalMajorGrid().setVisible(false);
        chart.getGridRenderer().getHorizontalMinorGrid().setVisible(false);
        timeAxis.setAutoRanging(false);
        timeAxis.setOverlapPolicy(AxisLabelOverlapPolicy.SKIP_ALT);
        // a date label is ~80 px wide: at most one per DATE_TICK_SPACING keeps them apart
        owner.onChange(chart.widthProperty(), (obs, old, w) -> timeAxis.setMaxMajorTickLabelCount(Math.max(MIN_DATE_TICKS, (int) (w.doubleValue()
                / DATE_TICK_SPACING))));
        timeAxis.setTickLabelFormatter(converter(seconds -> (timeAxis.getMax() - timeAxis.getMin() > DAYS_ONLY_ABOVE_SECONDS ? DAY : DAY_TIME).format(
                instant(seconds))));
        laneAxis.setUnit(null);
        laneAxis.setAutoRanging(false);
        laneAxis.setMinorTickCount(0);
        notes.getStyleClass().addAll("muted", "timeline-notes");
        notes.setWrapText(true);
        notes.setMinHeight(Region.USE_PREF_SIZE); // the chart gives way, not the explanation
        notes.setId("timelineNotes");
        VBox.setVgrow(chart, Priority.ALWAYS);
        node = new VBox(4, chart, legend(), notes);
        node.getStyleClass().add("production-timeline");
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli((long) (seconds * 1000));
    }

    /** The lane label at a position of the category axis (which counts from the bottom). */
    private String laneAt(double value) {
        List<String> bottomUp = laneAxis.getCategories();
        int i = (int) Math.round(value);
        return i >= 0 && i < bottomUp.size() ? bottomUp.get(i) : "";
    }

    /** A one-way converter for axis ticks and cross-hair labels. */
    private static StringConverter<Number> converter(DoubleFunction<String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return value == null ? "" : format.apply(value.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("labels are not parsed back");
            }
        };
    }

    Node node() {
        return node;
    }

    XYChart chart() {
        return chart;
    }

    VersionLanes shown() {
        return shown;
    }

    TimelineLanesPlugin lanesPlugin() {
        return lanes;
    }

    /** The lane labels from top to bottom. */
    List<String> laneLabels() {
        List<String> top = new ArrayList<>(laneAxis.getCategories());
        Collections.reverse(top);
        return top;
    }

    /** Shows new lanes (FX thread): axis ranges, lane names and the plugin's shapes. */
    void show(VersionLanes model) {
        shown = model;
        int n = model.lanes().size();
        // the category axis counts from the bottom; v1 goes on top
        List<String> bottomUp = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            bottomUp.add(model.lanes().get(i).label());
        }
        laneAxis.setCategories(bottomUp);
        laneAxis.set(-0.5, Math.max(0, n - 1) + 0.5);
        if (!model.isEmpty()) {
            timeAxis.set(TimelineLanesPlugin.seconds(model.from()), TimelineLanesPlugin.seconds(model.to()));
        }
        chart.setMinHeight(Math.max(1, n) * MIN_LANE_HEIGHT + AXES_HEIGHT);
        lanes.show(model);
        notes.setText(String.join("\n", model.notes()));
        notes.setVisible(!model.notes().isEmpty());
        notes.setManaged(!model.notes().isEmpty());
        chart.invalidate();
    }

    /** The lanes as rows: one per bar and per marker, times in UTC. */
    void writeCsv(Path file) {
        List<List<?>> rows = new ArrayList<>();
        for (VersionLanes.Lane lane : shown.lanes()) {
            lane.production().forEach(s -> rows.add(List.of(lane.label(), "production", EffectiveTime.format(s.start()),
                    s.open() ? "" : EffectiveTime.format(s.end()), "")));
            lane.challenger().forEach(s -> rows.add(List.of(lane.label(), "challenger", EffectiveTime.format(s.start()),
                    s.open() ? "" : EffectiveTime.format(s.end()), "")));
        }
        shown.markers().forEach(m -> rows.add(List.of("v" + m.version(), m.kind().name().toLowerCase(Locale.ROOT),
                EffectiveTime.format(m.at()), "", m.detail())));
        ChartExport.writeCsv(List.of("version", "what", "from_utc", "to_utc", "detail"), rows, file);
    }

    private static Node legend() {
        Rectangle production = swatch(TimelineLanesPlugin.PRODUCTION);
        Rectangle challenger = swatch(TimelineLanesPlugin.CHALLENGER);
        Line promoted = new Line(0, 0, 0, 12);
        promoted.getStyleClass().add(TimelineLanesPlugin.PROMOTED);
        Polygon registered = new Polygon(5, 0, 10, 5, 5, 10, 0, 5);
        registered.getStyleClass().add(TimelineLanesPlugin.REGISTERED);
        FlowPane legend = new FlowPane(14, 4, item(production, "production"), item(challenger, "challenger (shadow scoring)"),
                item(promoted, "promoted to production"), item(registered, "registered"));
        legend.setAlignment(Pos.CENTER);
        legend.getStyleClass().add("timeline-legend");
        legend.setId("timelineLegend");
        return legend;
    }

    private static Rectangle swatch(String styleClass) {
        Rectangle r = new Rectangle(18, 10);
        r.getStyleClass().add(styleClass);
        return r;
    }

    private static Node item(Node glyph, String text) {
        Label label = new Label(text, glyph);
        label.setGraphicTextGap(6);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
