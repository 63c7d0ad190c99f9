package kiln.ui.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.domain.KpiPoint;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.Theme;

/**
 * Renders the Monitor over the in-memory glassware-like monitor and saves a preview, so people can
 * look at what it draws: {@code java -cp … kiln.ui.monitor.MonitorScreenshots docs} (under xvfb-run
 * on a machine without a display).
 */
public final class MonitorScreenshots {

    private MonitorScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        FxTaskRunner runner = new FxTaskRunner(2);
        MonitorWorkspace[] ws = new MonitorWorkspace[1];
        Scene[] scene = new Scene[1];
        FxThread.run(() -> {
            ws[0] = new MonitorWorkspace(new FakeMonitorQueries(), runner);
            scene[0] = new Scene((Parent) ws[0].view(), 1400, 900);
            Theme.LIGHT.applyTo(scene[0]);
            Stage stage = new Stage();
            stage.setScene(scene[0]);
            stage.show();
            ws[0].setActive(true);
        });
        MonitorViewModel model = ws[0].model();
        FxThread.await(() -> model.snapshotProperty().get() != null && model.windowDetailProperty().get() != null, 30);
        FxThread.run(() -> model.setSeriesShown(KpiPoint.counterfactual(1), true));
        FxThread.await(() -> !model.snapshotProperty().get().counterfactuals().isEmpty(), 30);
        Thread.sleep(1000);
        FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve(args.length > 1 ? args[1] : "monitor-preview.png")));
        FxThread.run(() -> model.alertList().selectedProperty().set(model.alertList().alerts().get(0)));
        Thread.sleep(1000);
        FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("monitor-preview-jump.png")));
        FxThread.run(() -> ws[0].dispose());
        runner.shutdown();
        Platform.exit();
    }
}
