package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import io.fair_acc.chartfx.XYChart;

import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.Theme;

/** Results that arrive while the Data screen is not shown reach its charts once it is shown again. */
@ExtendWith(ApplicationExtension.class)
class DataViewHiddenUpdatesFxTest {

    @TempDir
    static Path dir;
    static KilnStore store;
    private StackPane host;

    @BeforeAll
    static void load() throws Exception {
        store = DataWorkspaceStage.glassware(dir, 2_000);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        host = new StackPane();
        Scene scene = new Scene(host, DataWorkspaceStage.WIDTH, DataWorkspaceStage.HEIGHT);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void resultsThatCameWhileAnotherScreenWasShownAreDrawnOnReturn(FxRobot robot) throws Exception {
        DataWorkspace workspace = new DataWorkspace(new EdaQueries(store), new ImmediateTaskRunner());
        robot.interact(() -> host.getChildren().setAll((Parent) workspace.view()));
        awaitShownChartsUpToDate(workspace.dataView());
        XYChart histogram = robot.lookup("#histogram-temp").queryAs(XYChart.class);
        double before = WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS);
        robot.interact(() -> {
            host.getChildren().clear(); // another screen is shown
            workspace.model().presetProperty().set(WindowPreset.LAST_DAY); // its results arrive now
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS)).as("nothing drawn while hidden")
                .isEqualTo(before);
        robot.interact(() -> host.getChildren().setAll((Parent) workspace.view()));
        awaitShownChartsUpToDate(workspace.dataView());
        double newestShownTotal = WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS);
        long lastDayLabelled = workspace.model().labelBalanceProperty().get().good() + workspace.model().labelBalanceProperty().get().bad();
        assertThat(newestShownTotal).as("the histogram shows the last day's labelled readings").isEqualTo(lastDayLabelled)
                .isLessThan(before);
        robot.interact(() -> workspace.dispose());
    }

    private static double total(XYChart chart) {
        double sum = 0;
        for (var ds : chart.getDatasets()) {
            for (int i = 0; i < ds.getDataCount(); i++) {
                sum += ds.get(io.fair_acc.dataset.DataSet.DIM_Y, i);
            }
        }
        return sum;
    }

    private static void awaitShownChartsUpToDate(DataView view) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!WaitForAsyncUtils.asyncFx(view::shownChartsUpToDate).get(10, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime()).as("every shown chart took its new data").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
