package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.text;
import static kiln.cli.datasets.StoreQueries.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import kiln.cli.CliTest;
import kiln.domain.QualityFinding;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Path sweep = GeneratedDatasets.smallSweep(dir);
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

    @Test
    void aGroupedHistoryIsReplayedAsAFamilyTrainedPerGroupAtTheEndOfItsWindow() throws Exception {
        Path file = GeneratedDatasets.binaryReplay(dir, 3000, 5);
        Path sweep = GeneratedDatasets.smallSweep(dir);
        String db = dir.resolve("family.duckdb").toString();
        CliTest.Result r = CliTest.run("--db", db, "replay", file.toString(), "--dataset", "plant", "--time", "ts", "--group", "line",
                "--label", "status", "--positive", "defect", "--label-delay", "6h", "--train-window", "2021-03-01..2021-03-14",
                "--sweep", sweep.toString(), "--per-group", "--min-rows", "100", "--score");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("sweep small per group").contains("3 members to production");
        try (KilnStore store = KilnStore.open(Path.of(db))) {
            assertThat(count(store, "SELECT count(*) FROM registered_model WHERE model_name = 'plant' AND family")).isEqualTo(1);
            assertThat(text(store, "SELECT string_agg(scope, ',' ORDER BY scope) FROM model_version WHERE model_name = 'plant' "
                    + "AND alias = 'production'")).isEqualTo("A,B,pooled");
            // Every reading from the promotion on is scored once, by its line's member.
            long after = count(store, "SELECT count(*) FROM plant_reading WHERE ts >= TIMESTAMP '2021-03-15'");
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM plant_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM plant_prediction p JOIN plant_reading r USING (row_id) "
                    + "WHERE p.model_scope <> r.line")).isZero();
        }
        CliTest.Result bad = CliTest.run("--db", dir.resolve("other.duckdb").toString(), "replay", file.toString(), "--dataset", "p2",
                "--label", "status", "--train-window", "2021-03-01..2021-03-14", "--sweep", sweep.toString(), "--per-group");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--per-group").contains("--group");
    }

    @Test
    void textIdsAreRefusedBeforeAnythingIsStagedAndRowPositionsServeInstead() throws Exception {
        StringBuilder csv = new StringBuilder("order,ts,x,status\n");
        for (int i = 0; i < 400; i++) {
            csv.append(String.format(Locale.ROOT, "ord-%04d,2024-01-%02d %02d:00:00,%d,%s%n", i, 1 + i / 24, i % 24, i % 7,
                    i % 7 > 3 ? "bad" : "good"));
        }
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, csv);
        String db = dir.resolve("orders.duckdb").toString();
        List<String> replay = List.of("--db", db, "replay", file.toString(), "--dataset", "orders", "--time", "ts", "--label", "status",
                "--label-delay", "1d", "--train-window", "2024-01-01..2024-01-08", "--sweep", "seed-grid", "--features", "x", "--score");
        CliTest.Result refused = CliTest.run(concat(replay.toArray(String[]::new), "--id", "order"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("orders.csv: --id names 'order', which holds text (e.g. 'ord-0000')")
                .contains("Leave out --id");
        CliTest.Result played = CliTest.run(replay.toArray(String[]::new));
        assertThat(played.exit()).as(played.err()).isZero();
        assertThat(played.out()).doesNotContain("Resuming");
        try (KilnStore store = KilnStore.open(Path.of(db))) {
            long after = count(store, "SELECT count(*) FROM orders_reading WHERE ts >= TIMESTAMP '2024-01-09'");
            assertThat(after).isPositive();
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM orders_prediction")).isEqualTo(after);
        }
    }

    @Test
    void aCategoricalFeatureIsTrainedScoredAndWatchedForDriftAndUnseenCategories() throws Exception {
        Path file = GeneratedDatasets.categoricalReplay(dir, 6000, 9);
        Path sweep = GeneratedDatasets.smallSweep(dir);
        String db = dir.resolve("materials.duckdb").toString();
        CliTest.Result replay = CliTest.run("--db", db, "replay", file.toString(), "--dataset", "materials", "--time", "ts", "--group", "line",
                "--label", "status", "--positive", "defect", "--label-delay", "6h", "--train-window", "2021-03-01..2021-03-14",
                "--sweep", sweep.toString(), "--score");
        assertThat(replay.exit()).as(replay.toString()).isZero();
        // The same sweep without the categorical feature, for comparison.
        CliTest.Result numericOnly = CliTest.run("--db", db, "train", "--dataset", "materials", "--window", "2021-03-01..2021-03-14",
                "--sweep", sweep.toString(), "--features", "x1,x2");
        assertThat(numericOnly.exit()).as(numericOnly.toString()).isZero();

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            assertThat(text(store, "SELECT kind FROM dataset_feature WHERE dataset = 'materials' AND name = 'material'"))
                    .isEqualTo("categorical");
            double with = value(store, "SELECT max(CAST(metrics->>'accuracy' AS DOUBLE)) FROM run WHERE dataset = 'materials' "
                    + "AND features::VARCHAR LIKE '%material%'");
            double without = value(store, "SELECT max(CAST(metrics->>'accuracy' AS DOUBLE)) FROM run WHERE dataset = 'materials' "
                    + "AND features::VARCHAR NOT LIKE '%material%'");
            assertThat(with).isGreaterThan(without + 0.08);
            // Every reading from the promotion on is predicted exactly once, the new material's too.
            long after = count(store, "SELECT count(*) FROM materials_reading WHERE ts >= TIMESTAMP '2021-03-15'");
            assertThat(count(store, "SELECT count(*) FROM materials_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM materials_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM materials_prediction p JOIN materials_reading r USING (row_id) "
                    + "WHERE r.material = 'E'")).isPositive();
            double accuracy = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'materials' "
                    + "AND granularity = 'day' AND series = 'production' AND window_start < TIMESTAMP '2021-03-22'");
            assertThat(accuracy).isGreaterThan(without + 0.05);

            // Drift over categories: calm before the shares shift on 03-22, an alert after.
            String dayPsi = "SELECT max(psi) FROM drift_window WHERE model_name = 'materials' AND feature = 'material' "
                    + "AND granularity = 'day' AND ref_key = 'v1' AND ";
            assertThat(value(store, dayPsi + "window_start >= TIMESTAMP '2021-03-15' AND window_start < TIMESTAMP '2021-03-22'"))
                    .isLessThan(0.1);
            assertThat(value(store, dayPsi + "window_start >= TIMESTAMP '2021-03-22' AND window_start < TIMESTAMP '2021-03-29'"))
                    .isGreaterThan(0.25);
            assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = 'materials' AND rule = 'drift-psi' "
                    + "AND feature = 'material' AND window_start >= TIMESTAMP '2021-03-22'")).isPositive();
            assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = 'materials' AND rule = 'drift-psi' "
                    + "AND feature = 'material' AND window_start < TIMESTAMP '2021-03-22'")).isZero();

            // The unseen material: counted outside the reference from 03-29 on, a quality alert and a finding naming it.
            assertThat(count(store, "SELECT coalesce(sum(outside_range), 0) FROM drift_window WHERE model_name = 'materials' "
                    + "AND feature = 'material' AND granularity = 'hour' AND window_start < TIMESTAMP '2021-03-29'")).isZero();
            long unseen = count(store, "SELECT count(*) FROM materials_reading WHERE material = 'E'");
            assertThat(count(store, "SELECT sum(outside_range) FROM drift_window WHERE model_name = 'materials' "
                    + "AND feature = 'material' AND granularity = 'hour'")).isEqualTo(unseen);
            assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = 'materials' AND rule = 'quality-breach' "
                    + "AND feature = 'material' AND window_start >= TIMESTAMP '2021-03-29'")).isPositive();
            Instant end = Instant.parse("2021-05-01T00:00:00Z");
            List<QualityFinding> findings = new MonitorService(store, () -> end).quality("materials",
                    Instant.parse("2021-03-15T00:00:00Z"), end);
            QualityFinding finding = findings.stream().filter(f -> f.kind().equals("unseen_category")).findFirst().orElseThrow();
            assertThat(finding.feature()).isEqualTo("material");
            assertThat(finding.value()).isEqualTo(unseen);
            assertThat(finding.since()).isAfterOrEqualTo(Instant.parse("2021-03-29T00:00:00Z"))
                    .isBefore(Instant.parse("2021-03-29T03:00:00Z"));
            assertThat(finding.message()).contains("'E' (" + unseen + " rows since").contains("v1's training window");
            assertThat(findings).noneMatch(f -> f.feature().equals("material") && f.kind().equals("out_of_range"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
