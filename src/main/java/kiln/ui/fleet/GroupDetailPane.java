package kiln.ui.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.YRangeIndicator;
import io.fair_acc.dataset.DataSet;

import kiln.store.fleet.FleetResults.FleetGroup;
import kiln.store.fleet.FleetResults.GroupAlert;
import kiln.store.fleet.FleetResults.GroupDetail;
import kiln.store.fleet.FleetResults.GroupWindow;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;

/**
 * One group's own story: its accuracy per window against its rolling baseline and the model's
 * acceptable band, and the alerts it raised. Data sets are replaced, never written (see ChartData).
 */
final class GroupDetailPane {

    private final VBox root;
    private static final String NOTHING_CHOSEN = "Choose a group";
    private final Label title = new Label(NOTHING_CHOSEN);
    private final Label headline = new Label();
    private final DefaultNumericAxis yAxis = KilnCharts.axis("accuracy", "%");
    /** One-line dates under the ticks: ChartFX's two-line time labels ran into the axis name. */
    private final DefaultNumericAxis xAxis = KilnCharts.timeAxis("window start");
    private final XYChart chart;
    private final YRangeIndicator band;
    private final ListView<String> alerts = new ListView<>();
    private boolean bandShown = true;

    GroupDetailPane() {
        title.getStyleClass().add("section-title");
        title.setId("fleet-detail-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        headline.setId("fleet-detail-headline");
        headline.getStyleClass().add("muted");
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        headline.setText("Click a group in the list, a row of the heatmap or a member of an incident to see its accuracy over time.");
        chart = KilnCharts.chart(null, xAxis, yAxis);
        chart.setId("fleet-detail-chart");
        KilnCharts.setValueFormats(chart, null, KilnCharts.withUnit("%.1f", "%"));
        chart.getRenderers().setAll(lineWithPoints());
        xAxis.setTickLabelFormatter(tickFormat(false));
        yAxis.setAutoRanging(false);
        yAxis.set(0, 100);
        band = KilnCharts.band(chart, 0, 100, "acceptable band", ChartStyles.BAND_OK);
        band.setLabelHorizontalAnchor(HPos.LEFT);
        band.setLabelHorizontalPosition(0.01);
        showBand(null, null);
        chart.setMinHeight(160);
        chart.setPrefHeight(200);
        VBox.setVgrow(chart, Priority.ALWAYS);
        alerts.setId("fleet-detail-alerts");
        alerts.setPlaceholder(new Label("No alerts for this group."));
        alerts.setPrefHeight(64);
        alerts.setMinHeight(48);
        Label alertsTitle = new Label("Its alerts, newest first");
        alertsTitle.getStyleClass().add("fleet-axis-caption");
        root = new VBox(6, title, headline, chart, alertsTitle, alerts);
        // nothing chosen: only the hint, not empty axes
        for (javafx.scene.Node part : List.of(chart, alertsTitle, alerts)) {
            part.visibleProperty().bind(title.textProperty().isNotEqualTo(NOTHING_CHOSEN));
            part.managedProperty().bind(part.visibleProperty());
        }
        root.getStyleClass().add("fleet-detail");
        root.setMinHeight(0);
    }

    VBox root() {
        return root;
    }

    XYChart chart() {
        return chart;
    }

    Label title() {
        return title;
    }

    ListView<String> alerts() {
        return alerts;
    }

    boolean bandShown() {
        return bandShown;
    }

    /** Shows a group's detail; {@code group} may be null (nothing chosen); {@code granularity} "hour" writes ticks with the time. */
    void show(FleetGroup group, GroupDetail detail, String noun, String granularity) {
        xAxis.setTickLabelFormatter(tickFormat("hour".equals(granularity)));
        if (group == null || detail == null || !detail.groupKey().equals(group.groupKey())) {
            title.setText(group == null ? NOTHING_CHOSEN : noun + " " + group.groupKey());
            headline.setText(group == null
                    ? "Click a group in the list, a row of the heatmap or a member of an incident to see its accuracy over time."
                    : "Reading…");
            ChartData.replace(chart.getDatasets());
            alerts.getItems().clear();
            showBand(null, null);
            return;
        }
        title.setText(noun + " " + group.groupKey() + ": accuracy per window vs its own rolling baseline");
        headline.setText(FleetTexts.groupHeadline(noun, group));
        List<GroupWindow> labelled = detail.windows().stream().filter(w -> w.accuracy() != null).toList();
        List<GroupWindow> withBaseline = detail.windows().stream().filter(w -> w.baselineAccuracy() != null).toList();
        ChartData.replaceShowingNonEmpty(chart.getDatasets(),
                series("accuracy in the window", labelled, false),
                series("rolling baseline (its earlier windows)", withBaseline, true));
        showBand(detail.band().lower(), detail.band().upper());
        relayoutTimeAxis();
        List<String> lines = new ArrayList<>();
        for (GroupAlert a : detail.alerts()) {
            lines.add(String.format(Locale.ROOT, "#%d %s · %s · %s · window %s%s%s", a.alertId(), a.rule(), a.severity(), a.state(),
                    FleetTexts.dayHour(a.windowStart()), a.value() == null ? "" : " · value " + FleetTexts.number(a.value()),
                    a.note() == null || a.note().isBlank() ? "" : " · " + a.note()));
        }
        alerts.getItems().setAll(lines);
    }

    /** Lines with their points marked: a window is one value, and a lone window must still show. */
    private static io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer lineWithPoints() {
        io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer renderer = KilnCharts.lineRenderer();
        renderer.setDrawMarker(true);
        renderer.setErrorStyle(io.fair_acc.chartfx.renderer.ErrorStyle.NONE); // no error bars: the legend shows plain lines
        return renderer;
    }

    /**
     * ChartFX sizes an axis from the tick labels of its previous layout, so the axis name sat on the
     * dates the first time they appeared (as in the Monitor's KpiChart): one more layout sizes it from them.
     */
    private void relayoutTimeAxis() {
        chart.requestLayout();
        javafx.application.Platform.runLater(() -> {
            xAxis.requestAxisLayout();
            chart.requestLayout();
        });
    }

    private static javafx.util.StringConverter<Number> tickFormat(boolean withTime) {
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(withTime ? "MM-dd HH:mm" : "MM-dd", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC);
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return seconds == null ? "" : format.format(java.time.Instant.ofEpochSecond(seconds.longValue()));
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("display only");
            }
        };
    }

    private static DataSet series(String name, List<GroupWindow> windows, boolean baseline) {
        double[] x = new double[windows.size()];
        double[] y = new double[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            GroupWindow w = windows.get(i);
            x[i] = w.start().getEpochSecond();
            y[i] = (baseline ? w.baselineAccuracy() : w.accuracy()) * 100;
        }
        return ChartData.xy(name, x, y);
    }

    private void showBand(Double lower, Double upper) {
        boolean shown = lower != null && upper != null;
        if (shown) {
            band.setLowerBound(lower * 100);
            band.setUpperBound(upper * 100);
            band.setText(String.format(Locale.ROOT, "acceptable band %.0f–%.0f %%", lower * 100, upper * 100));
        }
        if (shown != bandShown) {
            bandShown = shown;
            if (shown) {
                chart.getPlugins().add(0, band);
            } else {
                chart.getPlugins().remove(band);
            }
            band.updateStyleClass();
        }
    }
}
