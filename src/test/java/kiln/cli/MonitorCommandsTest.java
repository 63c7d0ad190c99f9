package kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.cli.CliTest.Result;
import kiln.monitor.SyntheticHistory;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandsTest {
    @TempDir
    Path dir;

    @Test
    void monitorAlertsAndAcknowledgeFromTheCommandLine() throws Exception {
        Instant change = Instant.parse("2019-07-03T00:00:00Z");
        Path db = dir.resolve("m.duckdb");
        Instant start = Instant.parse("2019-07-01T00:00:00Z");
        SyntheticHistory history = SyntheticHistory.stable(start, 120, 0.95).withAccuracyChange(change, 0.6);
        long rows = Duration.ofDays(7).getSeconds() / 120;
        try (KilnStore store = KilnStore.open(db)) {
            store.writeTransaction(conn -> {
                history.insertReadingsAndPredictions(conn, 0, rows, 1);
                history.insertLabels(conn, 0, rows, start, start.plus(Duration.ofDays(7)));
                return null;
            });
        }
        Result text = CliTest.run("monitor", "--db", db.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("accuracy band 80.0–100.0 %").contains("2019-07-04").contains("below band")
                .contains("Open alerts:").contains("kpi-accuracy-below-band");

        Result json = CliTest.run("monitor", "--db", db.toString(), "--full", "--json");
        assertThat(json.exit()).isZero();
        JsonNode model = new ObjectMapper().readTree(json.out()).path("models").get(0);
        assertThat(model.path("model").asText()).isEqualTo("glassware");
        assertThat(model.path("days")).hasSize(7);

        Result alerts = CliTest.run("alerts", "--db", db.toString(), "--open", "--json");
        JsonNode list = new ObjectMapper().readTree(alerts.out());
        long kpiAlert = -1;
        for (JsonNode a : list) {
            // the model's own KPI alert (per-sensor ones, rules fleet-*, are listed as incidents)
            if (a.path("kind").asText().equals("kpi") && !a.path("rule").asText().startsWith("fleet-") && a.path("state").asText().equals("firing")) {
                kpiAlert = a.path("alertId").asLong();
                assertThat(a.path("severity").asText()).isEqualTo("critical"); // the words of the table, not the enum's names
            }
        }
        assertThat(kpiAlert).isPositive();
        Result ack = CliTest.run("alerts", "ack", String.valueOf(kpiAlert), "--note", "retrain scheduled", "--by", "ana", "--db", db.toString());
        assertThat(ack.exit()).isZero();
        assertThat(ack.out()).contains("Acknowledged alert #" + kpiAlert);
        assertThat(CliTest.run("alerts", "--db", db.toString()).out()).contains("#" + kpiAlert + " acknowledged").contains("retrain scheduled");
        Result again = CliTest.run("alerts", "ack", String.valueOf(kpiAlert), "--db", db.toString());
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("not firing");
    }
}
