package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MonitorBenchTest {

    @Test
    void printsTheUpdateFiguresAndLeavesThePulseOutWhenSkipped() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int code = cli.execute("bench", "monitor", "--rows", "30000", "--hours", "2", "--pulse-seconds", "0", "--json");

        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        for (String figure : new String[] {"full_ms", "incremental_ms", "incremental_label_release_ms", "scan_ms"}) {
            assertThat(report.get(figure).isNumber()).as(figure).isTrue();
            assertThat(report.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(report.has("pulse_p99_ms")).isFalse();
        assertThat(report.has("pulse_error")).isFalse();
    }
}
