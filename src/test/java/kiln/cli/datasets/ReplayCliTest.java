package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.text;
import static kiln.cli.datasets.StoreQueries.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiln.cli.CliTest;
import kiln.store.KilnStore;

/**
 * {@code kiln replay} plays a recorded history as the glassware story is played: trained and promoted
 * at the end of the training window, scored live, retrained when the concept changes, and the first
 * version rescored for the counterfactual. Stopped half way and started again, it loses and doubles nothing.
 */
class ReplayCliTest {

    @TempDir
    Path dir;

    @Test
    void aBinaryHistoryIsReplayedRetrainedAfterItsChangeAndResumesWithoutDoubles() throws Exception {
        Path file = GeneratedDatasets.binaryReplay(dir, 6000, 5);
        Path sweep = dir.resolve("small.yaml");
        Files.writeString(sweep, """
                name: small
                seed: 42
                split: random:0.2
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [4, 8]
                """);
        String db = dir.resolve("replay.duckdb").toString();
        String[] replay = {"--db", db, "replay", file.toString(), "--dataset", "plant", "--time", "ts", "--group", "line", "--label", "status",
                "--positive", "defect", "--label-delay", "6h", "--train-window", "2021-03-01..2021-03-14", "--sweep", sweep.toString(),
                "--score", "--auto-retrain"};

        CliTest.Result first = CliTest.run(concat(replay, "--until", "2021-03-22"));
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Stopped at simulated 2021-03-22");
        CliTest.Result rest = CliTest.run(replay);
        assertThat(rest.exit()).as(rest.toString()).isZero();
        assertThat(rest.out()).contains("Resuming the replay of plant").contains("Finished").contains("counterfactual");

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            assertThat(count(store, "SELECT count(*) FROM plant_reading")).isEqualTo(6000);
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM plant_reading")).isEqualTo(6000);
            assertThat(count(store, "SELECT count(*) FROM plant_label")).isEqualTo(6000);
            assertThat(count(store, "SELECT count(*) FROM plant_label WHERE label_time <> "
                    + "(SELECT ts FROM plant_reading r WHERE r.row_id = plant_label.row_id) + INTERVAL 6 HOUR")).isZero();
            // Every reading from the promotion on is predicted exactly once, by the version live at its time.
            long after = count(store, "SELECT count(*) FROM plant_reading WHERE ts >= TIMESTAMP '2021-03-15'");
            assertThat(count(store, "SELECT count(*) FROM plant_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM plant_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM plant_prediction WHERE ts < TIMESTAMP '2021-03-15'")).isZero();
            // One promotion at the end of the training window, and a retrain after the change on 03-29.
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'plant' AND action = 'promote' "
                    + "AND alias = 'production'")).isEqualTo(2);
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'plant' AND action = 'promote' "
                    + "AND alias = 'production' AND \"at\" > TIMESTAMP '2021-03-29' AND \"at\" < TIMESTAMP '2021-04-03'")).isEqualTo(1);
            assertThat(count(store, "SELECT count(*) FROM kpi WHERE model_name = 'plant' AND series = 'production' AND granularity = 'day'"))
                    .isGreaterThanOrEqualTo(27);
            // The counterfactual: version 1 over everything after its promotion, and worse than what happened.
            assertThat(count(store, "SELECT count(*) FROM rescored_prediction WHERE model_version = 1")).isEqualTo(after);
            double real = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'plant' AND granularity = 'day' "
                    + "AND series = 'production' AND window_start >= TIMESTAMP '2021-04-03'");
            double without = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'plant' AND granularity = 'day' "
                    + "AND series = 'counterfactual:v1' AND window_start >= TIMESTAMP '2021-04-03'");
            assertThat(real).isGreaterThan(0.8);
            assertThat(without).isLessThan(real - 0.15);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
