package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kiln.app.Main;
import picocli.CommandLine;

class MonitorCommandsTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void monitorAlertsAndAcknowledgeFromTheCommandLine() throws Exception {
        Instant change = Instant.parse("2019-07-03T00:00:00Z");
        Path db = dir.resolve("m.duckdb");
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 120, 0.95)
                .withAccuracyChange(change, 0.6))) {
            f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(7)), 1);
        }
        Result text = run("monitor", "--db", db.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("accuracy band 80.0–100.0 %").contains("2019-07-04").contains("below band")
                .contains("Open alerts:").contains("kpi-accuracy-below-band");

        Result json = run("monitor", "--db", db.toString(), "--full", "--json");
        assertThat(json.exit()).isZero();
        JsonNode model = new ObjectMapper().readTree(json.out()).path("models").get(0);
        assertThat(model.path("model").asText()).isEqualTo("glassware");
        assertThat(model.path("days")).hasSize(7);

        Result alerts = run("alerts", "--db", db.toString(), "--open", "--json");
        JsonNode list = new ObjectMapper().readTree(alerts.out());
        long kpiAlert = -1;
        for (JsonNode a : list) {
            if (a.path("kind").asText().equals("kpi") && a.path("state").asText().equals("firing")) {
                kpiAlert = a.path("alertId").asLong();
            }
        }
        assertThat(kpiAlert).isPositive();
        Result ack = run("alerts", "ack", String.valueOf(kpiAlert), "--note", "retrain scheduled", "--by", "ana", "--db", db.toString());
        assertThat(ack.exit()).isZero();
        assertThat(ack.out()).contains("Acknowledged alert #" + kpiAlert);
        assertThat(run("alerts", "--db", db.toString()).out()).contains("#" + kpiAlert + " acknowledged").contains("retrain scheduled");
        Result again = run("alerts", "ack", String.valueOf(kpiAlert), "--db", db.toString());
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("not firing");
    }
}
