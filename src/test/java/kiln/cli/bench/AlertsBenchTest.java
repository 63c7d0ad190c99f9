package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertsBenchTest {

    @Test
    void reportsFalseAlarmsAndMedianDelaysPerRule() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int code = cli.execute("bench", "alerts", "--seeds", "30", "--json");

        assertThat(code).isZero();
        JsonNode rules = new ObjectMapper().readTree(out.toString()).get("rules");
        JsonNode kpi = rules.get("kpi-accuracy-below-band");
        assertThat(kpi.at("/stable/accuracy 0.84/false_alarms_per_42_days").asDouble()).isLessThan(0.1);
        // A drop to 0.70 is found in every run, two days of labels after it.
        assertThat(kpi.at("/changes/accuracy 0.90 -> 0.70/detected_share").asDouble()).isEqualTo(1.0);
        assertThat(kpi.at("/changes/accuracy 0.90 -> 0.70/median_delay_days").asDouble()).isBetween(1.0, 3.0);
        for (String detector : new String[] {"ADWIN", "Page-Hinkley", "DDM"}) {
            JsonNode d = rules.get("detector-drift").get(detector);
            assertThat(d.at("/changes/error rate 0.10 -> 0.20/detected_share").asDouble()).as(detector).isEqualTo(1.0);
            assertThat(d.at("/changes/error rate 0.10 -> 0.30/median_delay_labels").asDouble()).as(detector)
                    .isLessThan(d.at("/changes/error rate 0.10 -> 0.20/median_delay_labels").asDouble());
        }
        assertThat(rules.at("/detector-drift/any detector/stable/error rate 0.10/runs_with_a_false_alarm").isNumber()).isTrue();
        // The day rules on windows: quiet on stable streams, and a gross change is seen on its own day.
        for (String rule : new String[] {"drift-psi", "quality-breach (out of range)", "quality-breach (missing)", "label-drift"}) {
            assertThat(rules.get(rule).at("/stable/runs_with_a_false_alarm").asDouble()).as(rule).isLessThan(0.1);
        }
        assertThat(rules.at("/drift-psi/changes/mean +1 sd/median_delay_days").asDouble()).isZero();
        assertThat(rules.at("/quality-breach (out of range)/changes/°C -> °F/detected_share").asDouble()).isEqualTo(1.0);
        assertThat(rules.at("/quality-breach (missing)/changes/missing 1 % -> 20 %/median_delay_days").asDouble()).isZero();
        assertThat(rules.at("/label-drift/changes/positives 20 % -> 40 %/detected_share").asDouble()).isEqualTo(1.0);
    }
}
