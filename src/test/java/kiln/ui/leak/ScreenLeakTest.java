package kiln.ui.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.app.DataPort;
import kiln.app.ExperimentsPort;
import kiln.cli.bench.GlasswareRows;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.PlaceholderWorkspace;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;
import kiln.ui.data.DataWorkspace;
import kiln.ui.experiments.ExperimentsWorkspace;
import kiln.ui.shell.ShellView;
import kiln.ui.shell.ShellViewModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Screens opened and closed many times leave nothing behind: each is shown in a long-lived stage,
 * fed by a long-lived store and task runner (whose job list the shell listens to), allowed to load,
 * then closed and disposed. Afterwards every disposed screen, view and view-model must be collectable:
 * not one may stay reachable, so even a single retained opening fails the test.
 */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
@ExtendWith(ApplicationExtension.class)
class ScreenLeakTest {

    private static final int SHELL_OPENINGS = 100;
    /** A workspace opening costs ~0.2 s (FXML, charts, CSS, queries); 20 keep each test well under 10 s. */
    private static final int WORKSPACE_OPENINGS = 100;
    private static final int ROWS = 300;
    private static final int LOADED_EVERY = 5;

    @TempDir
    static Path dir;
    private static KilnStore store;
    private FxTaskRunner fxRunner;
    private TrackingRunner runner;
    private StackPane host;
    private Stage hostStage;

    @BeforeAll
    static void openStore() throws Exception {
        store = KilnStore.open(dir.resolve("leak.duckdb"));
        GlasswareRows.insert(store, ROWS, 17);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    /**
     * Screens are hosted in a stage of their own, not in the stage TestFX hands to @Start: TestFX
     * registers that one as its primary stage and keeps every event fired through it in an unbounded
     * list (FxToolkit.toolkitContext().getFiredEvents(), filled by an event filter on the stage).
     * Each Data and Experiments screen fires ActionEvents while it loads (its combo boxes get their
     * first value); each event's target leads, through parent links, to the screen's root pane.
     * That list, not Kiln, was what kept the closed screens' root panes reachable.
     */
    @Start
    void start(Stage primary) {
        fxRunner = new FxTaskRunner(2);
        runner = new TrackingRunner(fxRunner);
        host = new StackPane();
        Scene scene = new Scene(host, 1200, 760);
        Theme.LIGHT.applyTo(scene);
        hostStage = new Stage();
        hostStage.setScene(scene);
        hostStage.show();
    }

    @AfterEach
    void closeHostStage(FxRobot robot) {
        robot.interact(hostStage::hide);
    }

    @Test
    void dataWorkspaceOpenedAndClosedRepeatedlyLeavesNothing() {
        assertNoLeak(() -> new DataWorkspace(new DataPort(store), runner));
    }

    @Test
    void experimentsWorkspaceOpenedAndClosedRepeatedlyLeavesNothing() {
        assertNoLeak(() -> new ExperimentsWorkspace(new ExperimentsPort(store), runner));
    }

    @Test
    void shellOpenedAndClosedAHundredTimesLeavesNothing(FxRobot robot) {
        List<WeakReference<Object>> gone = new ArrayList<>();
        for (int i = 0; i < SHELL_OPENINGS; i++) {
            robot.interact(() -> {
                ShellViewModel model = new ShellViewModel(new NoActions());
                model.setWorkspaces(List.of(placeholder("data"), placeholder("experiments"), placeholder("registry"), placeholder("monitor")));
                ShellView view = new ShellView(model, fxRunner.runningJobs());
                host.getChildren().setAll(view.root());
                model.select("experiments");
                host.applyCss();
                host.layout();
                host.getChildren().clear();
                view.dispose();
                model.dispose();
                gone.add(new WeakReference<>(view));
                gone.add(new WeakReference<>(view.root()));
                gone.add(new WeakReference<>(model));
            });
        }
        assertAllCollected(gone);
    }

    private void assertNoLeak(Supplier<Workspace> open) {
        List<WeakReference<Object>> gone = new ArrayList<>();
        for (int i = 0; i < WORKSPACE_OPENINGS; i++) {
            Workspace[] ws = new Workspace[1];
            onFxThread(() -> {
                ws[0] = open.get();
                host.getChildren().setAll(ws[0].view());
                ws[0].setActive(true);
            });
            if (i % LOADED_EVERY == 0) {
                // Every fifth screen loads fully; the others close while their queries run, whose results then arrive late.
                runner.awaitIdle();
                WaitForAsyncUtils.waitForFxEvents();
            }
            onFxThread(() -> {
                Node root = ws[0].view();
                ws[0].setActive(false);
                host.getChildren().clear();
                ws[0].dispose();
                gone.add(new WeakReference<>(root));
                gone.add(new WeakReference<>(ws[0]));
            });
        }
        runner.awaitIdle();
        WaitForAsyncUtils.waitForFxEvents();
        assertAllCollected(gone);
    }

    /**
     * Runs one FX turn and waits for it only, not for the ~50 ms of FX-event settling that
     * {@code robot.interact} adds: so a screen may open and close before or after a pulse, as in use.
     */
    private static void onFxThread(Runnable step) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(step));
    }

    /** Collects until every reference is cleared or 10 s pass; then names how many are still reachable. */
    private static void assertAllCollected(List<WeakReference<Object>> refs) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long alive;
        do {
            System.gc();
            WaitForAsyncUtils.waitForFxEvents();
            alive = refs.stream().filter(r -> r.get() != null).count();
        } while (alive > 0 && System.nanoTime() < deadline);
        assertThat(alive).as("disposed screens still reachable (of %d), e.g. %s", refs.size(),
                refs.stream().map(WeakReference::get).filter(o -> o != null).map(o -> o.getClass().getName()).distinct().toList()).isZero();
    }

    private static Workspace placeholder(String id) {
        return new PlaceholderWorkspace(id, id, id, "What " + id + " does.", List.of("one"));
    }

    /** Passes jobs to the real runner and remembers their handles, so the test can wait for every load to end. */
    private static final class TrackingRunner implements TaskRunner {
        private final TaskRunner delegate;
        private final List<Handle> handles = new CopyOnWriteArrayList<>();

        TrackingRunner(TaskRunner delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            Handle h = delegate.submit(title, job, onSuccess, onFailure);
            handles.add(h);
            return h;
        }

        void awaitIdle() {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (handles.stream().anyMatch(h -> !h.isDone())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("background jobs did not finish");
                }
                WaitForAsyncUtils.sleep(10, TimeUnit.MILLISECONDS);
            }
            handles.clear();
        }
    }

    private static final class NoActions implements ShellViewModel.Actions {
        @Override
        public void newDatabase() {}
        @Override
        public void openDatabase() {}
        @Override
        public void openRecent(String path) {}
        @Override
        public void importFiles(List<Path> files) {}
        @Override
        public void quit() {}
        @Override
        public void showAbout() {}
    }
}
