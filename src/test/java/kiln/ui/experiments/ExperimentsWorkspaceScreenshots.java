package kiln.ui.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.stage.Stage;

import kiln.domain.Run;
import kiln.ml.sweep.SweepListener;
import kiln.store.KilnStore;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.data.NoCrosshair;

/**
 * Runs the seed grid on glassware-like data in the Experiments workspace and saves screenshots:
 * {@code java -cp … kiln.ui.experiments.ExperimentsWorkspaceScreenshots docs} from the project
 * folder (it reads sample-data/sweeps/glassware-seed.yaml), under xvfb-run without a display.
 */
public final class ExperimentsWorkspaceScreenshots {

    private ExperimentsWorkspaceScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        Path dbDir = Files.createTempDirectory("kiln-exp-shots");
        // Twelve days of products, so the seed's ten-day window is full.
        try (KilnStore store = ExperimentsWorkspaceStage.glassware(dbDir, 2_300)) {
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            FxTaskRunner runner = new FxTaskRunner(2);
            ExperimentsWorkspace[] ws = new ExperimentsWorkspace[1];
            FxThread.run(() -> ws[0] = ExperimentsWorkspaceStage.show(new Stage(), store, runner, 1440, 900));
            ExperimentsViewModel model = ws[0].model();
            FxThread.await(() -> model.form().fromProperty().get() != null, 180);
            FxThread.run(model::loadSeedGrid);
            FxThread.run(() -> {
                if (!model.formErrorProperty().get().isEmpty()) {
                    throw new IllegalStateException(model.formErrorProperty().get());
                }
                model.startSweep();
            });
            // Mid-sweep: some runs done, some still queued.
            FxThread.await(() -> model.board().rows().stream().anyMatch(r -> r != null && r.state() == SweepListener.RunState.FINISHED)
                    && model.board().rows().stream().anyMatch(r -> r != null && r.state() == SweepListener.RunState.QUEUED)
                    && !model.runs().isEmpty(), 180);
            FxThread.run(() -> NoCrosshair.in((Parent) ws[0].experimentsView().root()));
            FxThread.run(() -> ChartExport.writePng(ws[0].experimentsView().root(), out.resolve("experiments-workspace-progress.png")));
            FxThread.await(() -> !model.sweepRunningProperty().get() && model.runs().size() >= 12, 180);
            FxThread.run(() -> {
                Run best = model.bestRun();
                Run other = model.runs().stream().filter(r -> r.trainer().equals("cart") && r.runId() != best.runId())
                        .min((a, b) -> Double.compare(a.metric("accuracy"), b.metric("accuracy"))).orElseThrow();
                model.selected().setAll(List.of(best, other));
                ws[0].experimentsView().showCompareTab();
            });
            FxThread.await(() -> model.curvesProperty().get().size() == 2, 180);
            Thread.sleep(1000);
            FxThread.run(() -> NoCrosshair.in((Parent) ws[0].experimentsView().root()));
            FxThread.run(() -> ChartExport.writePng(ws[0].experimentsView().root(), out.resolve("experiments-workspace-compare.png")));
            FxThread.run(() -> {
                ws[0].experimentsView().setLowerShare(0.62);
                ws[0].experimentsView().lowerTabs().getSelectionModel().select(2);
            });
            Thread.sleep(1500);
            FxThread.run(() -> NoCrosshair.in((Parent) ws[0].experimentsView().root()));
            FxThread.run(() -> ChartExport.writePng(ws[0].experimentsView().root(), out.resolve("experiments-workspace.png")));
            FxThread.run(() -> ws[0].dispose());
            runner.shutdown();
        }
        Platform.exit();
    }
}
