package kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void promoteAtATimeScoreAndRescoreFromTheCommandLine() throws Exception {
        Path db = dir.resolve("score.duckdb");
        long[] runs;
        try (KilnStore store = KilnStore.open(db)) {
            runs = ScoringFixture.trainTwoRuns(store);
        }
        String file = db.toString();
        assertThat(CliTest.run("--db", file, "score").out()).contains("No model is registered yet");
        assertThat(CliTest.run("--db", file, "model", "register", "--run", String.valueOf(runs[0])).exit()).isZero();
        assertThat(CliTest.run("--db", file, "model", "register", "--run", String.valueOf(runs[1])).exit()).isZero();
        assertThat(CliTest.run("--db", file, "model", "promote", "--version", "1", "--at", "2019-07-05", "--note", "first").exit()).isZero();

        CliTest.Result scored = CliTest.run("--db", file, "score", "--json");
        assertThat(scored.exit()).as(scored.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(scored.out());
        long expected;
        try (KilnStore store = KilnStore.open(db)) {
            expected = ScoringFixture.count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '2019-07-05'");
            assertThat(ScoringFixture.count(store, "SELECT count(*) FROM predicted_quality WHERE model_version = 1")).isEqualTo(expected);
        }
        assertThat(json.get("scored").asLong()).isEqualTo(expected);
        assertThat(new ObjectMapper().readTree(CliTest.run("--db", file, "score", "--json").out()).get("scored").asLong()).isZero();

        CliTest.Result rescored = CliTest.run("--db", file, "score", "--version", "2", "--from", "2019-07-02", "--to", "2019-07-03", "--json");
        assertThat(rescored.exit()).as(rescored.err()).isZero();
        assertThat(new ObjectMapper().readTree(rescored.out()).get("rescored").asLong()).isBetween(150L, 250L);

        // A gate nobody can pass holds the promotion back until forced.
        assertThat(CliTest.run("--db", file, "model", "gate", "--metric", "accuracy", "--margin", "0.5").exit()).isZero();
        CliTest.Result held = CliTest.run("--db", file, "model", "promote", "--version", "2");
        assertThat(held.exit()).isNotZero();
        assertThat(held.err()).contains("promotion gate held glassware v2 back").contains("--force");
        CliTest.Result forced = CliTest.run("--db", file, "model", "promote", "--version", "2", "--force", "--note", "trust me");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(CliTest.run("--db", file, "model", "history").out()).contains("gate").contains("[failed]")
                .contains("trust me [forced past the gate: failed: accuracy v2");
    }
}
