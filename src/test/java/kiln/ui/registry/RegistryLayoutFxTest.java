package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.geometry.Bounds;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import kiln.app.RegistryPort;
import kiln.domain.ModelVersion;
import kiln.registry.ModelRegistry;
import kiln.scoring.ScoringFixture;
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
 * The Registry at the size it has in a 1440x900 window: no label, button or column header is cut to
 * "…", the timeline has one lane per version with labels that neither overlap nor leave the plot,
 * and the promotion's "effective from" field refuses a time it cannot use.
 */
@ExtendWith(ApplicationExtension.class)
class RegistryLayoutFxTest {

    @TempDir
    static Path dir;
    static KilnStore store;
    static ModelRegistry registry;
    static final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2019-07-05T08:00:00Z"));
    FxTaskRunner runner;
    RegistryWorkspace workspace;
    Scene scene;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("registry-layout.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        long[] runs = ScoringFixture.trainTwoRuns(store);
        registry.register((int) runs[0], null, "shallow", "ann");
        registry.register((int) runs[1], null, "deep", "ann");
        registry.promote(null, 1, ModelVersion.PRODUCTION, "first", "ann");
        clock.set(Instant.parse("2019-07-09T10:00:00Z"));
        registry.promote(null, 2, ModelVersion.CHALLENGER, "shadow", "bob");
        clock.set(Instant.parse("2019-07-13T14:00:00Z"));
        registry.promote(null, 2, ModelVersion.PRODUCTION, "beat v1", "bob");
        // a third version registered on the wall clock, years after the data
        clock.set(Instant.parse("2026-12-05T14:02:00Z"));
        registry.register((int) runs[0], null, "again", "carl");
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
    void nothingIsCutTheLanesAreTheVersionsAndTheEffectiveTimeIsChecked(FxRobot robot) throws Exception {
        RegistryViewModel model = workspace.model();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.versions().size() == 3 && !model.lanesProperty().get().isEmpty());
        robot.interact(() -> model.requestPromotion(model.versions().stream().filter(r -> r.version().version() == 3).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#confirmPane").queryAs(VBox.class).isVisible()
                && !robot.lookup("#effectiveHintLabel").queryAs(Label.class).getText().isEmpty());
        settle();

        assertThat(scene.getWidth()).isEqualTo(TruncatedText.WORKSPACE_AT_1440_BY_900.getWidth());
        assertThat(TruncatedText.in(scene.getRoot())).isEmpty();

        RegistryView view = workspace.registryView();
        ProductionTimelineChart timeline = view.timeline();
        assertThat(timeline.laneLabels()).containsExactly("v1", "v2", "v3");
        XYChart chart = timeline.chart();
        Bounds plot = chart.getCanvas().getBoundsInLocal();
        List<Label> labels = timeline.lanesPlugin().markerLabels().stream().filter(Label::isVisible).toList();
        // v1 registered and promoted, v2 registered and promoted, v3 registered (at the right edge, off the axis)
        assertThat(labels).extracting(Label::getText).hasSize(5).contains("promoted").anyMatch(t -> t.contains("off the axis"));
        for (int i = 0; i < labels.size(); i++) {
            Bounds a = labels.get(i).getBoundsInParent();
            assertThat(a.getMinX()).isGreaterThanOrEqualTo(plot.getMinX());
            assertThat(a.getMaxX()).isLessThanOrEqualTo(plot.getMaxX() + 0.5);
            assertThat(a.getMinY()).isGreaterThanOrEqualTo(plot.getMinY());
            assertThat(a.getMaxY()).isLessThanOrEqualTo(plot.getMaxY() + 0.5);
            for (int j = i + 1; j < labels.size(); j++) {
                assertThat(a.intersects(labels.get(j).getBoundsInParent()))
                        .as("'%s' overlaps '%s'", labels.get(i).getText(), labels.get(j).getText()).isFalse();
            }
        }
        assertThat(robot.lookup("#timelineNotes").queryAs(Label.class).getText()).contains("v3 was registered at 2026-12-05 14:02");

        // a time in the wrong format, then one before v2 went live: Confirm waits for a usable time
        TextField effective = robot.lookup("#effectiveFromField").queryAs(TextField.class);
        Button confirm = robot.lookup("#confirmButton").queryAs(Button.class);
        robot.interact(() -> effective.setText("13.07.2019 14:00"));
        assertThat(confirm.isDisabled()).isTrue();
        assertThat(robot.lookup("#effectiveProblemLabel").queryAs(Label.class).getText()).contains("yyyy-MM-dd HH:mm");
        robot.interact(() -> effective.setText("2019-07-10 00:00"));
        assertThat(confirm.isDisabled()).isTrue();
        assertThat(robot.lookup("#effectiveProblemLabel").queryAs(Label.class).getText()).contains("v2 is production since 2019-07-13 14:00");
        robot.interact(() -> effective.setText("2019-07-20 00:00"));
        assertThat(confirm.isDisabled()).isFalse();
        assertThat(robot.lookup("#effectiveHintLabel").queryAs(Label.class).getText()).contains("Past readings from 2019-07-20 00:00 on");
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(30);
        }
    }
}
