package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import kiln.app.RegistryPort;
import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Registry with a family of 2,000 groups: the model list marks it, its members come a page at a
 * time, a search finds one group's members, choosing one shows its lineage and history, and rolling
 * its group back goes through the confirmation. The family is never loaded whole.
 */
@ExtendWith(ApplicationExtension.class)
class RegistryFamilyFxTest {

    static final int GROUPS = 2000;
    static final String LINE = FamilyFixture.group(1234);

    @TempDir
    static Path dir;
    static KilnStore store;
    static ModelRegistry registry;
    static final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2024-05-02T00:00:00Z"));
    FxTaskRunner runner;
    RegistryWorkspace workspace;
    Scene scene;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("registry-family.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        ModelFamilies families = registry.families();
        FamilyFixture.training(store, "per-line", 0, GROUPS, 0, 0.85);
        families.registerFamily("line-model", new FamilyRuns(store).plan("per-line", "accuracy", true, 200).runs(), null, "ann");
        families.promoteFamily("line-model", families.latestTraining("line-model").stream().map(ModelVersion::version).toList(),
                "fleet live", "ann", null);
        clock.set(Instant.parse("2024-05-03T00:00:00Z"));
        FamilyFixture.training(store, "line 1234 again", 1234, 1, 0, 0.95);
        List<ModelVersion> retrained = families.registerFamily("line-model",
                new FamilyRuns(store).plan("line 1234 again", "accuracy", true, 200).runs(), "retrained", "ann");
        families.promoteMember("line-model", LINE, retrained.get(1).version(), ModelVersion.PRODUCTION, "better", "bob", null);
        clock.set(Instant.parse("2024-05-04T00:00:00Z"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        runner = new FxTaskRunner(2);
        workspace = new RegistryWorkspace(new RegistryPort(store, registry), runner, "tester");
        scene = new Scene((Parent) workspace.view(), TruncatedText.WORKSPACE_AT_1440_BY_900.getWidth(),
                TruncatedText.WORKSPACE_AT_1440_BY_900.getHeight());
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    @Test
    void searchAMemberOpenItAndRollItsGroupBack(FxRobot robot) throws Exception {
        RegistryViewModel model = workspace.model();
        FamilyMembers members = model.members();
        String neighbour = FamilyFixture.group(1233);
        int neighbourMember = registry.families().productionMembers("line-model").get(neighbour).version();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> members.rows().size() == FamilyMembers.PAGE_SIZE);
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<?> modelBox = robot.lookup("#modelBox").queryAs(ComboBox.class);
        assertThat(modelBox.getConverter().toString(cast(modelBox.getValue()))).isEqualTo("line-model — family, 2,003 members");
        assertThat(robot.lookup("#pageLabel").queryAs(Label.class).getText()).isEqualTo("1–100 of 2,003");
        assertThat(model.versions()).as("the versions area is the pooled member's").hasSize(2)
                .allMatch(v -> ModelVersion.POOLED.equals(v.version().scope()));

        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "101–200 of 2,003".equals(members.pageTextProperty().get()));

        TextField search = robot.lookup("#searchField").queryAs(TextField.class);
        robot.clickOn(search);
        robot.interact(() -> search.setText(LINE));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> members.totalProperty().get() == 2 && members.rows().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<MemberRow> table = workspace.registryView().memberTable();
        assertThat(table.getItems()).extracting(r -> r.group() + " " + r.alias()).containsExactly(LINE + " production", LINE + " ");

        MemberRow retrained = table.getItems().get(0);
        robot.clickOn(rowOf(robot, retrained));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> members.events().size() == 5);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lineageArea").queryAs(TextArea.class).getText()).contains("member for group " + LINE)
                .contains("run " + retrained.member().runId()).contains("window 2024-04-01 .. 2024-05-01");
        assertThat(robot.lookup("#focusLabel").queryAs(Label.class).getText()).contains("group " + LINE);
        assertThat(TruncatedText.in(scene.getRoot())).as("no label or header cut to '…' in the workspace at 1440x900").isEmpty();
        TableView<?> events = robot.lookup("#eventTable").queryAs(TableView.class);
        assertThat(events.getItems()).as("the member's own history, not the pooled member's").hasSize(5)
                .allMatch(e -> LINE.equals(((ModelEvent) e).scope()));
        assertThat(workspace.registryView().timeline().laneLabels()).contains("v" + retrained.member().version());

        // the left pane scrolls in a workspace of this size, as a user does to reach the member actions
        scrollTo(robot, robot.lookup("#rollbackButton").query());
        robot.clickOn("#rollbackButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#confirmPane").queryAs(VBox.class).isVisible()
                && !robot.lookup("#confirmLabel").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#confirmLabel").queryAs(Label.class).getText()).contains("Roll group " + LINE + " of line-model back");
        robot.interact(() -> robot.lookup("#confirmNoteArea").queryAs(TextArea.class).setText("drifts after the retraining"));
        scrollTo(robot, robot.lookup("#confirmButton").query());
        robot.clickOn("#confirmButton");
        int before = retrained.member().version();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> registry.families().productionMembers("line-model").get(LINE).version() != before);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> members.events().size() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        ModelEvent last = members.events().get(members.events().size() - 1);
        assertThat(last.action() + " " + last.by() + " " + last.note()).isEqualTo("promote tester drifts after the retraining");
        assertThat(registry.families().productionMembers("line-model").get(neighbour).version())
                .as("the other groups keep their members").isEqualTo(neighbourMember);

        // choosing a pooled version goes back to the pooled member's history
        TableView<?> versions = robot.lookup("#versionTable").queryAs(TableView.class);
        scrollTo(robot, versions);
        robot.clickOn(robot.lookup("#versionTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#focusLabel").queryAs(Label.class).getText()).contains("of the pooled member");
        assertThat(events.getItems()).allMatch(e -> ModelVersion.POOLED.equals(((ModelEvent) e).scope()));

        assertThat(members.mostPageLoadsAtOnce()).as("one page load at a time").isEqualTo(1);
        assertThat(members.rowsLoaded()).as("rows loaded in all: a few pages, never the family").isLessThanOrEqualTo(5L * FamilyMembers.PAGE_SIZE);
        assertThat(table.getItems().size()).isLessThanOrEqualTo(FamilyMembers.PAGE_SIZE);
    }

    private static void scrollTo(FxRobot robot, Node node) {
        ScrollPane pane = robot.lookup("#actionsScroll").queryAs(ScrollPane.class);
        robot.interact(() -> {
            double hidden = pane.getContent().getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
            double bottom = pane.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMaxY();
            if (hidden > 0) {
                pane.setVvalue(Math.max(0, Math.min(1, (bottom + 8 - pane.getViewportBounds().getHeight()) / hidden)));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static TableRow<?> rowOf(FxRobot robot, MemberRow row) {
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream().filter(r -> r.getItem() == row).findFirst().orElseThrow();
    }
}
