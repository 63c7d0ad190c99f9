package kiln.ui.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.FleetPort;
import kiln.store.KilnStore;
import kiln.ui.chart.ChartExport;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.Theme;

/**
 * Renders the Fleet workspace over {@link FleetTestData} (and once over an empty database) in the
 * light, dark and presentation themes at 1440×900 and 1024×700, so people can look at what it draws:
 * {@code java -cp … kiln.ui.fleet.FleetScreenshots OUT_DIR [GROUPS]} (under xvfb-run without a display).
 * With {@code --database FILE [GROUPS]} it only writes a database with a fleet, to open in the app.
 */
public final class FleetScreenshots {

    private FleetScreenshots() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--database")) {
            try (KilnStore store = KilnStore.open(Path.of(args[1]))) {
                FleetTestData.fill(store, args.length > 2 ? Integer.parseInt(args[2]) : 2_000, 14);
            }
            return;
        }
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("fleet-shots");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false); // each picture closes its window before the next opens: that must not end JavaFX
        FxTaskRunner runner = new FxTaskRunner(2);
        try (KilnStore store = KilnStore.open(dir.resolve("fleet.duckdb")); KilnStore empty = KilnStore.open(dir.resolve("empty.duckdb"))) {
            FleetTestData.fill(store, groups, 14);
            shoot(empty, runner, Theme.LIGHT, 1440, 900, out.resolve("fleet-empty.png"), false);
            for (Theme theme : Theme.values()) {
                for (int[] size : new int[][] {{1440, 900}, {1024, 700}}) {
                    String name = String.format(Locale.ROOT, "fleet-%s-%dx%d.png", theme.name().toLowerCase(Locale.ROOT), size[0], size[1]);
                    shoot(store, runner, theme, size[0], size[1], out.resolve(name), true);
                    if (theme != Theme.PRESENTATION) { // the group monitor's features tab, on a group whose unit changed
                        shoot(store, runner, theme, size[0], size[1], out.resolve(name.replace("fleet-", "fleet-features-")), true, 1);
                    }
                }
            }
        } finally {
            runner.shutdown();
            Platform.exit();
        }
    }

    /** Like FxThread.run, but a step the FX thread does not take within 25 s prints where the FX thread is. */
    private static void onFx(Runnable step) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                step.run();
            } finally {
                done.countDown();
            }
        });
        if (!done.await(25, TimeUnit.SECONDS)) {
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                System.err.println("\"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement e : stack) {
                    System.err.println("    at " + e);
                }
            });
            throw new IllegalStateException("FX thread did not answer");
        }
    }

    private static void shoot(KilnStore store, FxTaskRunner runner, Theme theme, int width, int height, Path file, boolean openGroup)
            throws Exception {
        shoot(store, runner, theme, width, height, file, openGroup, 0);
    }

    /** Shoots the workspace with the second group of the list open in its monitor's tab {@code tab} (0: accuracy). */
    private static void shoot(KilnStore store, FxTaskRunner runner, Theme theme, int width, int height, Path file, boolean openGroup,
            int tab) throws Exception {
        FleetWorkspace[] ws = new FleetWorkspace[1];
        Stage[] stage = new Stage[1];
        onFx(() -> {
            ws[0] = new FleetWorkspace(new FleetPort(store), runner);
            Scene scene = new Scene((Parent) ws[0].view(), width, height);
            theme.applyTo(scene);
            stage[0] = new Stage();
            stage[0].setScene(scene);
            stage[0].show();
        });
        FleetViewModel model = ws[0].model();
        FxThread.await(() -> !model.allGroups().isEmpty() || !model.emptyMessageProperty().get().isEmpty(), 60);
        if (openGroup) {
            onFx(() -> model.selectGroup(model.shownGroups().get(1).groupKey()));
            FxThread.await(() -> model.detailProperty().get() != null && model.featuresProperty().get() != null, 30);
            onFx(() -> ws[0].fleetView().detail().tabs().getSelectionModel().select(tab));
        }
        Thread.sleep(800);
        onFx(() -> ChartExport.writePng(stage[0].getScene().getRoot(), file));
        onFx(() -> {
            ws[0].dispose();
            stage[0].close();
        });
    }
}
