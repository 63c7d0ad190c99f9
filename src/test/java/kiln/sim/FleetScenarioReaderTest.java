package kiln.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import kiln.domain.UserFacingException;
import kiln.sim.scenario.FleetScenario;
import kiln.sim.scenario.FleetScenarioReader;
import org.junit.jupiter.api.Test;

/** The fleet scenario's file, its sizes and its refusals, without playing it. */
class FleetScenarioReaderTest {

    private static final String VALID = """
            kind: fleet
            name: plant
            start: 2019-07-01
            days: 10
            sensors: 20
            cadence: 1h
            max_rows: 10000
            label_delay: {delay: 1d}
            drifting_share: 0.1
            drift_from: 2019-07-03
            drift_to: 2019-07-08
            storm_share: 0.2
            storm_at: 2019-07-05T10:00:00Z
            unit_change_at: 2019-07-04
            dead_share: 0.05
            dead_from: 2019-07-06
            """;

    @Test
    void theBuiltInFleetIs200SensorsReadingEveryHalfHourAndOnlyItResolves() {
        FleetScenario fleet = FleetScenarioReader.resolve("fleet").orElseThrow();
        assertThat(fleet.sensors()).isEqualTo(200);
        assertThat(fleet.dataset()).isEqualTo("fleet");
        assertThat(fleet.effectiveCadence()).isEqualTo(Duration.ofMinutes(30));
        assertThat(fleet.readingsPerSensor()).isEqualTo(28 * 48);
        assertThat(FleetScenarioReader.resolve("glassware")).isEmpty();
        assertThat(FleetScenarioReader.resolve("sample-data/scenarios/glassware.yaml")).isEmpty();
    }

    @Test
    void largeFleetsReadLessOftenToStayUnderTheRowBudget() {
        FleetScenario fleet = FleetScenarioReader.resolve("fleet").orElseThrow();
        assertThat(fleet.withSensors(1000).effectiveCadence()).isEqualTo(Duration.ofMinutes(30));
        FleetScenario large = fleet.withSensors(10_000);
        assertThat(large.effectiveCadence()).isEqualTo(Duration.ofHours(5));
        assertThat((long) large.readingsPerSensor() * large.sensors()).isLessThanOrEqualTo(large.maxRows());
        assertThat(large.stormSensors()).isEqualTo(2000);
        assertThat(large.deadSensors()).isEqualTo(150);
    }

    @Test
    void fleetSizesOutsideOneToTenThousandAreRefused() {
        FleetScenario fleet = FleetScenarioReader.resolve("fleet").orElseThrow();
        assertThatThrownBy(() -> fleet.withSensors(0)).isInstanceOf(UserFacingException.class)
                .hasMessage("--sensors: 0 is not a fleet size; use 1 to 10,000 sensors");
        assertThatThrownBy(() -> fleet.withSensors(10_001)).isInstanceOf(UserFacingException.class);
        assertThat(fleet.withSensors(1).sensors()).isEqualTo(1);
    }

    @Test
    void aSmallFleetStillGetsEveryKindOfChangeOnDifferentSensors() {
        FleetPlan plan = new FleetPlan(FleetScenarioReader.parse("plant.yaml", VALID), 3);
        assertThat(plan.changes()).extracting(FleetPlan.InjectedChange::kind)
                .contains(FleetPlan.CONCEPT_CHANGE, FleetPlan.UNIT_CHANGE, FleetPlan.DEAD_SENSOR, FleetPlan.MISSING_VALUES);
        assertThat(plan.changes().stream().map(FleetPlan.InjectedChange::sensor).distinct().count()).isEqualTo(plan.changes().size());
    }

    @Test
    void aBadFieldIsNamedWithFileAndLine() {
        assertThatThrownBy(() -> FleetScenarioReader.parse("plant.yaml", VALID + "colour: red\n")).isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("plant.yaml:17: field 'colour': unknown field");
        assertThatThrownBy(() -> FleetScenarioReader.parse("plant.yaml", VALID.replace("storm_at: 2019-07-05T10:00:00Z", "storm_at: 2019-08-05")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("plant.yaml:13: field 'storm_at'").hasMessageContaining(
                        "outside the scenario");
        assertThatThrownBy(() -> FleetScenarioReader.parse("plant.yaml", VALID.replace("sensors: 20", "sensors: 20000")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("field 'sensors': 20000 is out of range; use 1 to 10000");
    }
}
