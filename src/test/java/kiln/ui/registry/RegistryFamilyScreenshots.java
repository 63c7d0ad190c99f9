package kiln.ui.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.RegistryPort;
import kiln.domain.ModelVersion;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.Theme;
import kiln.ui.data.NoCrosshair;

/**
 * Renders the Registry over a family of 2,000 test groups, one member chosen after its group was
 * retrained and promoted: {@code java -cp … kiln.ui.registry.RegistryFamilyScreenshots OUT_DIR}
 * (under xvfb-run on a machine without a display). Writes registry-family-{light,presentation}-WxH.png.
 */
public final class RegistryFamilyScreenshots {

    private RegistryFamilyScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        Path dbDir = Files.createTempDirectory("kiln-registry-family-shots");
        try (KilnStore store = KilnStore.open(dbDir.resolve("shots.duckdb"))) {
            AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2024-05-02T08:00:00Z"));
            ModelRegistry registry = new ModelRegistry(store, clock::get);
            ModelFamilies families = registry.families();
            FamilyFixture.training(store, "per-line", 0, 2000, 97, 0.85);
            families.registerFamily("line-model", new FamilyRuns(store).plan("per-line", "accuracy", true, 200).runs(), "first per-line training",
                    "ann");
            families.promoteFamily("line-model", families.latestTraining("line-model").stream().map(ModelVersion::version).toList(),
                    "fleet goes live", "ann", null);
            clock.set(Instant.parse("2024-05-06T14:00:00Z"));
            String line = FamilyFixture.group(12);
            FamilyFixture.training(store, "line 12 again", 12, 1, 0, 0.95);
            List<ModelVersion> again = families.registerFamily("line-model",
                    new FamilyRuns(store).plan("line 12 again", "accuracy", true, 200).runs(), "line 12 drifted", "bob");
            families.promoteMember("line-model", line, again.get(1).version(), ModelVersion.PRODUCTION, "beats v13 on May", "bob", null);
            clock.set(Instant.parse("2024-05-09T09:00:00Z"));

            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            FxTaskRunner runner = new FxTaskRunner(2);
            for (Object[] shot : new Object[][] {{Theme.LIGHT, 1440, 900}, {Theme.LIGHT, 1024, 700}, {Theme.PRESENTATION, 1440, 900}}) {
                Theme theme = (Theme) shot[0];
                int w = (Integer) shot[1];
                int h = (Integer) shot[2];
                RegistryWorkspace[] ws = new RegistryWorkspace[1];
                Scene[] scene = new Scene[1];
                FxThread.run(() -> {
                    ws[0] = new RegistryWorkspace(new RegistryPort(store, registry), runner, "ann");
                    scene[0] = new Scene((Parent) ws[0].view(), w, h);
                    theme.applyTo(scene[0]);
                    Stage stage = new Stage();
                    stage.setScene(scene[0]);
                    stage.show();
                });
                RegistryViewModel model = ws[0].model();
                FamilyMembers members = model.members();
                FxThread.await(() -> members.rows().size() == FamilyMembers.PAGE_SIZE, 60);
                FxThread.run(() -> members.searchProperty().set("line-001"));
                FxThread.await(() -> members.totalProperty().get() == 11 && members.rows().size() == 11, 60);
                FxThread.run(() -> members.selectedProperty().set(members.rows().stream().filter(r -> r.group().equals(line)).findFirst()
                        .orElseThrow()));
                FxThread.await(() -> members.events().size() == 5, 60);
                Thread.sleep(1200);
                FxThread.run(() -> NoCrosshair.in((Parent) scene[0].getRoot()));
                String name = "registry-family-" + theme.name().toLowerCase(Locale.ROOT) + "-" + w + "x" + h + ".png";
                FxThread.run(() -> ChartExport.writePng(scene[0].getRoot(), out.resolve(name)));
                FxThread.run(() -> {
                    ws[0].dispose();
                    scene[0].getWindow().hide();
                });
            }
            runner.shutdown();
        }
        Platform.exit();
    }
}
