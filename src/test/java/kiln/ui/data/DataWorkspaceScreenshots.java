package kiln.ui.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.DataPort;
import kiln.store.KilnStore;
import kiln.store.eda.GlasswareSql;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.WorkspaceFxTestBase;

/**
 * Renders the Data workspace over glassware-like data and saves screenshots, so people can look at
 * what it draws: {@code java -cp … kiln.ui.data.DataWorkspaceScreenshots docs} (under xvfb-run on a
 * machine without a display).
 */
public final class DataWorkspaceScreenshots {

    private DataWorkspaceScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        Path dbDir = Files.createTempDirectory("kiln-shots");
        try (KilnStore store = KilnStore.open(dbDir.resolve("shots.duckdb"))) {
            GlasswareSql.insert(store, 7_999);
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            FxTaskRunner runner = new FxTaskRunner(2);
            DataWorkspace[] ws = new DataWorkspace[1];
            Scene[] scene = new Scene[1];
            FxThread.run(() -> {
                ws[0] = new DataWorkspace(new DataPort(store), runner);
                scene[0] = WorkspaceFxTestBase.show(new Stage(), (Parent) ws[0].view(), 1400, 900);
            });
            DataViewModel model = ws[0].model();
            FxThread.await(() -> model.histogramsProperty().get().size() == 3 && model.scatterProperty().get() != null && !model.busyProperty().get(),
                    60);
            FxThread.run(() -> model.drillIntoBin("temp", model.histogramsProperty().get().get("temp").edges()[0], 0));
            FxThread.await(() -> !model.drillRows().isEmpty(), 60);
            Thread.sleep(800);
            FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
            FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-distributions.png")));
            FxThread.run(() -> ws[0].dataView().tabs().getSelectionModel().select(3));
            FxThread.await(() -> ws[0].dataView().shownChartsUpToDate(), 60);
            Thread.sleep(1200);
            FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
            FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-relationships.png")));
            FxThread.run(() -> ws[0].dataView().tabs().getSelectionModel().select(1));
            FxThread.await(() -> ws[0].dataView().shownChartsUpToDate(), 60);
            Thread.sleep(1200);
            FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
            FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-profile.png")));
            FxThread.run(() -> {
                model.colourByLabelProperty().set(true);
                ws[0].dataView().tabs().getSelectionModel().select(2);
            });
            FxThread.await(() -> !model.busyProperty().get(), 60);
            Thread.sleep(1200);
            FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
            FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-timeseries.png")));
            FxThread.run(() -> ws[0].dispose());
            runner.shutdown();
        }
        Platform.exit();
    }
}
