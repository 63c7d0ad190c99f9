package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;

import kiln.app.SimulatorPort;
import kiln.domain.Alert;
import kiln.domain.AlertState;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import kiln.ui.simulator.SimulatorPanelView;
import kiln.ui.simulator.SimulatorPanelViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Monitor at the window sizes people use, inside stand-ins for the application's chrome (menu
 * bar, sidebar, status bar) and with the real simulator panel on top: the alert list keeps at least
 * three rows and its actions in view after an alert is selected and acknowledged, the band fields
 * keep their width, and the chart keeps a plot to read.
 */
@ExtendWith(ApplicationExtension.class)
class MonitorLayoutFxTest {

    /** The application's chrome around a workspace (measured in the running app, light theme). */
    private static final double SIDEBAR = 220;
    private static final double MENU_BAR = 28;
    private static final double STATUS_BAR = 28;

    Stage stage;
    FxTaskRunner runner;
    KilnStore store;
    MonitorWorkspace workspace;
    SimulatorPanelView simulator;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        runner = new FxTaskRunner(2);
        store = KilnStore.open(Files.createTempDirectory("kiln-monitor-layout").resolve("layout.duckdb"));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            if (workspace != null) {
                workspace.dispose();
                simulator.dispose();
            }
        }).get(10, TimeUnit.SECONDS);
        runner.shutdown();
        store.close();
    }

    private void show(FxRobot robot, Theme theme, double width, double height, double sidebar) throws Exception {
        robot.interact(() -> {
            workspace = new MonitorWorkspace(new FakeMonitorQueries(), runner);
            workspace.setRetrainHandler(a -> {});
            simulator = new SimulatorPanelView(new SimulatorPanelViewModel(new SimulatorPort(store), runner));
            workspace.setSimulatorPanel(simulator.root());
            BorderPane chrome = new BorderPane((Node) workspace.view());
            chrome.setLeft(fixed(sidebar, 0));
            chrome.setTop(fixed(0, MENU_BAR));
            chrome.setBottom(fixed(0, STATUS_BAR));
            Scene scene = new Scene(chrome, width, height);
            theme.applyTo(scene);
            stage.setScene(scene);
            stage.setWidth(width);
            stage.setHeight(height);
            workspace.setActive(true);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(workspace.monitorView()::shownUpToDate).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Region fixed(double width, double height) {
        Region r = new Region();
        r.setMinSize(width, height);
        r.setPrefSize(width, height);
        r.setMaxSize(width, height);
        return r;
    }

    /** Selects the first alert of all (not only open) and acknowledges it, as the user did when the panel broke. */
    private void selectAndAcknowledge(FxRobot robot) throws Exception {
        AlertListModel alerts = workspace.model().alertList();
        robot.interact(() -> workspace.model().openAlertsOnlyProperty().set(false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.alerts().size() == 3);
        robot.interact(() -> alerts.selectedProperty().set(alerts.alerts().get(0)));
        robot.interact(() -> alerts.acknowledge(alerts.selectedProperty().get(), "checked the furnace"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.selectedProperty().get() != null
                && AlertState.ACKNOWLEDGED == alerts.selectedProperty().get().state());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Everything fits the workspace's area without scrolling. */
    private void assertUsable(FxRobot robot, double width, double height, double sidebar) throws Exception {
        selectAndAcknowledge(robot);
        Bounds area = workspaceArea(width, height, sidebar);
        onFx(() -> {
            ScrollPane scroller = workspace.monitorView().scroller();
            assertThat(scroller.getContent().getLayoutBounds().getHeight()).as("the Monitor's height (no scrolling needed)")
                    .isLessThanOrEqualTo(scroller.getViewportBounds().getHeight() + 0.5);
            assertHeaderAndChartInside(robot, area);
            assertAlertPanelUsable(robot, area);
        });
    }

    /** Large type on a small screen: the Monitor scrolls instead of clipping; both ends are usable. */
    private void assertUsableScrolling(FxRobot robot, double width, double height, double sidebar) throws Exception {
        selectAndAcknowledge(robot);
        Bounds area = workspaceArea(width, height, sidebar);
        ScrollPane scroller = workspace.monitorView().scroller();
        onFx(() -> assertThat(scroller.getContent().getLayoutBounds().getWidth()).as("the Monitor's width beside the scroll bar")
                .isLessThanOrEqualTo(scroller.getViewportBounds().getWidth() + 0.5));
        robot.interact(() -> scroller.setVvalue(scroller.getVmin()));
        onFx(() -> assertHeaderAndChartInside(robot, area));
        robot.interact(() -> scroller.setVvalue(scroller.getVmax()));
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> assertAlertPanelUsable(robot, area));
    }

    private static Bounds workspaceArea(double width, double height, double sidebar) {
        // the workspace's own area: between the sidebar, the menu bar and the status bar
        return new BoundingBox(sidebar, MENU_BAR, width - sidebar, height - MENU_BAR - STATUS_BAR);
    }

    private static void onFx(Runnable checks) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            checks.run();
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private void assertHeaderAndChartInside(FxRobot robot, Bounds area) {
        // the band fields keep room for "100", and the toolbar and header stay inside the window
        for (String id : List.of("#band-lower", "#band-upper")) {
            TextField field = robot.lookup(id).queryAs(TextField.class);
            assertThat(field.getWidth()).as(id + " width").isGreaterThanOrEqualTo(3 * field.getFont().getSize());
            assertInside(id, sceneBounds(field), area);
        }
        assertInside("Set band", sceneBounds(robot.lookup("#setBandButton").query()), area);
        assertInside("Export report", sceneBounds(robot.lookup("#exportButton").query()), area);
        assertInside("Play", sceneBounds(robot.lookup("#play-button").query()), area);
        for (Node chip : robot.lookup(".health-chip").queryAll()) {
            assertInside("health figure", sceneBounds(chip), area);
        }
        // the accuracy chart keeps a plot worth reading
        Bounds plot = sceneBounds(workspace.monitorView().kpiChart().chart().getCanvas());
        assertThat(plot.getHeight()).as("accuracy plot height").isGreaterThanOrEqualTo(80);
        assertInside("accuracy plot", plot, area);
    }

    private void assertAlertPanelUsable(FxRobot robot, Bounds area) {
        // the alert actions: inside the window and inside the alert panel, and Retrain still offered
        Node panel = robot.lookup("#alert-panel").query();
        for (String id : List.of("#acknowledge-alert", "#silence-alert", "#retrain-alert")) {
            Button b = robot.lookup(id).queryAs(Button.class);
            assertThat(b.isVisible()).as(id).isTrue();
            assertInside(id, sceneBounds(b), area);
            assertInside(id, sceneBounds(b), sceneBounds(panel));
        }
        assertThat(robot.lookup("#retrain-alert").queryAs(Button.class).isDisabled()).as("Retrain on an acknowledged alert").isFalse();
        assertInside("alert panel", sceneBounds(panel), area);

        // at least three whole rows of the table are in view, and no horizontal scroll bar eats one
        Node flow = robot.lookup("#alert-table .virtual-flow").query();
        Bounds flowBounds = sceneBounds(flow);
        for (Node bar : flow.lookupAll(".scroll-bar")) {
            if (bar instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL) {
                assertThat(s.isVisible()).as("horizontal scroll bar in the alert table").isFalse();
            }
        }
        long whole = robot.lookup("#alert-table .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> !r.isEmpty() && r.isVisible())
                .map(MonitorLayoutFxTest::sceneBounds)
                .filter(b -> b.getMinY() >= flowBounds.getMinY() - 0.5 && b.getMaxY() <= flowBounds.getMaxY() + 0.5).count();
        assertThat(whole).as("whole alert rows in view").isGreaterThanOrEqualTo(3);
    }

    private static Bounds sceneBounds(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    private static void assertInside(String what, Bounds inner, Bounds outer) {
        assertThat(inner.getMinX()).as(what + " left").isGreaterThanOrEqualTo(outer.getMinX() - 0.5);
        assertThat(inner.getMinY()).as(what + " top").isGreaterThanOrEqualTo(outer.getMinY() - 0.5);
        assertThat(inner.getMaxX()).as(what + " right").isLessThanOrEqualTo(outer.getMaxX() + 0.5);
        assertThat(inner.getMaxY()).as(what + " bottom").isLessThanOrEqualTo(outer.getMaxY() + 0.5);
    }

    @Test
    void usableAt1024x700(FxRobot robot) throws Exception {
        show(robot, Theme.LIGHT, 1024, 700, SIDEBAR);
        assertUsable(robot, 1024, 700, SIDEBAR);
    }

    /** The headless test screen is 1280×800; 1440×900 is checked on screenshots (docs/monitor-after-story.png). */
    @Test
    void usableAt1280x800(FxRobot robot) throws Exception {
        show(robot, Theme.LIGHT, 1280, 800, SIDEBAR);
        assertUsable(robot, 1280, 800, SIDEBAR);
    }

    @Test
    void presentationThemeScrollsRatherThanClipsAt1280x720(FxRobot robot) throws Exception {
        // the sidebar's larger type makes it wider too
        show(robot, Theme.PRESENTATION, 1280, 720, SIDEBAR + 30);
        assertUsableScrolling(robot, 1280, 720, SIDEBAR + 30);
    }

    @Test
    void theRowMenuOffersTheSameActions(FxRobot robot) throws Exception {
        show(robot, Theme.LIGHT, 1024, 700, SIDEBAR);
        selectAndAcknowledge(robot);
        List<TableRow> rows = robot.lookup("#alert-table .table-row-cell").queryAllAs(TableRow.class).stream().toList();
        ContextMenu menu = workspace.monitorView().alertPanel().rowMenu();
        // every alert row offers the menu; empty filler rows do not
        assertThat(rows).filteredOn(r -> !r.isEmpty()).hasSize(3).allMatch(r -> r.getContextMenu() == menu);
        assertThat(rows).filteredOn(TableRow::isEmpty).allMatch(r -> r.getContextMenu() == null);
        assertThat(menu.getItems()).extracting(MenuItem::getText).containsExactly("Acknowledge…", "Silence…", "Retrain…");
        // the first alert is acknowledged now: no second acknowledgement, but silence and retrain
        assertThat(menu.getItems()).extracting(MenuItem::isDisable).containsExactly(true, false, false);
        Instant until = Instant.parse("2019-07-25T06:00:00Z");
        robot.interact(() -> workspace.monitorView().setAlertDialogs(new AlertDialogs() {
            @Override
            public Optional<String> askNote(Window owner, Alert alert) {
                return Optional.empty();
            }

            @Override
            public Optional<Instant> askSilenceUntil(Window owner, Alert alert) {
                return Optional.of(until);
            }
        }));
        robot.interact(() -> menu.getItems().get(1).fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> until.equals(workspace.model().alertList().selectedProperty().get().silencedUntil()));
        robot.interact(menu::hide);
    }
}
