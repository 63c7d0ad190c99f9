package kiln.app;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;

import kiln.domain.UserFacingException;
import kiln.monitor.MonitorService;
import kiln.ops.GuidedDemo;
import kiln.store.KilnPaths;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import kiln.ui.demo.DemoBarView;
import kiln.ui.demo.DemoBarViewModel;
import kiln.ui.shell.ShellView;
import kiln.ui.shell.ShellViewModel;
import kiln.ui.welcome.WelcomeViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workbench window: wires the store, the task runner and the shell. */
public final class KilnApplication extends Application implements ShellViewModel.Actions, WelcomeViewModel.Actions {

    private static final Logger LOG = LoggerFactory.getLogger(KilnApplication.class);

    private final KilnPaths paths = KilnPaths.forCurrentUser();
    private AppSettings settings;
    private FxTaskRunner runner;
    private ShellViewModel shellModel;
    private ShellView shellView;
    private Stage stage;
    private volatile KilnStore store;
    /** The open database's monitor service, shared by the Monitor workspace and the guided demo. */
    private MonitorService monitor;
    private GuiLauncher.Options options;
    /** A workspace to show once the database being opened is ready (e.g. the demo's Monitor). */
    private String pendingWorkspace;
    private AppDialogs dialogs;
    private ImportFlow importFlow;

    @Override
    public void init() {
        Main.configureLogging();
        options = GuiLauncher.options();
        settings = AppSettings.load(paths.settingsFile());
        runner = new FxTaskRunner(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        dialogs = new AppDialogs(stage, options.smokeTest());
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> dialogs.showUnexpectedError(e));

        shellModel = new ShellViewModel(this);
        shellModel.recentDatabases().setAll(settings.recentDatabases);
        shellModel.themeProperty().set(Theme.fromName(settings.theme));
        shellView = new ShellView(shellModel, runner.runningJobs());
        importFlow = new ImportFlow(stage, runner, shellModel, dialogs, () -> store, () -> monitor, this::refreshWorkspaces);

        // A size remembered on a larger screen (or the default 1280x800) never opens past a smaller screen's edges.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(shellView.root(), Math.min(settings.windowWidth, screen.getWidth()),
                Math.min(settings.windowHeight, screen.getHeight()));
        shellModel.themeProperty().get().applyTo(scene);
        shellModel.themeProperty().addListener((obs, old, theme) -> {
            theme.applyTo(scene);
            settings.theme = theme.name();
        });
        stage.setScene(scene);
        stage.setTitle("Kiln");
        restoreGeometry();
        stage.setOnCloseRequest(e -> rememberGeometry());
        stage.show();
        if (Boolean.getBoolean("kiln.startup.probe")) {
            reportFirstFrameAndExit();
            return;
        }

        showDataLocations(null);
        if (options.demo()) {
            openDemo();
            return;
        }
        Path db = options.database() != null ? options.database() : paths.defaultDatabase();
        openDatabase(db);
    }

    /** The help page's "where data lives", with this machine's folders. */
    private void showDataLocations(Path openDatabase) {
        shellModel.dataLocations().setAll(
                new ShellViewModel.DataLocation("Database in use", openDatabase == null ? "none yet" : openDatabase.toString()),
                new ShellViewModel.DataLocation("Default database", paths.defaultDatabase().toString()),
                new ShellViewModel.DataLocation("Demo database", demoDatabase() + " (recreated on each demo start)"),
                new ShellViewModel.DataLocation("Settings", paths.settingsFile() + " (window, theme, recent files)"),
                new ShellViewModel.DataLocation("Logs", Main.logDir() + " (rotated daily, kept 14 days)"));
    }

    private Path demoDatabase() {
        return paths.dataDir().resolve("demo").resolve("glassware-demo.duckdb").toAbsolutePath().normalize();
    }

    /**
     * Hook for {@code kiln bench startup}: once the window's first frame has been rendered, prints
     * {@code kiln-startup-probe: window shown <ms since JVM start>} and exits 0 without opening a database.
     */
    private void reportFirstFrameAndExit() {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                // Timers run at the start of a pulse: the second call means the first pulse has rendered.
                if (++pulses == 2) {
                    stop();
                    GuiLauncher.printOut("kiln-startup-probe: window shown " + ManagementFactory.getRuntimeMXBean().getUptime());
                    Platform.exit();
                }
            }
        }.start();
    }

    private void restoreGeometry() {
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        if (!Double.isNaN(settings.windowX) && !Double.isNaN(settings.windowY)) {
            Rectangle2D wanted = new Rectangle2D(settings.windowX, settings.windowY, settings.windowWidth, settings.windowHeight);
            boolean visible = Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(wanted));
            if (visible) {
                stage.setX(settings.windowX);
                stage.setY(settings.windowY);
            }
        }
        stage.setMaximized(settings.maximized);
    }

    private void rememberGeometry() {
        settings.maximized = stage.isMaximized();
        if (!stage.isMaximized()) {
            settings.windowX = stage.getX();
            settings.windowY = stage.getY();
            settings.windowWidth = stage.getWidth();
            settings.windowHeight = stage.getHeight();
        }
    }

    /** Opens {@code file} in the background; the old store closes only once the new one is open. */
    void openDatabase(Path file) {
        openDatabase(file, false);
    }

    private void openDatabase(Path file, boolean demo) {
        shellModel.setStatusMessage("Opening " + file.getFileName() + " …");
        runner.submit("Opening database", progress -> KilnStore.open(file), opened -> {
            KilnStore previous = store;
            store = opened;
            monitor = Workbench.monitorFor(opened);
            shellModel.setWorkspaces(Workbench.createWorkspaces(opened, monitor, runner, this, shellModel.recentDatabases(), shellModel::select));
            showDemoBar(demo ? opened : null);
            MonitorService opening = monitor;
            // A database from an older Kiln may have had its derived monitor windows dropped by a migration: rebuild them now.
            runner.submit("Bringing the monitor up to date", progress -> opening.behindItsData() && opening.update(), rebuilt -> {},
                    error -> LOG.warn("Bringing the monitor up to date failed", error));
            if (!settings.welcomeSeen) {
                shellModel.select("welcome");
                settings.welcomeSeen = true;
            }
            shellModel.setDatabase(opened.path());
            showDataLocations(opened.path());
            shellModel.setStatusMessage("Ready");
            stage.setTitle("Kiln — " + opened.path().getFileName());
            settings.rememberDatabase(opened.path().toString());
            shellModel.recentDatabases().setAll(settings.recentDatabases);
            if (previous != null) {
                runner.submit(null, progress -> {
                    previous.close();
                    return null;
                }, ignored -> {}, error -> LOG.warn("Closing the previous database failed", error));
            }
            if (pendingWorkspace != null) {
                shellModel.select(pendingWorkspace);
                pendingWorkspace = null;
            }
            if (options.smokeTest()) {
                runSmokeTest();
            }
        }, error -> {
            shellModel.setStatusMessage("Could not open " + file.getFileName());
            if (options.smokeTest()) {
                GuiLauncher.printErr("kiln: smoke test failed: " + error.getMessage());
                GuiLauncher.setExitCode(1);
                Platform.exit();
                return;
            }
            offerAnotherFile(file, error);
        });
    }

    private void offerAnotherFile(Path file, Throwable error) {
        String message = error instanceof UserFacingException ? error.getMessage() : "Cannot open " + file + ": " + error;
        ButtonType other = new ButtonType("Open another file…", ButtonBar.ButtonData.OK_DONE);
        ButtonType create = new ButtonType("New database…", ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.ERROR, message, other, create, ButtonType.CLOSE);
        alert.initOwner(stage);
        alert.setHeaderText("The database could not be opened");
        Optional<ButtonType> choice = alert.showAndWait();
        if (choice.isPresent() && choice.get() == other) {
            openDatabase();
        } else if (choice.isPresent() && choice.get() == create) {
            newDatabase();
        }
    }

    /** Opens every workspace once, then exits 0: proves the packaged app starts and renders. */
    private void runSmokeTest() {
        List<String> ids = shellModel.workspaces().stream().map(w -> w.id()).toList();
        Runnable[] step = new Runnable[1];
        int[] index = {0};
        step[0] = () -> {
            if (index[0] < ids.size()) {
                shellModel.select(ids.get(index[0]++));
                Platform.runLater(step[0]);
            } else {
                GuiLauncher.printOut("kiln: smoke test passed: opened " + String.join(", ", ids));
                GuiLauncher.setExitCode(0);
                Platform.exit();
            }
        };
        Platform.runLater(step[0]);
    }

    @Override
    public void newDatabase() {
        FileChooser chooser = databaseChooser("New Kiln database");
        chooser.setInitialFileName("kiln.duckdb");
        File file = chooser.showSaveDialog(stage);
        if (file != null) {
            openDatabase(file.toPath());
        }
    }

    @Override
    public void openDatabase() {
        File file = databaseChooser("Open Kiln database").showOpenDialog(stage);
        if (file != null) {
            openDatabase(file.toPath());
        }
    }

    private FileChooser databaseChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Kiln databases (*.duckdb)", "*.duckdb"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        Path current = store != null ? store.path().getParent() : paths.dataDir();
        if (current != null && current.toFile().isDirectory()) {
            chooser.setInitialDirectory(current.toFile());
        }
        return chooser;
    }

    @Override
    public void openRecent(String path) {
        openDatabase(Path.of(path));
    }

    /**
     * The glassware demo lives in a database of its own, so demos never touch the user's data, and
     * starts afresh every time (which is also how Reset works): the story replays from its beginning.
     */
    @Override
    public void openDemo() {
        Path demo = demoDatabase();
        KilnStore current = store;
        if (current != null && current.path().equals(demo)) {
            // The demo file is open: let go of it before recreating it.
            shellModel.setWorkspaces(List.of());
            showDemoBar(null);
            store = null;
        }
        runner.submit("Preparing the demo", progress -> {
            if (current != null && current.path().equals(demo)) {
                current.close();
            }
            Files.deleteIfExists(demo);
            Files.deleteIfExists(demo.resolveSibling(demo.getFileName() + ".wal"));
            return demo;
        }, path -> {
            pendingWorkspace = "welcome";
            openDatabase(path, true);
        }, error -> showError("The demo could not be prepared", error));
    }

    private DemoBarView demoBar;

    /** Shows the guided demo's bar for {@code demoStore}, or removes it with null. */
    private void showDemoBar(KilnStore demoStore) {
        if (demoBar != null) {
            demoBar.dispose();
            demoBar = null;
        }
        if (demoStore != null) {
            // The Monitor workspace's service: its live view notices what the steps change (an acknowledged alert).
            GuidedDemo demo = new GuidedDemo(demoStore, monitor);
            demoBar = new DemoBarView(new DemoBarViewModel(new DemoPort(demo), runner, new DemoScreens(shellModel, this::openDemo)));
        }
        shellView.setBanner(demoBar == null ? null : demoBar.root());
    }

    @Override
    public void importFile() {
        importFiles(List.of());
    }

    @Override
    public void importFiles(List<Path> files) {
        importFlow.importFiles(files);
    }

    /** Rebuilds the workspaces so every screen sees new data sets and tables. */
    private void refreshWorkspaces() {
        if (store != null) {
            shellModel.setWorkspaces(Workbench.createWorkspaces(store, monitor, runner, this, shellModel.recentDatabases(), shellModel::select));
        }
    }

    private void showError(String title, Throwable error) {
        dialogs.showError(title, error);
    }

    @Override
    public void quit() {
        rememberGeometry();
        stage.close();
        Platform.exit();
    }

    @Override
    public void showAbout() {
        dialogs.showAbout(store);
    }

    @Override
    public void stop() {
        settings.save(paths.settingsFile());
        if (shellModel != null) {
            shellModel.dispose();
        }
        if (shellView != null) {
            shellView.dispose();
        }
        runner.shutdown();
        KilnStore current = store;
        if (current != null) {
            current.close();
        }
    }
}
