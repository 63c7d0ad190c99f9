package kiln.ui.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.RegistryPort;
import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.registry.ModelRegistry;
import kiln.scoring.PromotionGate;
import kiln.scoring.Scorer;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.Theme;
import kiln.ui.data.NoCrosshair;

/**
 * Renders the Registry workspace over a small history (two versions, a gate, a promotion, a
 * challenger) and saves a screenshot: {@code java -cp … kiln.ui.registry.RegistryWorkspaceScreenshots docs}
 * (under xvfb-run on a machine without a display).
 */
public final class RegistryWorkspaceScreenshots {

    private RegistryWorkspaceScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        Path dbDir = Files.createTempDirectory("kiln-registry-shots");
        try (KilnStore store = KilnStore.open(dbDir.resolve("shots.duckdb"))) {
            AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2019-07-05T08:00:00Z"));
            ModelRegistry registry = new ModelRegistry(store, clock::get);
            long[] runs = ScoringFixture.trainTwoRuns(store);
            registry.register((int) runs[0], null, "shallow tree", "ann");
            registry.register((int) runs[1], null, "deeper tree", "ann");
            PromotionGate gate = new PromotionGate(store, registry);
            gate.promote(null, 1, "best of the first sweep", "ann", false);
            clock.set(Instant.parse("2019-07-09T10:00:00Z"));
            registry.promote(null, 2, ModelVersion.CHALLENGER, "shadow the deeper tree", "bob");
            registry.setGate(null, "accuracy", 0.005);
            clock.set(Instant.parse("2019-07-13T14:00:00Z"));
            gate.promote(null, 2, "beat v1 in shadow", "bob", false);
            new Scorer(store, registry, null, clock::get).catchUp(ProgressSink.NONE);

            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            FxTaskRunner runner = new FxTaskRunner(2);
            RegistryWorkspace[] ws = new RegistryWorkspace[1];
            Scene[] scene = new Scene[1];
            FxThread.run(() -> {
                ws[0] = new RegistryWorkspace(new RegistryPort(store, registry), runner, "ann");
                scene[0] = new Scene((Parent) ws[0].view(), 1400, 900);
                Theme.LIGHT.applyTo(scene[0]);
                Stage stage = new Stage();
                stage.setScene(scene[0]);
                stage.show();
            });
            RegistryViewModel model = ws[0].model();
            FxThread.await(() -> model.versions().size() == 2 && model.events().size() > 4, 60);
            FxThread.run(() -> model.selectedProperty().set(model.versions().get(1)));
            FxThread.run(() -> model.requestPromotion(model.versions().get(1)));
            FxThread.await(() -> model.pendingPromotionProperty().get() != null, 60);
            Thread.sleep(1200);
            FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
            FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve("registry-workspace.png")));
            FxThread.run(() -> ws[0].dispose());
            runner.shutdown();
        }
        Platform.exit();
    }
}
