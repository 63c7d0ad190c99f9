package kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Statement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.app.Main;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path dir;

    /** 4,000 products spread over 2019-07-01..07-21, values from a multiplicative hash, labelled by the first-regime rule. */
    private Path database() throws Exception {
        Path db = dir.resolve("kiln.duckdb");
        try (KilnStore store = KilnStore.open(db)) {
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute(
                            "INSERT INTO sensor_reading (pid, sensor_id, process_time, temp, pressure, duration) SELECT 100000 + i, 1, TIMESTAMP '2019-07-01' + to_seconds(i * 450), "
                                    + "350 + 10 * ((i * 7919) % 1000) / 1000.0, 8 + 8 * ((i * 104729) % 997) / 997.0, "
                                    + "27.5 + 5 * ((i * 1299709) % 991) / 991.0 FROM range(1, 4001) t(i)");
                    st.execute("INSERT INTO product_quality SELECT pid, date_trunc('day', process_time) + INTERVAL 2 DAY, "
                            + "CASE WHEN temp BETWEEN 351 AND 359 AND pressure BETWEEN 8 AND 15 AND duration BETWEEN 28 AND 32 THEN 1 ELSE 0 END "
                            + "FROM sensor_reading");
                }
                return null;
            });
        }
        return db;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result kiln(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainRunsTheSeedGridAndRunsListsAndFiltersThem() throws Exception {
        Path db = database();
        Result train = kiln("--db", db.toString(), "train", "--dataset", "glassware", "--window", "2019-07-01..2019-07-10",
                "--sweep", "sample-data/sweeps/glassware-seed.yaml", "--json", "--workers", "2");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(train.out());
        assertThat(result.get("runs")).hasSize(12);
        assertThat(result.get("rows").asLong()).isBetween(1800L, 1920L);
        assertThat(result.get("best").get("metrics").get("accuracy").asDouble()).isGreaterThan(0.9);
        for (JsonNode run : result.get("runs")) {
            assertThat(run.get("state").asText()).isEqualTo("finished");
            assertThat(run.get("best")).isNull();
        }

        Result text = kiln("--db", db.toString(), "train", "--window", "2019-07-01..2019-07-10", "--sweep",
                "sample-data/sweeps/glassware-seed.yaml");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("reused", "Best: run ");
        assertThat(text.out()).doesNotContain("finished");

        Result runs = kiln("--db", db.toString(), "runs", "--filter", "trainer = cart and params.maxDepth >= 5", "--json");
        JsonNode list = new ObjectMapper().readTree(runs.out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("window_start").asText()).isEqualTo("2019-07-01T00:00");
        assertThat(list.get(0).get("split").asText()).isEqualTo("random:0.2");

        long firstId = list.get(0).get("run_id").asLong();
        assertThat(kiln("--db", db.toString(), "runs", "tag", String.valueOf(firstId), "keep").code()).isZero();
        assertThat(kiln("--db", db.toString(), "runs", "note", String.valueOf(firstId), "looks good").code()).isZero();
        Result tagged = kiln("--db", db.toString(), "runs", "--filter", "tags = keep");
        assertThat(tagged.out()).contains("looks good", "(1 row)");

        Result bad = kiln("--db", db.toString(), "runs", "--filter", "metrics.accuracy >> 3");
        assertThat(bad.code()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(bad.err()).contains("Filter error at column 19", "^");

        Result missing = kiln("--db", db.toString(), "train", "--dataset", "nope", "--window", "2019-07-01..2019-07-10", "--sweep",
                "sample-data/sweeps/glassware-seed.yaml");
        assertThat(missing.code()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(missing.err()).contains("Data set 'nope'");
    }
}
