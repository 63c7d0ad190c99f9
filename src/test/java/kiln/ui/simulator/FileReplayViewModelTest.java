package kiln.ui.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import kiln.app.SimulatorPort;
import kiln.cli.datasets.GeneratedDatasets;
import kiln.domain.ProgressSink;
import kiln.ops.LiveOps;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.importer.ImportWizardViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator panel replays a recorded file as {@code kiln replay --score} does: the rows on the
 * simulated clock, the sweep trained and the best run promoted at the end of the training window, every
 * reading after it predicted once; bad choices are named before anything is written.
 */
class FileReplayViewModelTest {

    @TempDir
    Path dir;

    private Path smallSweep() {
        return GeneratedDatasets.smallSweep(dir);
    }

    /** A panel whose replays run the live loop as the workbench wires it (a monitor of their own here). */
    private static SimulatorPanelViewModel panel(KilnStore store, List<String> inProduction) {
        SimulatorPort port = new SimulatorPort(store) {
            @Override
            public List<String> productionVersions() {
                return inProduction;
            }
        };
        port.setReplayLoop((engine, autoRetrain) -> {
            LiveOps live = LiveOps.attach(store, engine, null, autoRetrain, 0);
            engine.liveBatches();
            return end -> live.finish(end, ProgressSink.NONE);
        });
        SimulatorPanelViewModel vm = new SimulatorPanelViewModel(port, new ImmediateTaskRunner());
        vm.speedProperty().set(PlaybackSpeed.MAX);
        vm.selectScenario(SimulatorPanelViewModel.RECORDED_FILE);
        return vm;
    }

    @Test
    void aRecordedFileIsReplayedTrainedPromotedAndScoredLikeKilnReplay() throws Exception {
        Path file = GeneratedDatasets.binaryReplay(dir, 3000, 5);
        try (KilnStore store = KilnStore.open(dir.resolve("replay.duckdb"))) {
            SimulatorPanelViewModel vm = panel(store, List.of());
            ReplaySettingsViewModel settings = vm.replay();
            settings.choose(file);
            // the import wizard's guesses: named after the file, time and label found, no id (rows numbered in time order)
            assertThat(settings.dataset()).isEqualTo("plant_history");
            assertThat(settings.columns().timeProperty().get()).isEqualTo("ts");
            assertThat(settings.columns().labelProperty().get()).isEqualTo("status");
            assertThat(settings.columns().idProperty().get()).isEqualTo(ImportWizardViewModel.NONE);
            assertThat(settings.sweepProperty().get()).isEqualTo("seed-grid");
            assertThat(settings.problemProperty().get()).startsWith("Choose which value of status is the positive class");
            settings.columns().positiveProperty().set("defect");
            assertThat(settings.problemProperty().get()).startsWith("Enter the training window, FROM..TO (e.g. 2021-03-01..2021-03-14)");
            settings.labelDelayProperty().set("6h");
            settings.sweepProperty().set(smallSweep().toString());

            // a window before the file: said before anything plays; the staged rows stay for the next try
            settings.trainWindowProperty().set("2020-01-01..2020-01-10");
            assertThat(settings.readyProperty().get()).isTrue();
            vm.play();
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.statusProperty().get()).isEqualTo("Replay of plant-history.csv stopped: No labels in the training window "
                    + "2020-01-01..2020-01-10 (counting labels known by its end): the file's labelled readings run from 2021-03-01 to "
                    + "2021-03-21; choose a window within them. What was stored before is unchanged.");
            assertThat(count(store, "SELECT count(*) FROM plant_history_reading")).isZero();

            settings.trainWindowProperty().set("2021-03-01..2021-03-10");
            vm.play();
            vm.refresh();
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.statusProperty().get()).startsWith("Finished plant_history: 3,000 readings and 3,000 labels written")
                    .endsWith("went on with the earlier replay of plant_history");
            assertThat(vm.readingsProperty().get()).isEqualTo(3000);

            assertThat(count(store, "SELECT count(*) FROM plant_history_reading")).isEqualTo(3000);
            assertThat(count(store, "SELECT count(*) FROM plant_history_label WHERE label_time <> "
                    + "(SELECT ts FROM plant_history_reading r WHERE r.row_id = plant_history_label.row_id) + INTERVAL 6 HOUR")).isZero();
            long after = count(store, "SELECT count(*) FROM plant_history_reading WHERE ts >= TIMESTAMP '2021-03-11'");
            assertThat(after).isPositive();
            assertThat(count(store, "SELECT count(*) FROM plant_history_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM plant_history_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM plant_history_prediction WHERE ts < TIMESTAMP '2021-03-11'")).isZero();
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'plant_history' AND action = 'promote' "
                    + "AND alias = 'production'")).isEqualTo(1);
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'plant_history' AND action = 'promote' "
                    + "AND alias = 'production' AND \"at\" >= TIMESTAMP '2021-03-11' AND \"at\" < TIMESTAMP '2021-03-11 00:10'")).isEqualTo(1);
            assertThat(count(store, "SELECT count(*) FROM kpi WHERE model_name = 'plant_history' AND series = 'production' "
                    + "AND granularity = 'day'")).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void withAVersionInProductionTheReplayAsksBeforeItTrainsAndCanPlayTheRowsOnly() throws Exception {
        Path file = GeneratedDatasets.binaryReplay(dir, 600, 7);
        try (KilnStore store = KilnStore.open(dir.resolve("ask.duckdb"))) {
            SimulatorPanelViewModel vm = panel(store, List.of("plant v3"));
            ReplaySettingsViewModel settings = vm.replay();
            settings.choose(file);
            settings.columns().positiveProperty().set("defect");
            settings.trainWindowProperty().set("2021-03-01..2021-03-02");
            settings.sweepProperty().set(smallSweep().toString());
            vm.play();
            PlayConfirmation question = vm.confirmationProperty().get();
            assertThat(question).isNotNull();
            assertThat(question.header()).isEqualTo("This replay will train and promote at 2021-03-03 00:00 UTC");
            assertThat(question.details()).startsWith("plant v3 is in production now.")
                    .contains("Replaying plant-history.csv into data set plant_history")
                    .contains("2021-03-03 00:00 UTC: train on 2021-03-01..2021-03-02 (sweep " + smallSweep() + ")")
                    .contains("a firing accuracy alert also trains");
            assertThat(vm.runningProperty().get()).isFalse();

            vm.answer(PlayConfirmation.Choice.WITHOUT_MODEL_CHANGES);
            assertThat(count(store, "SELECT count(*) FROM plant_history_reading")).isEqualTo(600);
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'plant_history'")).isZero();
            assertThat(count(store, "SELECT count(*) FROM run WHERE dataset = 'plant_history'")).isZero();
        }
    }

    @Test
    void choicesAReplayCannotUseAreNamedBeforeAnythingIsWritten() throws Exception {
        Path file = GeneratedDatasets.binaryReplay(dir, 200, 3);
        Path broken = dir.resolve("broken.parquet");
        Files.writeString(broken, "not parquet at all");
        try (KilnStore store = KilnStore.open(dir.resolve("bad.duckdb"))) {
            SimulatorPanelViewModel vm = panel(store, List.of());
            ReplaySettingsViewModel settings = vm.replay();
            vm.play();
            assertThat(vm.statusProperty().get()).isEqualTo("Choose the file to replay.");

            settings.choose(broken);
            assertThat(settings.problemProperty().get()).startsWith("Cannot read broken.parquet:");
            vm.play();
            assertThat(vm.statusProperty().get()).startsWith("Cannot read broken.parquet:");

            settings.choose(file);
            settings.columns().positiveProperty().set("defect");
            settings.trainWindowProperty().set("2021-03-01..2021-03-02");
            settings.columns().labelProperty().set(ImportWizardViewModel.NONE);
            vm.play();
            assertThat(vm.statusProperty().get()).isEqualTo("Choose the label column: a replay trains on the labels and scores against them.");
            settings.columns().labelProperty().set("status");
            settings.columns().positiveProperty().set("defect");
            settings.labelDelayProperty().set("soon");
            assertThat(settings.problemProperty().get()).isEqualTo(
                    "Label delay: 'soon' is not a duration (use 450s, 30m, 6h, 2d or ISO-8601 like PT6H).");
            settings.labelDelayProperty().set("");
            settings.trainWindowProperty().set("2021-03-05..2021-03-01");
            assertThat(settings.problemProperty().get()).startsWith("Training window: ");
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(count(store, "SELECT count(*) FROM dataset WHERE name IN ('plant_history', 'broken')")).isZero();
        }
    }

    private static long count(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
