package kiln.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YRangeIndicator;
import io.fair_acc.dataset.DataSet;
import kiln.app.FleetPort;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
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

/** The Fleet workspace with 10,000 groups × 14 days: it lists, filters, sorts and opens a group. */
@ExtendWith(ApplicationExtension.class)
class FleetViewFxTest {

    static final int GROUPS = 10_000;
    static final int DAYS = 14;
    /** The Monitor's accuracy chart's name for the labelled windows. */
    static final String REALISED = "realised accuracy (labelled, 95 % interval)";

    @TempDir
    static Path dir;
    KilnStore store;
    FxTaskRunner runner;
    FleetWorkspace workspace;

    @Start
    void start(Stage stage) throws Exception {
        store = KilnStore.open(dir.resolve("fleet-" + System.nanoTime() + ".duckdb"));
        FleetTestData.fill(store, GROUPS, DAYS);
        runner = new FxTaskRunner(2);
        workspace = new FleetWorkspace(new FleetPort(store), runner);
        Scene scene = new Scene((Parent) workspace.view(), 1440, 900);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        workspace.setActive(true);
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
        store.close();
    }

    @SuppressWarnings("unchecked")
    private TableView<FleetGroup> table(FxRobot robot) {
        return robot.lookup("#fleet-groups").queryAs(TableView.class);
    }

    @Test
    void listsFiltersSortsAndOpensOneOfTenThousandGroups(FxRobot robot) throws Exception {
        FleetViewModel model = workspace.model();
        TableView<FleetGroup> table = table(robot);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == GROUPS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#fleet-empty").query().isVisible()).isFalse();
        assertThat(robot.lookup("#fleet-count").queryAs(Label.class).getText()).isEqualTo("10,000 groups");
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("fleet view heap with %,d groups × %d days loaded: %.0f MB used%n", GROUPS, DAYS,
                (rt.totalMemory() - rt.freeMemory()) / 1e6);

        // worst first: the heatmap's first rows are the groups whose accuracy dropped; only the rows that fit are built
        FleetHeatmapGrid heatmap = workspace.fleetView().heatmap();
        List<String> rows = heatmap.shownGroups();
        assertThat(rows).hasSize(heatmap.rowsFit()).hasSizeBetween(8, 60);
        assertThat(rows.subList(0, 4)).allMatch(k -> FleetTestData.drops(Integer.parseInt(k)));
        assertThat(table.getItems().subList(0, 4)).extracting(FleetGroup::groupKey).containsExactlyElementsOf(rows.subList(0, 4));
        assertThat(heatmap.cellClass(0, DAYS - 1)).isIn("fleet-acc-0", "fleet-acc-1");
        assertThat(heatmap.cellClass(0, 0)).isIn("fleet-acc-3", "fleet-acc-4");
        assertThat(heatmap.describeCell(0, DAYS - 1)).contains(FleetTestData.GROUP_COLUMN + " " + rows.get(0)).contains("UTC")
                .contains("accuracy").contains("labelled rows");
        assertThat(robot.lookup("#fleet-heatmap-columns-caption").queryAs(Label.class).getText()).contains("UTC").contains("newest on the right");
        assertThat(robot.lookup("#fleet-heatmap-rows-caption").queryAs(Label.class).getText()).contains("worst first").contains("10,000");
        assertThat(robot.lookup("#fleet-heatmap-legend").queryAs(Node.class).isVisible()).isTrue();
        assertThat(heatmap.scrollBar().getMax()).isEqualTo(GROUPS - heatmap.rowsFit());
        // the scroll bar reaches the rest
        // (scrolled again while the layout settles: a later layout pass may change how many rows fit, and so the end)
        String last = table.getItems().get(GROUPS - 1).groupKey();
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                robot.interact(() -> heatmap.scrollBar().setValue(heatmap.scrollBar().getMax()));
                return last.equals(heatmap.shownGroups().get(heatmap.rowsFit() - 1));
            });
        } catch (TimeoutException e) {
            assertThat(heatmap.shownGroups().get(heatmap.rowsFit() - 1)).as("last row after scrolling to the end").isEqualTo(last);
        }
        robot.interact(() -> heatmap.scrollBar().setValue(0));

        // filter: typed into the search box, then timed on the FX thread (list, table and heatmap follow)
        robot.clickOn("#fleet-search").write("999");
        WaitForAsyncUtils.waitForFxEvents();
        long expected = IntStream.range(0, GROUPS).filter(g -> String.valueOf(g).contains("999")).count();
        assertThat(table.getItems()).hasSize((int) expected).allMatch(g -> g.groupKey().contains("999"));
        assertThat(robot.lookup("#fleet-count").queryAs(Label.class).getText()).isEqualTo(expected + " of 10,000 groups");
        assertThat(heatmap.shownGroups()).allMatch(k -> k.contains("999"));
        String[] searches = {"", "12", "", "7", "", "4", "", "31", ""};
        long[] nanos = new long[searches.length];
        long[] listNanos = new long[searches.length];
        long[] cpuNanos = new long[searches.length];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < searches.length; i++) {
            String text = searches[i];
            int at = i;
            robot.interact(() -> {
                long t0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                model.searchProperty().set(text);
                table.getItems().size();
                listNanos[at] = System.nanoTime() - t0;
                table.layout();
                nanos[at] = System.nanoTime() - t0;
                cpuNanos[at] = threads.getCurrentThreadCpuTime() - cpu0;
            });
        }
        long median = Arrays.stream(nanos).sorted().toArray()[nanos.length / 2];
        System.out.printf("fleet list filter on the FX thread, the filtered and sorted list and the heatmap alone: median %.1f ms%n",
                Arrays.stream(listNanos).sorted().toArray()[nanos.length / 2] / 1e6);
        System.out.printf("fleet list filter on the FX thread (10,000 groups, list + table + heatmap): median %.1f ms, max %.1f ms; "
                + "FX thread CPU median %.1f ms (load average %.1f on %d cores)%n", median / 1e6, Arrays.stream(nanos).max().orElse(0) / 1e6,
                Arrays.stream(cpuNanos).sorted().toArray()[nanos.length / 2] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        assertThat(median / 1e6).as("a generous guard; the target is 100 ms").isLessThan(1000);
        assertThat(table.getItems()).hasSize(GROUPS);

        // sort: the drop column, clicked twice for the biggest drop first
        Node dropHeader = robot.lookup(".column-header").match(n -> "fleet-col-drop".equals(n.getId())).query();
        robot.clickOn(dropHeader);
        robot.clickOn(dropHeader);
        WaitForAsyncUtils.waitForFxEvents();
        TableColumn<FleetGroup, ?> sortedBy = table.getSortOrder().get(0);
        assertThat(sortedBy.getId()).isEqualTo("fleet-col-drop");
        assertThat(sortedBy.getSortType()).isEqualTo(TableColumn.SortType.DESCENDING);
        List<FleetGroup> items = List.copyOf(table.getItems());
        assertThat(items.get(0).dropPoints()).isGreaterThan(10);
        for (int i = 1; i < 200; i++) {
            assertThat(items.get(i).dropPoints()).isLessThanOrEqualTo(items.get(i - 1).dropPoints());
        }
        assertThat(heatmap.shownGroups().get(0)).isEqualTo(items.get(0).groupKey());
        assertThat(robot.lookup("#fleet-heatmap-rows-caption").queryAs(Label.class).getText()).contains("by drop, descending");

        // open one group: its row in the table
        String chosen = items.get(1).groupKey();
        robot.clickOn(robot.lookup(".table-row-cell").match(n -> n instanceof TableRow<?> r && r.isVisible()
                && !r.isEmpty() && r.getItem() instanceof FleetGroup g && g.groupKey().equals(chosen)).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.detailProperty().get() != null
                && model.detailProperty().get().groupKey().equals(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        GroupDetailPane detail = workspace.fleetView().detail();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.featuresProperty().get() != null
                && model.featuresProperty().get().groupKey().equals(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(detail.title().getText()).isEqualTo(FleetTestData.GROUP_COLUMN + " " + chosen);
        int g = Integer.parseInt(chosen);
        assertThat(FleetTestData.drops(g)).as("the second biggest drop is a group whose accuracy dropped").isTrue();
        assertThat(detail.serving().getText()).isEqualTo("Served by its own member v" + (2 + g) + " since 2024-03-13 00:00 UTC.");
        // the Accuracy tab: the Monitor's chart with the group's windows, its baseline, band, warning margin and markers
        assertThat(detail.tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("fleet-tab-accuracy");
        List<DataSet> sets = detail.chart().getRenderers().stream().flatMap(r -> r.getDatasets().stream()).toList();
        assertThat(sets).extracting(DataSet::getName).contains(REALISED, GroupSeries.BASELINE);
        DataSet realised = sets.stream().filter(d -> d.getName().equals(REALISED)).findFirst().orElseThrow();
        assertThat(realised.getDataCount()).isEqualTo(DAYS);
        assertThat(realised.get(DataSet.DIM_Y, DAYS - 1)).isCloseTo(100 * (FleetTestData.normalAccuracy(g) - 0.25),
                Offset.offset(1.5));
        assertThat(sets.stream().filter(d -> d.getName().equals(GroupSeries.BASELINE)).findFirst().orElseThrow().getDataCount()).isEqualTo(DAYS - 1);
        assertThat(detail.chart().getYAxis().getName()).isEqualTo("accuracy");
        assertThat(detail.bandShown()).isTrue();
        List<YRangeIndicator> bands = detail.chart().getPlugins().stream()
                .filter(p -> p instanceof YRangeIndicator).map(p -> (YRangeIndicator) p).toList();
        assertThat(bands).extracting(b -> b.getText()).contains("warning margin", "acceptable band 85–100 %");
        assertThat(detail.chart().getPlugins().stream().filter(p -> p instanceof XValueIndicator).count())
                .as("its promotion, its alert and its rollback").isEqualTo(3);
        assertThat(detail.accuracyMessage().isVisible()).isFalse();
        // the Alerts tab: what, since when, state
        assertThat(detail.alerts().getItems()).singleElement().asString().startsWith("fleet-drop · warning · firing since 03-12 00:00");
        // the Features tab: the unit change shows as bars apart, the newest day against the member's training window
        robot.clickOn(robot.lookup(".tab").match(n -> "fleet-tab-features".equals(n.getId())).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        GroupFeaturesPane features = detail.features();
        assertThat(features.numeric().chart().isVisible()).isTrue();
        assertThat(features.featureBox().getValue().name()).isEqualTo("speed");
        assertThat(robot.lookup("#fleet-feature").queryAs(ComboBox.class).isVisible()).isTrue();
        assertThat(features.summary().getText()).contains("training window of v" + (2 + g)).contains("(4 readings)").contains("(28 readings)");
        assertThat(features.numeric().series(0).getName()).isEqualTo("reference (training window of v" + (2 + g) + ")");
        double referenceShare = 0;
        double recentShare = 0;
        for (int b = 0; b < features.numeric().series(0).getDataCount(); b++) {
            double ref = features.numeric().series(0).get(DataSet.DIM_Y, b);
            double cur = features.numeric().series(1).get(DataSet.DIM_Y, b);
            assertThat(ref > 0 && cur > 0).as("bin %d holds both windows", b).isFalse();
            referenceShare += ref;
            recentShare += cur;
        }
        assertThat(referenceShare).isCloseTo(100, Offset.offset(1e-6));
        assertThat(recentShare).isCloseTo(100, Offset.offset(1e-6));
        assertThat(features.message().isVisible()).isFalse();

        // a dead sensor: the features tab says why the newest day is empty
        robot.interact(() -> model.selectGroup("3"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.featuresProperty().get() != null
                && model.featuresProperty().get().groupKey().equals("3") && model.detailProperty().get().groupKey().equals("3"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(features.message().isVisible()).isTrue();
        assertThat(features.message().getText()).startsWith("No readings from " + FleetTestData.GROUP_COLUMN + " 3 in the newest day");
        robot.clickOn(robot.lookup(".tab").match(n -> "fleet-tab-accuracy".equals(n.getId())).queryAs(Node.class));
        assertThat(robot.lookup("#fleet-accuracy-note").queryAs(Label.class).getText()).contains("stopped sending readings");
    }
}
