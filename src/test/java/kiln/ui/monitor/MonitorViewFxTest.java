package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.dataset.DataSet;
import kiln.domain.Alert;
import kiln.domain.AlertState;
import kiln.ui.chart.ChartStyles;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.StyleClasses;
import kiln.ui.common.Theme;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MonitorViewFxTest {

    FakeMonitorQueries queries;
    FxTaskRunner runner;
    final ManualTicker ticker = new ManualTicker();
    MonitorWorkspace workspace;
    final List<Path> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        queries = new FakeMonitorQueries();
        runner = new FxTaskRunner(2);
        workspace = new MonitorWorkspace(queries, runner, ticker);
        workspace.setFileOpener(new FileOpener() {
            @Override
            public boolean canOpen() {
                return true;
            }

            @Override
            public void open(Path file) {
                opened.add(file);
            }
        });
        Scene scene = new Scene((Parent) workspace.view(), 1260, 780);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        workspace.setActive(true);
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    private void awaitLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null
                && workspace.model().windowDetailProperty().get() != null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(workspace.monitorView()::shownUpToDate).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void kpiChartShowsPointsEstimateBandAndMarkers(FxRobot robot) throws Exception {
        awaitLoaded();
        KpiChart kpi = workspace.monitorView().kpiChart();
        XYChart chart = robot.lookup("#kpi-chart").queryAs(XYChart.class);
        assertThat(chart).isSameAs(kpi.chart());
        assertThat(robot.lookup(".chart-panel .section-title").queryAllAs(Label.class))
                .extracting(Label::getText).contains("Accuracy over time: is it inside its acceptable band?");
        assertThat(chart.getXAxis().getName()).isEqualTo("process time");
        assertThat(chart.getXAxis().getUnit()).isEqualTo("UTC");
        assertThat(chart.getYAxis().getName()).isEqualTo("accuracy");
        assertThat(chart.getYAxis().getUnit()).isEqualTo("%");
        assertThat(chart.legendVisibleProperty().get()).isTrue();
        // 28 labelled days as points; the dashed estimate covers the 2 unlabelled days from the last realised point
        assertThat(kpi.realised().getDataCount()).isEqualTo(FakeMonitorQueries.DAYS - 2);
        assertThat(kpi.estimate().getDataCount()).isEqualTo(3);
        assertThat(kpi.realised().get(DataSet.DIM_Y, 0)).isBetween(85.0, 100.0);
        assertThat(kpi.realised().getErrorNegative(DataSet.DIM_Y, 0)).isPositive();
        assertThat(kpi.okBand().getLowerBound()).isEqualTo(83.0, Offset.offset(1e-9));
        assertThat(kpi.okBand().getUpperBound()).isEqualTo(100.0);
        assertThat(kpi.okBand().getChartChildren()).allMatch(n -> n.getStyleClass().contains(ChartStyles.BAND_OK));
        // short labels on the chart, the whole story in their tooltips
        assertThat(kpi.markers()).extracting(XValueIndicator::getText).containsExactly("v1", "change", "alert", "v2");
        assertThat(kpi.markers().get(3).getChartChildren()).filteredOn(n -> n.getStyleClass().contains("value-indicator-line"))
                .isNotEmpty().allMatch(n -> n.getStyleClass().contains(ChartStyles.MARKER_PROMOTION));
        assertThat(kpi.markers().get(3).getValue()).isEqualTo(FakeMonitorQueries.PROMOTION.getEpochSecond());
        assertThat(markerLabel(kpi.markers().get(3)).getTooltip().getText()).isEqualTo("v2 promoted to production\n2019-07-22 00:00 UTC");

        // counterfactual toggle adds a faded line, in place
        robot.clickOn("#series-counterfactual-v1");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> kpi.counterfactualSets().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(kpi.counterfactualSets().values().iterator().next().getDataCount()).isEqualTo(FakeMonitorQueries.DAYS - 2);
        assertThat(chart).isSameAs(robot.lookup("#kpi-chart").queryAs(XYChart.class));
        // the band is drawn, not only configured: the picture has light green (ok) and light red (below band) areas
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = chart.snapshot(null, null));
        BufferedImage image = SwingFXUtils.fromFXImage(shot[0], null);
        int green = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                green += r > 190 && g > r + 8 && g > b + 4 ? 1 : 0;
                red += g > 190 && r > g + 8 && r > b ? 1 : 0;
            }
        }
        assertThat(green).isGreaterThan(5000);
        assertThat(red).isGreaterThan(5000);
    }

    static Label markerLabel(XValueIndicator marker) {
        return marker.getChartChildren().stream().filter(Label.class::isInstance)
                .map(Label.class::cast).findFirst().orElseThrow();
    }

    @Test
    void liveUpdatesRedrawInPlace(FxRobot robot) throws Exception {
        awaitLoaded();
        KpiChart kpi = workspace.monitorView().kpiChart();
        XYChart chart = kpi.chart();
        queries.addDay();
        ticker.tick(); // one poll, on this (non-FX) thread as on the poll thread
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> kpi.realised().getDataCount() == FakeMonitorQueries.DAYS - 1);
        // the same chart redraws with the new points (its data sets are swapped, never rebuilt around them)
        assertThat(robot.lookup("#kpi-chart").queryAs(XYChart.class)).isSameAs(chart);
        // leaving the workspace stops polling; a poll already under way then draws nothing
        robot.interact(() -> workspace.setActive(false));
        assertThat(ticker.isTicking()).isFalse();
        queries.addDay();
        ticker.tickLate();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(kpi.realised().getDataCount()).isEqualTo(FakeMonitorQueries.DAYS - 1);
        // shown again, it polls again and draws the day that came meanwhile
        robot.interact(() -> workspace.setActive(true));
        ticker.tick();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> kpi.realised().getDataCount() == FakeMonitorQueries.DAYS);
    }

    @Test
    void acknowledgingAnAlertAfterJumpingToIt(FxRobot robot) throws Exception {
        awaitLoaded();
        Button retrain = robot.lookup("#retrain-alert").queryAs(Button.class);
        robot.clickOn(robot.lookup("#alert-table .table-row-cell").nth(0).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        Alert selected = workspace.model().alertList().selectedProperty().get();
        assertThat(selected.alertId()).isEqualTo(1L);
        KpiChart kpi = workspace.monitorView().kpiChart();
        assertThat(kpi.visibleFrom()).isLessThanOrEqualTo(selected.windowStart().getEpochSecond());
        assertThat(kpi.visibleTo()).isGreaterThanOrEqualTo(selected.windowEnd().getEpochSecond());
        assertThat(kpi.visibleTo() - kpi.visibleFrom()).isLessThan(20 * 86400.0);
        assertThat(kpi.focusBand().getLowerBound()).isEqualTo(selected.windowStart().getEpochSecond());
        assertThat(kpi.focusBand().getUpperBound()).isEqualTo(selected.windowEnd().getEpochSecond());
        assertThat(kpi.focusBand().getChartChildren()).filteredOn(n -> n.getStyleClass().contains("range-indicator-rect"))
                .allMatch(n -> n.getStyleClass().contains(KpiChart.FOCUS_WINDOW));
        assertThat(robot.lookup("#alert-details").queryAs(Label.class).getText())
                .contains("v1").contains("data window 2019-07-19 00:00 – 2019-07-21 00:00 UTC");
        assertThat(retrain.isDisabled()).isTrue(); // no retrain handler set yet

        robot.clickOn("#acknowledge-alert");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#acknowledge-note").write("furnace thermocouple replaced");
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> AlertState.ACKNOWLEDGED == (queries.alerts(FakeMonitorQueries.MODEL, true).stream()
                .filter(a -> a.alertId() == 1).findFirst().orElseThrow().state()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> AlertState.ACKNOWLEDGED == workspace.model().alertList().selectedProperty().get()
                .state());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(queries.alerts.get(0).note()).isEqualTo("furnace thermocouple replaced");
        TableView<?> table = robot.lookup("#alert-table").queryAs(TableView.class);
        assertThat(((AlertRow) table.getSelectionModel().getSelectedItem()).alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(robot.lookup("#acknowledge-alert").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void clickingAHeatmapCellShowsThatFeatureAndWindow(FxRobot robot) throws Exception {
        awaitLoaded();
        robot.clickOn("#drift-pressure-3");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            WindowDetail d = workspace.model().windowDetailProperty().get();
            return d != null && d.feature().equals("pressure") && d.window().from().equals(FakeMonitorQueries.day(3));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#drift-pressure-3").queryAs(Label.class).getStyleClass()).contains(DriftHeatmap.SELECTED);
        XYChart distribution = robot.lookup("#feature-distribution").queryAs(XYChart.class);
        assertThat(distribution.getXAxis().getName()).isEqualTo("pressure");
        assertThat(distribution.getDatasets().get(0).getDataCount()).isEqualTo(6);
        assertThat(robot.lookup("#drift-temp-25").queryAs(Label.class).getStyleClass()).contains("drift-alert");
    }

    @Test
    void exportsTheViewAsSelfContainedHtml(FxRobot robot, @TempDir Path out) throws Exception {
        awaitLoaded();
        robot.interact(() -> workspace.monitorView().setExportTarget((owner, name, ext) -> out.resolve(name + "." + ext)));
        robot.clickOn("#exportButton");
        Path file = out.resolve("monitor-report.html");
        // written in the background; the title row then says where, with an Open link
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#open-report").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(file).exists();
        assertThat(robot.lookup("#export-message").queryAs(Label.class).getText())
                .isEqualTo("Report saved to " + file + ".");
        assertThat(out.resolve("monitor-report.html.partial")).doesNotExist();
        robot.clickOn("#open-report");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> opened.contains(file));
        String html = Files.readString(file);
        // charts drawn for the page from the data, not pictures of the screen; units from the catalogue
        assertThat(html).doesNotContain("data:image/png").contains("<svg").contains("<h3>temp (°C)</h3>").contains("<h3>pressure (bar)</h3>")
                .contains("Celsius to Fahrenheit").contains("class=\"confusion\"")
                // every alert, not only the open ones the list shows
                .contains("missing rate above 5 %")
                .contains("accuracy below band for 2 windows");
    }

    @Test
    void aReportThatCannotBeSavedSaysWhyAndOffersNoOpen(FxRobot robot, @TempDir Path out) throws Exception {
        awaitLoaded();
        Path missing = out.resolve("no-such-folder").resolve("report.html");
        robot.interact(() -> workspace.monitorView().setExportTarget((owner, name, ext) -> missing));
        robot.clickOn("#exportButton");
        Label message = robot.lookup("#export-message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().contains("did not work"));
        assertThat(message.getText()).isEqualTo("Saving the report to " + missing
                + " did not work: the folder does not exist (any more). Choose an existing folder.");
        assertThat(message.getStyleClass()).contains(StyleClasses.ERROR);
        assertThat(robot.lookup("#open-report").queryAs(Hyperlink.class).isVisible()).isFalse();
        assertThat(robot.lookup("#exportButton").queryAs(Button.class).isDisabled()).isFalse(); // ready to try another folder
    }
}
