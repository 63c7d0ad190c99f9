package kiln.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import kiln.domain.JobCancelledException;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.PlaceholderWorkspace;
import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;
import kiln.ui.demo.DemoBarView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ShellViewTest {

    private ShellViewModel model;
    private ShellView view;
    private FxTaskRunner runner;
    private Scene scene;
    private int quits;
    private Stage small;
    private final List<String> fileActions = new ArrayList<>();

    @Start
    void start(Stage stage) {
        runner = new FxTaskRunner(2);
        model = new ShellViewModel(new ShellViewModel.Actions() {
            @Override
            public void newDatabase() {
                fileActions.add("new");
            }
            @Override
            public void openDatabase() {
                fileActions.add("open");
            }
            @Override
            public void openRecent(String path) {}
            @Override
            public void importFiles(List<Path> files) {
                fileActions.add("import");
            }
            @Override
            public void quit() {
                quits++;
            }
            @Override
            public void showAbout() {}
        });
        model.setWorkspaces(List.of(workspace("data", "Data"), workspace("experiments", "Experiments"),
                workspace("registry", "Registry"), new PlaceholderWorkspace("monitor", "Monitor", "Watch deployed models, act on alerts",
                        "What Monitor does.", List.of("one", "two"))));
        model.dataLocations().setAll(new ShellViewModel.DataLocation("Database in use", "/data/kiln/kiln.duckdb"));
        view = new ShellView(model, runner.runningJobs());
        scene = new Scene(view.root(), 1100, 700);
        Theme.LIGHT.applyTo(scene);
        model.themeProperty().addListener((obs, old, theme) -> theme.applyTo(scene));
        stage.setScene(scene);
        stage.show();
    }

    private static Workspace workspace(String id, String title) {
        return new PlaceholderWorkspace(id, title, title + " subtitle", "What " + title + " does.", List.of("one", "two"));
    }

    @AfterEach
    void tearDown() {
        runner.shutdown();
        if (small != null) {
            Stage closing = small;
            Platform.runLater(closing::close);
        }
    }

    @Test
    void theNavigationCountsWhatWaitsInAWorkspace(FxRobot robot) {
        ReadOnlyIntegerWrapper firing = new ReadOnlyIntegerWrapper(0);
        Workspace inner = workspace("watched", "Watched");
        Workspace watched = new Workspace() {
            @Override
            public String id() {
                return inner.id();
            }

            @Override
            public String title() {
                return inner.title();
            }

            @Override
            public String subtitle() {
                return inner.subtitle();
            }

            @Override
            public Node view() {
                return inner.view();
            }

            @Override
            public ReadOnlyIntegerProperty attentionCount() {
                return firing.getReadOnlyProperty();
            }

            @Override
            public void dispose() {
                inner.dispose();
            }
        };
        robot.interact(() -> model.setWorkspaces(List.of(workspace("data", "Data"), watched)));
        Label badge = robot.lookup("#nav-badge-watched").queryAs(Label.class);
        assertThat(badge.isVisible()).isFalse();
        robot.interact(() -> firing.set(3));
        assertThat(badge.isVisible()).isTrue();
        assertThat(badge.getText()).isEqualTo("3 alerts firing");
        robot.interact(() -> firing.set(0));
        assertThat(badge.isVisible()).isFalse();
    }

    @Test
    void navigationSwitchesWorkspaces(FxRobot robot) {
        assertThat(robot.lookup("#data-workspace").tryQuery()).isPresent();
        for (String id : List.of("experiments", "registry", "monitor", "data")) {
            robot.clickOn("#nav-" + id);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(model.selectedProperty().get().id()).isEqualTo(id);
            assertThat(robot.lookup("#" + id + "-workspace").tryQuery()).isPresent();
        }
    }

    @Test
    void themeMenuSwitchesBetweenLightAndDark(FxRobot robot) {
        robot.clickOn("View").clickOn("Dark theme");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(scene.getStylesheets()).anyMatch(s -> s.endsWith("tokens-dark.css")).noneMatch(s -> s.endsWith("/tokens.css"));
        robot.clickOn("View").clickOn("Light theme");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(scene.getStylesheets()).anyMatch(s -> s.endsWith("/tokens.css"));
    }

    @Test
    void runningJobsAppearInTheStatusBarAndCanBeCancelled(FxRobot robot) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        robot.interact(() -> runner.submit("Long job", progress -> {
            started.countDown();
            try {
                for (int i = 0; i < 600; i++) {
                    progress.progress(i, 600, "step " + i);
                    if (progress.isCancelled()) {
                        throw new JobCancelledException("cancelled");
                    }
                    Thread.sleep(50);
                }
                return null;
            } finally {
                stopped.countDown();
            }
        }, r -> {}, e -> {}));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("Long job").tryQuery()).isPresent();
        assertThat(robot.lookup("No background jobs").queryLabeled().isVisible()).isFalse();
        robot.clickOn("#cancel-job");
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runner.runningJobs()).isEmpty();
        assertThat(robot.lookup("No background jobs").queryLabeled().isVisible()).isTrue();
    }

    @Test
    void manyJobsShowAsOneCountWithAList(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(5);
        robot.interact(() -> {
            for (int i = 0; i < 5; i++) {
                runner.submit("Job " + i, progress -> {
                    started.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    return null;
                }, r -> {}, e -> {});
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        try {
            HBox jobsBox = robot.lookup("#jobsBox").queryAs(HBox.class);
            // the status bar holds the "No background jobs" label (hidden) and exactly one "5 jobs" button
            assertThat(jobsBox.getChildren()).hasSize(2);
            MenuButton list = robot.lookup("#jobs-list").queryAs(MenuButton.class);
            assertThat(list.getText()).isEqualTo("5 jobs");
            assertThat(list.getItems()).hasSize(5);
        } finally {
            release.countDown();
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.runningJobs().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("No background jobs").queryLabeled().isVisible()).isTrue();
    }

    @Test
    void ctrlAndANumberChooseTheWorkspaceInNavigationOrder(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        assertThat(model.selectedProperty().get().id()).isEqualTo("monitor");
        assertThat(robot.lookup("#monitor-workspace").tryQuery()).isPresent();
        assertThat(robot.lookup("#nav-monitor").queryAs(ToggleButton.class).isSelected()).isTrue();
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        assertThat(model.selectedProperty().get().id()).isEqualTo("experiments");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT1);
        assertThat(model.selectedProperty().get().id()).isEqualTo("data");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT5); // there is no fifth workspace here
        assertThat(model.selectedProperty().get().id()).isEqualTo("data");
    }

    @Test
    void theFileShortcutsStillReachTheApplication(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.N);
        robot.push(KeyCode.SHORTCUT, KeyCode.O);
        robot.push(KeyCode.SHORTCUT, KeyCode.I);
        assertThat(fileActions).containsExactly("new", "open", "import");
    }

    @Test
    void f11SwitchesThePresentationThemeOnAndOff(FxRobot robot) {
        // On the FX thread: the theme's listener swaps the scene's style sheets (from the test thread it raced a CSS pass).
        robot.interact(() -> model.themeProperty().set(Theme.DARK));
        robot.type(KeyCode.F11);
        assertThat(model.themeProperty().get()).isEqualTo(Theme.PRESENTATION);
        assertThat(scene.getStylesheets()).anyMatch(s -> s.endsWith("presentation.css"));
        robot.type(KeyCode.F11);
        assertThat(model.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(scene.getStylesheets()).noneMatch(s -> s.endsWith("presentation.css"));
    }

    @Test
    void f1ShowsTheHelpPageOverTheWorkspaceAndEscapeOrF1CloseIt(FxRobot robot) throws Exception {
        robot.type(KeyCode.F1);
        assertThat(robot.lookup("#help-page").tryQuery()).isPresent();
        assertThat(robot.lookup("#data-workspace").queryAs(Node.class).getParent().isVisible()).isFalse();
        List<String> texts = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#help-page").lookup(".label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList()).get(10, TimeUnit.SECONDS);
        assertThat(texts).contains("Data", "Monitor", "Ctrl+1", "Ctrl+4", "F1", "F11", "Ctrl+N", "Ctrl+O", "Ctrl+I", "Ctrl+Q",
                DemoBarView.NEXT_KEYS, "Database in use", "/data/kiln/kiln.duckdb");
        assertThat(texts).anyMatch(t -> t.startsWith("Sweeps over trainers")); // the Experiments workspace's help
        robot.type(KeyCode.ESCAPE);
        assertThat(robot.lookup("#help-page").tryQuery()).isEmpty();
        assertThat(model.helpShownProperty().get()).isFalse();
        robot.type(KeyCode.F1);
        assertThat(robot.lookup("#help-page").tryQuery()).isPresent();
        robot.type(KeyCode.F1);
        assertThat(robot.lookup("#help-page").tryQuery()).isEmpty();
        assertThat(robot.lookup("#data-workspace").queryAs(Node.class).getParent().isVisible()).isTrue();
    }

    @Test
    void aSmallWindowInThePresentationThemeCutsNoTextOfTheShell(FxRobot robot) throws Exception {
        robot.interact(() -> {
            // A window of its own: a size set on TestFX's shared primary stage would stick for later tests.
            Parent root = scene.getRoot();
            scene.setRoot(new Group());
            small = new Stage();
            scene = new Scene(root, 1024, 700);
            small.setScene(scene);
            small.show();
            model.themeProperty().set(Theme.PRESENTATION);
            model.setDatabase(Path.of("/a/rather/long/folder/name/for/the/workbench/kiln-with-a-long-name.duckdb"));
            model.setStatusMessage("Opening kiln-with-a-long-name.duckdb …");
        });
        assertThat(WaitForAsyncUtils.asyncFx(() -> TruncatedText.in(scene)).get(10, TimeUnit.SECONDS).stream()
                .filter(TruncatedText.Finding::inShell).map(Object::toString)).isEmpty();
        // A wrapped subtitle takes the lines it needs, not a word a line (its height was measured at no width).
        ToggleButton monitor = robot.lookup("#nav-monitor").queryAs(ToggleButton.class);
        ToggleButton data = robot.lookup("#nav-data").queryAs(ToggleButton.class);
        assertThat(monitor.getHeight()).isBetween(data.getHeight(), data.getHeight() * 1.6);
        robot.type(KeyCode.F1);
        assertThat(robot.lookup("#help-page").tryQuery()).isPresent();
        assertThat(scene.getWidth()).isEqualTo(1024);
        assertThat(WaitForAsyncUtils.asyncFx(() -> TruncatedText.in(scene)).get(10, TimeUnit.SECONDS).stream()
                .filter(TruncatedText.Finding::inShell).map(Object::toString)).isEmpty();
    }

    @Test
    void quitGoesThroughTheApplication(FxRobot robot) {
        robot.clickOn("File").clickOn("Quit");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(quits).isEqualTo(1);
    }

    @Test
    void disposingTheViewRemovesItsListeners(FxRobot robot) {
        robot.interact(() -> {
            view.dispose();
            model.setWorkspaces(List.of(workspace("only", "Only")));
        });
        // Navigation is no longer rebuilt: the disposed view does not follow the model.
        assertThat(robot.lookup("#nav-only").tryQuery()).isEmpty();
    }
}
