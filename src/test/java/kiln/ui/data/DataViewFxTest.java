package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DataViewFxTest extends DataWorkspaceFxTestBase {

    static final int ROWS = 8_400;
    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void load() throws Exception {
        store = DataWorkspaceStage.glassware(dir, ROWS);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    KilnStore store() {
        return store;
    }

    @Start
    void start(Stage stage) {
        startWorkspace(stage);
    }

    @Stop
    void stop() {
        stopWorkspace();
    }

    private void awaitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workspace.model().histogramsProperty().get().size() == 3
                && settled());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void changingTheWindowRefreshesTheViews(FxRobot robot) throws Exception {
        awaitIdle();
        assertThat(workspace.model().profile().get(0).count()).isEqualTo(ROWS);
        robot.clickOn("#presetBox").clickOn("Last 7 days");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> settled() && workspace.model().profile().get(0).count() < ROWS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(workspace.model().profile().get(0).count()).isBetween(7 * 190L, 7 * 210L);
        assertThat(robot.lookup("#windowLabel").queryAs(Label.class).getText()).startsWith("Window: 2019-08-0");
        TableView<?> profile = robot.lookup("#profileTable").queryAs(TableView.class);
        assertThat(profile.getItems()).hasSize(3);
        // the run preset without runs keeps the whole window and says why
        robot.clickOn("#presetBox").clickOn("Training window of a run");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !workspace.model().busyProperty().get()
                && workspace.model().profile().get(0).count() == ROWS);
        assertThat(robot.lookup("#runBox").queryAs(ComboBox.class).getPromptText()).contains("No run");
    }

    @Test
    void clickingAHistogramBarShowsItsRows(FxRobot robot) throws Exception {
        awaitIdle();
        Histogram temp = workspace.model().histogramsProperty().get().get("temp");
        double centre = (temp.edges()[0] + temp.edges()[1]) / 2;
        XYChart chart = robot.lookup("#histogram-temp").queryAs(XYChart.class);
        Axis xAxis = chart.getXAxis();
        Axis yAxis = chart.getYAxis();
        Point2D onX = ((Node) xAxis).localToScreen(xAxis.getDisplayPosition(centre), 0);
        Bounds yBounds = ((Node) yAxis).localToScreen(((Node) yAxis).getBoundsInLocal());
        robot.moveTo(new Point2D(onX.getX(), yBounds.getCenterY())).clickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !workspace.model().drillRows().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        long expected = temp.good()[0] + temp.bad()[0] + temp.unlabelled()[0];
        assertThat(workspace.model().drillTotalProperty().get()).isEqualTo(expected);
        TableView<?> rows = robot.lookup("#drillTable").queryAs(TableView.class);
        assertThat(rows.getItems()).hasSize((int) Math.min(expected, DataViewModel.PAGE_SIZE));
        assertThat(robot.lookup("#drillLabel").queryAs(Label.class).getText()).startsWith("temp in [");
        assertThat(robot.lookup("#pageLabel").queryAs(Label.class).getText()).startsWith("1–");
    }

    @Test
    void exportsAHistogramAsPngAndCsv(FxRobot robot, @TempDir Path out) throws Exception {
        awaitIdle();
        robot.interact(() -> workspace.dataView().setExportTarget((owner, name, ext) -> out.resolve(name + "." + ext)));
        robot.clickOn("#histogram-temp-png");
        robot.clickOn("#histogram-temp-csv");
        WaitForAsyncUtils.waitForFxEvents();
        Path png = out.resolve("histogram-temp.png");
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(200);
        assertThat(image.getHeight()).isGreaterThan(150);
        String csv = Files.readString(out.resolve("histogram-temp.csv"));
        // one row per bin with its edges and each class's count, the classes named as the data set names them
        assertThat(csv).startsWith("temp_from,temp_to,quality = 1,quality ≠ 1,unlabelled\n");
        assertThat(csv.lines().count()).isEqualTo(1 + DataViewModel.HISTOGRAM_BINS);
        Histogram temp = workspace.model().histogramsProperty().get().get("temp");
        assertThat(csv.lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum()).isEqualTo(Arrays.stream(temp.good()).sum());
    }
}
