package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.cli.CliTest;
import org.junit.jupiter.api.Test;

class FleetBenchTest {

    @Test
    void smallFleetReportsEachFigureWithItsBaseline() throws Exception {
        CliTest.Result r = CliTest.run("bench", "fleet", "--only", "train,score,monitor", "--sensors", "12", "--group-rows", "300",
                "--pick-groups", "2", "--readings", "6000", "--members", "30", "--days", "2", "--hours", "1", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        String line = r.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = new ObjectMapper().readValue(line, Map.class);
        assertThat(figures).containsKeys("train_s", "raw_train_s", "train_ratio", "score_s", "plain_score_s", "score_ratio",
                "incremental_ms", "scan_ms", "heap_mb").doesNotContainKeys("train_error", "score_error", "monitor_error", "list");
        @SuppressWarnings("unchecked")
        Map<String, Object> score = (Map<String, Object>) figures.get("score");
        // Every sensor's member plus pooled, all loaded by the cold catch-up and none again by the cached one.
        assertThat(((Number) score.get("members")).intValue()).isEqualTo(13);
        assertThat(((Number) score.get("members_loaded_cold")).intValue()).isEqualTo(13);
        assertThat(((Number) score.get("members_loaded_cached")).intValue()).isZero();
        assertThat(((Number) score.get("scored")).longValue()).isPositive().isLessThanOrEqualTo(6000);
        assertThat(((Number) score.get("heap_members")).intValue()).isEqualTo(30);
        assertThat(((Number) figures.get("heap_mb")).doubleValue()).isPositive();
    }

    @Test
    void unknownPartIsNamed() {
        CliTest.Result r = CliTest.run("bench", "fleet", "--only", "trian");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown part 'trian'").contains("train, score, monitor, list");
    }
}
