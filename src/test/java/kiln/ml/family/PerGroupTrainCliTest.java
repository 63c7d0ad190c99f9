package kiln.ml.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.cli.CliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln train --per-group} and {@code kiln runs --group} end to end through the command line. */
class PerGroupTrainCliTest {

    @TempDir
    Path dir;

    @Test
    void trainPerGroupPrintsEachGroupsBestAndRunsFiltersByGroup() throws Exception {
        String db = dir.resolve("fleet.duckdb").toString();
        GroupedRules.importGrouped(db, GroupedRules.write(dir, 6, 4, 300, 120, 3), "fleet");
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, """
                name: cli-per-group
                seed: 3
                metric: accuracy
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [3, 5]
                """);

        CliTest.Result json = CliTest.run("--db", db, "train", "--dataset", "fleet", "--window", GroupedRules.WINDOW, "--sweep", sweep.toString(),
                "--per-group", "--min-rows", "150", "--workers", "2", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.out());
        long experiment = r.get("experiment").asLong();
        assertThat(r.get("groups")).hasSize(4);
        JsonNode first = r.get("groups").get(0);
        assertThat(first.get("group").asText()).isEqualTo("s00");
        assertThat(first.get("rows").asInt()).isEqualTo(300);
        assertThat(first.get("metric").asDouble()).isGreaterThan(0.8);
        assertThat(first.get("best_run").asLong()).isPositive();
        assertThat(r.get("pooled").get("group").isNull()).isTrue();
        assertThat(r.get("pooled").get("rows").asInt()).isEqualTo(4 * 300 + 2 * 120);
        assertThat(r.get("skipped")).hasSize(2);
        assertThat(r.get("skipped").get(0).get("group").asText()).isEqualTo("s04");
        assertThat(r.get("skipped").get(0).get("reason").asText()).isEqualTo("120 labelled rows, fewer than 150");

        CliTest.Result runs = CliTest.run("--db", db, "runs", "--group", "s01", "--json");
        JsonNode list = new ObjectMapper().readTree(runs.out());
        assertThat(list).hasSize(2);
        for (JsonNode run : list) {
            assertThat(run.get("group_key").asText()).isEqualTo("s01");
            assertThat(run.get("experiment_id").asLong()).isEqualTo(experiment);
        }
        CliTest.Result filtered = CliTest.run("--db", db, "runs", "--filter", "group_key = s02 and params.maxDepth = 5", "--json");
        assertThat(new ObjectMapper().readTree(filtered.out())).hasSize(1);
        CliTest.Result table = CliTest.run("--db", db, "runs");
        assertThat(table.out().lines().findFirst().orElseThrow()).contains("group");
        assertThat(table.out()).contains("s03");

        CliTest.Result text = CliTest.run("--db", db, "train", "--dataset", "fleet", "--window", GroupedRules.WINDOW, "--sweep",
                sweep.toString(), "--per-group", "--min-rows", "500", "--workers", "1");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("0 groups trained, 6 skipped of 6 groups in the window")
                .contains("s00: 300 labelled rows, fewer than 500").contains("Pooled: run ");
        assertThat(text.err()).contains("of 2 pooled runs");

        CliTest.Result minRowsAlone = CliTest.run("--db", db, "train", "--dataset", "fleet", "--window", GroupedRules.WINDOW, "--sweep",
                sweep.toString(), "--min-rows", "10");
        assertThat(minRowsAlone.exit()).isEqualTo(1);
        assertThat(minRowsAlone.err()).contains("--per-group");
    }
}
