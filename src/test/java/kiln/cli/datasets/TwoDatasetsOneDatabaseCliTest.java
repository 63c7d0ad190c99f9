package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import kiln.cli.CliTest;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two data sets recorded years apart in one database: each is monitored on its own data's clock and
 * keeps its own counterfactual, so the second one's windows and alerts are what they are alone.
 */
class TwoDatasetsOneDatabaseCliTest {

    @TempDir
    Path dir;

    @Test
    void aDataSetBesideAnOlderOneIsMonitoredAsIfAlone() throws Exception {
        Path plant = GeneratedDatasets.binaryReplay(dir, 6000, 5);
        Path sweep = GeneratedDatasets.smallSweep(dir);
        String shared = dir.resolve("shared.duckdb").toString();
        String alone = dir.resolve("alone.duckdb").toString();
        // the weather history (2012-2015) first, so its model is the database's first
        CliTest.Result weather = CliTest.run("--db", shared, "replay", "sample-data/public/weather.csv", "--dataset", "weather", "--time", "date",
                "--group", "location", "--label", "weather", "--label-delay", "1d", "--train-window", "2012-01-01..2012-12-31",
                "--sweep", sweep.toString(), "--score");
        assertThat(weather.exit()).as(weather.toString()).isZero();
        // its version 1 rescored over everything: row ids 0.. like the plant's
        CliTest.Result rescore = CliTest.run("--db", shared, "score", "--name", "weather", "--version", "1");
        assertThat(rescore.exit()).as(rescore.toString()).isZero();
        for (String db : new String[] {shared, alone}) {
            CliTest.Result r = CliTest.run("--db", db, "replay", plant.toString(), "--dataset", "plant", "--time", "ts", "--group", "line",
                    "--label", "status", "--positive", "defect", "--label-delay", "6h", "--train-window", "2021-03-01..2021-03-14",
                    "--sweep", sweep.toString(), "--score", "--auto-retrain");
            assertThat(r.exit()).as(r.toString()).isZero();
            CliTest.Result monitor = CliTest.run("--db", db, "monitor", "--full");
            assertThat(monitor.exit()).as(monitor.toString()).isZero();
        }
        String plantKpis = "SELECT string_agg(series || ' ' || granularity || ' ' || window_start || ' ' || labelled || ' ' || correct, '; ' "
                + "ORDER BY series, granularity, window_start) FROM kpi WHERE model_name = 'plant'";
        String plantAlerts = "SELECT string_agg(rule || ' ' || kind || ' ' || coalesce(metric, '') || ' ' || window_start || ' ' || state, '; ' "
                + "ORDER BY rule, metric, window_start) FROM alert WHERE model_name = 'plant'";
        String plantCounterfactual = "SELECT count(*) FROM rescored_prediction WHERE model_name = 'plant'";
        try (KilnStore a = KilnStore.open(Path.of(alone)); KilnStore s = KilnStore.open(Path.of(shared))) {
            assertThat(count(s, "SELECT count(*) FROM registered_model")).isEqualTo(2);
            assertThat(text(s, plantKpis)).isEqualTo(text(a, plantKpis)).isNotBlank();
            assertThat(text(s, plantAlerts)).isEqualTo(text(a, plantAlerts));
            // both data sets' version 1 were rescored, each into its own rows
            assertThat(count(s, plantCounterfactual)).isEqualTo(count(a, plantCounterfactual)).isPositive();
            assertThat(count(s, "SELECT count(*) FROM rescored_prediction WHERE model_name = 'weather'")).isEqualTo(2922);
            assertThat(text(s, plantKpis)).contains("counterfactual:v1");
        }
    }
}
