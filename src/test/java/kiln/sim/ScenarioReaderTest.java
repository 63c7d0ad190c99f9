package kiln.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import kiln.domain.UserFacingException;
import kiln.sim.scenario.Change;
import kiln.sim.scenario.Distribution;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {

    private static final String VALID = """
            name: t
            start: 2019-07-01T00:00:00Z
            products: 10
            cadence: 450s
            jitter: 450s
            label_delay: {delay: 2d, align: day}
            features:
              - {name: temp, uniform: [350, 360], noise: 0.2}
            regimes:
              - from_id: 1
                rule: {temp: [351, 359]}
            """;

    @Test
    void readsTheReferenceScenario() {
        Scenario s = ScenarioReader.resolve("glassware");
        assertThat(s.products()).isEqualTo(7999);
        assertThat(s.pidOffset()).isEqualTo(100_000);
        assertThat(s.cadence()).isEqualTo(Duration.ofSeconds(450));
        assertThat(s.start()).isEqualTo(Instant.parse("2019-07-01T00:00:00Z"));
        assertThat(s.features().get(1).distribution()).isEqualTo(Distribution.normal(12, 2));
        assertThat(s.features()).allSatisfy(f -> assertThat(f.noise()).isEqualTo(0.2));
        assertThat(s.regimes()).extracting(r -> r.fromId()).containsExactly(1L, 3401L, 6501L);
        assertThat(s.actions()).hasSize(2);
        assertThat(s.actions().get(0).params()).containsEntry("sweep", "glassware-seed");
    }

    @Test
    void everyBuiltInScenarioParsesAndTheClassPathCopyMatchesTheSampleFile() throws Exception {
        for (String name : ScenarioReader.BUILT_IN) {
            Path file = Path.of("sample-data", "scenarios", name + ".yaml");
            Scenario s = ScenarioReader.read(file);
            assertThat(s.name()).isEqualTo(name);
            try (InputStream in = ScenarioReader.class.getResourceAsStream("/kiln/scenarios/" + name + ".yaml")) {
                assertThat(in).as("class-path copy of %s", name).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(file));
            }
            if (!name.equals("glassware")) {
                assertThat(s.changes()).as(name).hasSize(1);
            }
        }
    }

    @Test
    void unknownFieldIsReportedWithFileLineAndField() {
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", VALID + "colour: blue\n"))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("x.yaml:12: field 'colour': unknown field");
    }

    @Test
    void badNumberNamesTheNestedField() {
        String yaml = VALID.replace("noise: 0.2", "noise: lots");
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", yaml))
                .hasMessage("x.yaml:8: field 'features[0].noise': 'lots' is not a number");
    }

    @Test
    void reversedRangeAndUnknownFeatureInRule() {
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", VALID.replace("rule: {temp: [351, 359]}", "rule: {temp: [359, 351]}")))
                .hasMessage("x.yaml:11: field 'regimes[0].rule.temp': min 359.0 is above max 351.0");
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", VALID.replace("rule: {temp: [351, 359]}", "rule: {heat: [351, 359]}")))
                .hasMessageContaining("x.yaml:11: field 'regimes[0].rule.heat'").hasMessageContaining("not a feature");
    }

    @Test
    void missingRequiredFieldAndBadChangeType() {
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", VALID.replace("products: 10\n", "")))
                .hasMessage("x.yaml:1: field 'products' is required");
        String withChange = VALID + "changes:\n  - {type: meltdown, at: 2019-07-02}\n";
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", withChange))
                .hasMessageStartingWith("x.yaml:13: field 'changes[0].type': 'meltdown' is not a change type");
        String drift = VALID + "changes:\n  - {type: data_drift, at: 2019-07-02, feature: pressure, shift: 1}\n";
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", drift))
                .hasMessageStartingWith("x.yaml:13: field 'changes[0].feature': 'pressure' is not a feature");
    }

    @Test
    void actionsAreValidated() {
        String bad = VALID + "actions:\n  - {at: 2019-07-02, action: train, window: 2019-07-05..2019-07-01}\n";
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", bad))
                .hasMessage("x.yaml:13: field 'actions[0].window': the window ends before it starts");
        String unknown = VALID + "actions:\n  - {at: 2019-07-02, action: dance}\n";
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", unknown))
                .hasMessageStartingWith("x.yaml:13: field 'actions[0].action': 'dance' is not an action");
    }

    @Test
    void yamlSyntaxErrorsCarryTheLine() {
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", "name: x\nfeatures: [\n  {name: temp\n"))
                .isInstanceOf(UserFacingException.class).hasMessageStartingWith("x.yaml:").hasMessageContaining("not valid YAML");
    }

    @Test
    void jitterAboveCadenceIsRefused() {
        assertThatThrownBy(() -> ScenarioReader.parse("x.yaml", VALID.replace("jitter: 450s", "jitter: 600s")))
                .hasMessageStartingWith("x.yaml:5: field 'jitter': must be between 0 and the cadence");
    }

    @Test
    void changesKeepTheirKind() {
        Scenario s = ScenarioReader.resolve("unit-change-fahrenheit");
        Change c = s.changes().get(0);
        assertThat(c.kind()).isEqualTo(Change.Kind.UNIT_CHANGE);
        assertThat(c.factor()).isEqualTo(1.8);
        assertThat(c.offset()).isEqualTo(32);
    }
}
