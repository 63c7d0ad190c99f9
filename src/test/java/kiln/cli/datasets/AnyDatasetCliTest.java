package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import kiln.cli.CliTest;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop from the command line on a data set that is not glassware: import readings, then
 * their labels from a second file; train the seed grid; register and promote at a past time; score;
 * monitor. The concept changes after four weeks, which the KPI and an alert must show.
 */
class AnyDatasetCliTest {

    @TempDir
    Path dir;

    @Test
    void aBinaryDataSetWithLateLabelsIsTrainedScoredAndWatched() throws Exception {
        GeneratedDatasets.Files2 data = GeneratedDatasets.binaryWithLateLabels(dir, 6000, 11);
        String db = dir.resolve("plant.duckdb").toString();
        Path sweep = Path.of("sample-data/sweeps/seed-grid.yaml");

        ok(CliTest.run("--db", db, "import", data.readings().toString(), "--dataset", "plant", "--id", "id", "--time", "ts", "--group", "line"));
        CliTest.Result positiveAsked = CliTest.run("--db", db, "import", data.labels().toString(), "--dataset", "plant", "--labels",
                "--id", "id", "--label", "status", "--label-time", "checked_at");
        assertThat(positiveAsked.exit()).isEqualTo(1);
        assertThat(positiveAsked.err()).contains("plant-labels.csv").contains("'defect', 'sound'").contains("--positive");
        ok(CliTest.run("--db", db, "import", data.labels().toString(), "--dataset", "plant", "--labels", "--id", "id", "--label", "status",
                "--label-time", "checked_at", "--positive", "defect"));

        CliTest.Result trained = ok(CliTest.run("--db", db, "train", "--dataset", "plant", "--window", "2021-03-01..2021-03-15", "--sweep",
                sweep.toString()));
        assertThat(trained.out()).contains("Best: run");
        ok(CliTest.run("--db", db, "model", "register", "--run", bestRun(trained.out())));
        ok(CliTest.run("--db", db, "model", "promote", "--version", "1", "--at", "2021-03-15"));
        ok(CliTest.run("--db", db, "score"));
        ok(CliTest.run("--db", db, "monitor"));
        Path exported = dir.resolve("predictions.csv");
        ok(CliTest.run("--db", db, "export", "--dataset", "plant", "--predictions", "--format", "csv", "--out", exported.toString()));
        List<String> lines = Files.readAllLines(exported);
        assertThat(lines.get(0)).isEqualTo("id,time,group,model_version,predicted,probability,label,label_time");
        assertThat(lines.get(1)).matches("\\d+,2021-03-15 00:00:00,[AB],1,(defect|sound),[01](\\.\\d+)?,(defect|sound),2021-03-15 06:00:00");

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            long after = count(store, "SELECT count(*) FROM plant_reading WHERE ts >= TIMESTAMP '2021-03-15'");
            assertThat(count(store, "SELECT count(*) FROM plant_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(DISTINCT id) FROM plant_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM plant_prediction WHERE predicted NOT IN ('sound', 'defect') "
                    + "OR predicted_code <> CASE predicted WHEN 'defect' THEN 1 ELSE 0 END")).isZero();
            // Labels were coded from their own file, with their own time.
            assertThat(count(store, "SELECT count(*) FROM plant_prediction WHERE label_time = ts + INTERVAL 6 HOUR")).isEqualTo(after);
            double before = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE granularity = 'day' AND series = 'production' "
                    + "AND window_start < TIMESTAMP '2021-03-29'");
            double changed = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE granularity = 'day' AND series = 'production' "
                    + "AND window_start >= TIMESTAMP '2021-03-29'");
            assertThat(before).isGreaterThan(0.8);
            assertThat(changed).isLessThan(before - 0.15);
            assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = 'plant' AND rule = 'kpi-accuracy-below-band' "
                    + "AND window_start >= TIMESTAMP '2021-03-29'")).isPositive();
            assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = 'plant' AND rule = 'kpi-accuracy-below-band' "
                    + "AND window_start < TIMESTAMP '2021-03-29'")).isZero();
        }
    }

    private static CliTest.Result ok(CliTest.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static String bestRun(String trainOutput) {
        String line = trainOutput.lines().filter(l -> l.startsWith("Best: run ")).findFirst().orElseThrow();
        return line.substring("Best: run ".length()).split(" ")[0];
    }
}
