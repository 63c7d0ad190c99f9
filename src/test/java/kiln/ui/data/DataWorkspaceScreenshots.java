package kiln.ui.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.store.eda.GlasswareSql;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;

/**
 * Renders the Data workspace over glassware-like data and saves screenshots, so people can look at
 * what it draws: {@code java -cp … kiln.ui.data.DataWorkspaceScreenshots docs} (under xvfb-run on a
 * machine without a display).
 */
public final class DataWorkspaceScreenshots {

    private DataWorkspaceScreenshots() {
    }

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
            onFx(() -> {
                ws[0] = new DataWorkspace(new EdaQueries(store), runner);
                scene[0] = new Scene((Parent) ws[0].view(), 1400, 900);
                Theme.LIGHT.applyTo(scene[0]);
                Stage stage = new Stage();
                stage.setScene(scene[0]);
                stage.show();
            });
            DataViewModel model = ws[0].model();
            await(() -> model.histogramsProperty().get().size() == 3 && model.scatterProperty().get() != null && !model.busyProperty().get());
            onFx(() -> model.drillIntoBin("temp", model.histogramsProperty().get().get("temp").edges()[0], 0));
            await(() -> !model.drillRows().isEmpty());
            Thread.sleep(800);
            onFx(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-distributions.png")));
            onFx(() -> ws[0].dataView().tabs().getSelectionModel().select(3));
            Thread.sleep(1200);
            onFx(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-relationships.png")));
            onFx(() -> {
                model.colourByLabelProperty().set(true);
                ws[0].dataView().tabs().getSelectionModel().select(2);
            });
            await(() -> !model.busyProperty().get());
            Thread.sleep(1200);
            onFx(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("data-workspace-timeseries.png")));
            onFx(() -> ws[0].dispose());
            runner.shutdown();
        }
        Platform.exit();
    }

    public static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("FX thread did not answer");
        }
    }

    public static void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean[] ok = new boolean[1];
            onFx(() -> ok[0] = condition.getAsBoolean());
            if (ok[0]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the workspace");
            }
            Thread.sleep(100);
        }
    }
}
