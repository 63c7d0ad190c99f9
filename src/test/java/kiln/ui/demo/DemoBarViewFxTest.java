package kiln.ui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import kiln.app.DemoPort;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.monitor.MonitorService;
import kiln.ops.GuidedDemo;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Theme;
import kiln.ui.shell.TruncatedText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The demo bar's keys and layout, on a real demo database (only the first, quick step runs). */
@ExtendWith(ApplicationExtension.class)
class DemoBarViewFxTest {

    @TempDir
    static Path dir;
    private KilnStore store;
    private DemoBarView view;
    private Scene scene;
    private int otherPresses;
    private final HoldingRunner runner = new HoldingRunner();

    @Start
    void start(Stage stage) {
        store = KilnStore.open(dir.resolve("demo-" + System.nanoTime() + ".duckdb"));
        GuidedDemo demo = new GuidedDemo(store, new MonitorService(store, MonitorService.newestReadingClock(store)));
        view = new DemoBarView(new DemoBarViewModel(new DemoPort(demo), runner, new DemoBarViewModel.Actions() {
            @Override
            public void showWorkspace(String id) {}

            @Override
            public SweepListener showSweep(SweepRequest request) {
                return SweepListener.NONE;
            }

            @Override
            public void reset() {}
        }));
        TextField field = new TextField();
        field.setId("field");
        TableView<String> table = new TableView<>(FXCollections.observableArrayList("a", "b"));
        table.getColumns().add(new TableColumn<>("letters"));
        table.setId("table");
        Button other = new Button("Another button");
        other.setId("other");
        other.setOnAction(e -> otherPresses++);
        scene = new Scene(new VBox(view.root(), field, table, other), 1000, 600);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    private Stage narrow;

    @AfterEach
    void closeStore() {
        store.close();
        if (narrow != null) {
            Stage closing = narrow;
            Platform.runLater(closing::close);
        }
    }

    @Test
    void arrowsSpaceAndPageKeysStepThroughTheDemoExceptInControlsThatUseThem(FxRobot robot) {
        assertThat(title(robot)).startsWith("Guided demo");
        assertThat(scene.getFocusOwner()).as("the Next button has the focus from the start").isSameAs(robot.lookup("#demo-next").query());
        robot.type(KeyCode.RIGHT);
        assertThat(title(robot)).isEqualTo("1/10  Explore the data");
        robot.type(KeyCode.LEFT);
        assertThat(title(robot)).startsWith("Guided demo");
        robot.type(KeyCode.SPACE); // the focused Next button presses itself: step 1 again, shown as it was
        assertThat(title(robot)).isEqualTo("1/10  Explore the data");
        robot.type(KeyCode.PAGE_UP);
        assertThat(title(robot)).startsWith("Guided demo");
        robot.type(KeyCode.PAGE_DOWN);
        assertThat(title(robot)).isEqualTo("1/10  Explore the data");

        robot.clickOn("#field").type(KeyCode.LEFT).type(KeyCode.SPACE);
        assertThat(title(robot)).as("a text field keeps its arrows and Space").isEqualTo("1/10  Explore the data");
        assertThat(robot.lookup("#field").queryTextInputControl().getText()).isEqualTo(" ");
        robot.clickOn("#table").type(KeyCode.LEFT);
        assertThat(title(robot)).as("a table keeps its arrows").isEqualTo("1/10  Explore the data");
        robot.push(KeyCode.CONTROL, KeyCode.LEFT);
        assertThat(title(robot)).as("a key with a modifier is not the demo's").isEqualTo("1/10  Explore the data");

        robot.clickOn("#other");
        int pressed = otherPresses;
        robot.type(KeyCode.SPACE);
        assertThat(otherPresses).as("Space presses the focused button").isEqualTo(pressed + 1);
        assertThat(title(robot)).isEqualTo("1/10  Explore the data");
        robot.type(KeyCode.LEFT);
        assertThat(title(robot)).as("arrows go to the demo from a focused button").startsWith("Guided demo");

        robot.interact(view::dispose);
        robot.type(KeyCode.RIGHT);
        assertThat(title(robot)).as("a disposed bar no longer listens to keys").startsWith("Guided demo");
    }

    @Test
    void inANarrowWindowInThePresentationThemeTheButtonsStayWholeAndTheTextsWrap(FxRobot robot) throws Exception {
        robot.interact(() -> {
            // A window of its own, 680 px wide (a 900 px window less the navigation): a size set on TestFX's
            // shared primary stage would stick for later tests.
            Parent root = scene.getRoot();
            scene.setRoot(new Group());
            narrow = new Stage();
            scene = new Scene(root, 680, 600);
            Theme.PRESENTATION.applyTo(scene);
            narrow.setScene(scene);
            narrow.show();
        });
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> problems = WaitForAsyncUtils.asyncFx(() -> {
            List<String> found = new ArrayList<>(TruncatedText.in(scene).stream()
                    .filter(f -> f.area().equals("demo bar")).map(Object::toString).toList());
            for (String id : List.of("#demo-back", "#demo-next", "#demo-pause", "#demo-reset")) {
                Node button = scene.lookup(id);
                Bounds b = button.localToScene(button.getLayoutBounds());
                if (b.getMaxX() > scene.getWidth() || b.getWidth() < ((Button) button).prefWidth(-1) - 0.5) {
                    found.add(id + " at " + b);
                }
            }
            return found;
        }).get(10, TimeUnit.SECONDS);
        assertThat(problems).isEmpty();
        Label caption = robot.lookup("#demo-caption").queryAs(Label.class);
        assertThat(caption.getHeight()).as("the caption wraps onto several lines").isGreaterThan(caption.getFont().getSize() * 2.5);
    }

    @Test
    void whileAStepRunsTheBarHoldsTheFocusSoASecondSpaceDoesNotPause(FxRobot robot) {
        runner.hold = true;
        robot.type(KeyCode.SPACE); // the focused Next button
        assertThat(robot.lookup("#demo-pause").queryButton().isDisabled()).as("the step runs").isFalse();
        assertThat(scene.getFocusOwner()).isSameAs(view.root());
        robot.type(KeyCode.SPACE).type(KeyCode.RIGHT);
        assertThat(robot.lookup("#demo-pause").queryButton().isDisabled()).as("still running, not paused").isFalse();
        robot.interact(runner::release);
        assertThat(title(robot)).isEqualTo("1/10  Explore the data");
        assertThat(robot.lookup("#demo-outcome").queryAs(Label.class).getText()).contains("products made");
        assertThat(scene.getFocusOwner()).as("the Next button has the focus again").isSameAs(robot.lookup("#demo-next").query());
    }

    /** Runs jobs at once, or holds one until released (on the FX thread, as the real runner's callbacks). */
    private static final class HoldingRunner implements TaskRunner {
        private final ImmediateTaskRunner immediate = new ImmediateTaskRunner();
        boolean hold;
        private Runnable held;

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess,
                Consumer<? super Throwable> onFailure) {
            if (!hold) {
                return immediate.submit(title, job, onSuccess, onFailure);
            }
            held = () -> immediate.submit(title, job, onSuccess, onFailure);
            return new Handle() {
                @Override
                public void cancel() {}

                @Override
                public boolean isDone() {
                    return held == null;
                }
            };
        }

        void release() {
            Runnable r = held;
            held = null;
            hold = false;
            r.run();
        }
    }

    private static String title(FxRobot robot) {
        return robot.lookup("#demo-title").queryAs(Label.class).getText();
    }
}
