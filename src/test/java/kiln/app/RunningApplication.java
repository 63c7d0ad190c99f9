package kiln.app;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.stage.Stage;

import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real application started for a TestFX test: {@code kiln.home} in a temporary folder, the
 * database {@code home/dbName} (or the demo's, as {@code kiln --demo} opens it), waited for until the
 * workbench's navigation is on screen. Closing it
 * stops the application (which closes its database) and clears the property again; safe to call twice.
 */
final class RunningApplication implements AutoCloseable {

    final Path db;
    final Stage stage;
    final FxRobot robot = new FxRobot();
    private Application app;

    private RunningApplication(Path db, Stage stage, Application app) {
        this.db = db;
        this.stage = stage;
        this.app = app;
    }

    static RunningApplication start(Path home, String dbName) throws Exception {
        Path db = home.resolve(dbName);
        return start(home, db, new GuiLauncher.Options(db, false), "#nav-monitor");
    }

    /** As {@code kiln --demo}: the demo database under {@code home}, waited for until the demo bar shows. */
    static RunningApplication startDemo(Path home) throws Exception {
        Path db = home.resolve("data").resolve("demo").resolve("glassware-demo.duckdb").toAbsolutePath().normalize();
        return start(home, db, new GuiLauncher.Options(null, false, true), "#demo-bar");
    }

    private static RunningApplication start(Path home, Path db, GuiLauncher.Options options, String shownWhenReady) throws Exception {
        System.setProperty("kiln.home", home.toString());
        GuiLauncher.prepare(options);
        // A stage of its own: the tests resize the window, and a size once set sticks to a stage (TestFX's
        // primary stage is shared by every FX test in the JVM).
        FxToolkit.registerPrimaryStage(); // starts the toolkit when this is the JVM's first FX test
        Stage stage = FxToolkit.registerStage(Stage::new);
        RunningApplication running = new RunningApplication(db, stage, FxToolkit.setupApplication(KilnApplication.class));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> running.robot.lookup(shownWhenReady).tryQuery().isPresent()
                && running.robot.lookup("#nav-monitor").tryQuery().isPresent());
        return running;
    }

    /** The running application, for what a user does from outside its window (dropping a file on it). */
    KilnApplication application() {
        return (KilnApplication) app;
    }

    @Override
    public void close() throws Exception {
        try {
            if (app != null) {
                Application stopping = app;
                app = null;
                FxToolkit.cleanupApplication(stopping);
            }
            FxToolkit.cleanupStages();
        } finally {
            System.clearProperty("kiln.home");
        }
    }
}
