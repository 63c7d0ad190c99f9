package kiln.sim;

import static kiln.sim.SimTestSupport.count;
import static kiln.sim.SimTestSupport.number;
import static kiln.sim.SimTestSupport.simulate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shipped scenario shows its change in the stored tables, and only after it starts. */
class InjectedChangesTest {

    @TempDir
    Path dir;

    private KilnStore run(String scenario) throws Exception {
        Path db = dir.resolve(scenario + ".duckdb");
        assertThat(simulate(db, scenario, 7, null).finished()).isTrue();
        return KilnStore.open(db);
    }

    @Test
    void unitChangeSwitchesTemperatureToFahrenheit() throws Exception {
        try (KilnStore s = run("unit-change-fahrenheit")) {
            assertThat(number(s, "SELECT max(temp) FROM sensor_reading WHERE process_time < '2019-07-15'")).isLessThan(362);
            assertThat(number(s, "SELECT min(temp) FROM sensor_reading WHERE process_time >= '2019-07-15'")).isGreaterThan(655);
        }
    }

    @Test
    void deadSensorSendsNullsOnlyInItsWindow() throws Exception {
        try (KilnStore s = run("dead-sensor")) {
            assertThat(count(s, "SELECT count(*) FROM sensor_reading WHERE pressure IS NULL "
                    + "AND (process_time < '2019-07-14' OR process_time >= '2019-07-20')")).isZero();
            assertThat(count(s, "SELECT count(*) FROM sensor_reading WHERE pressure IS NOT NULL "
                    + "AND process_time >= '2019-07-14' AND process_time < '2019-07-20'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM sensor_reading WHERE pressure IS NULL")).isBetween(1100L, 1200L);
        }
    }

    @Test
    void stuckSensorRepeatsOneValue() throws Exception {
        try (KilnStore s = run("stuck-sensor")) {
            assertThat(count(s, "SELECT count(DISTINCT duration) FROM sensor_reading "
                    + "WHERE process_time >= '2019-07-16' AND process_time < '2019-07-19'")).isEqualTo(1);
            assertThat(count(s, "SELECT count(DISTINCT duration) FROM sensor_reading WHERE process_time >= '2019-07-19'")).isGreaterThan(100);
        }
    }

    @Test
    void dataDriftRaisesTheMeanAfterTheRamp() throws Exception {
        try (KilnStore s = run("data-drift")) {
            double before = number(s, "SELECT avg(temp) FROM sensor_reading WHERE process_time < '2019-07-12'");
            double after = number(s, "SELECT avg(temp) FROM sensor_reading WHERE process_time >= '2019-07-16'");
            double sdBefore = number(s, "SELECT stddev(temp) FROM sensor_reading WHERE process_time < '2019-07-12'");
            double sdAfter = number(s, "SELECT stddev(temp) FROM sensor_reading WHERE process_time >= '2019-07-16'");
            assertThat(after - before).isBetween(2.7, 3.3);
            assertThat(sdAfter / sdBefore).isBetween(1.35, 1.65);
        }
    }

    @Test
    void labelDelayGrowsForLaterProducts() throws Exception {
        try (KilnStore s = run("label-delay")) {
            assertThat(count(s, "SELECT count(*) FROM sensor_reading r JOIN product_quality q USING (pid) WHERE r.process_time >= '2019-07-15' "
                    + "AND q.qualitycheck_time <> date_trunc('day', r.process_time + INTERVAL 5 DAY)")).isZero();
            assertThat(count(s, "SELECT count(*) FROM product_quality")).isEqualTo(4000);
        }
    }

    @Test
    void labelNoiseAndGradualConceptLowerAgreementWithTheBaseRule() throws Exception {
        // Products whose measured values are all 0.8 (4 noise sd) away from the base rule's bounds: for
        // them the base rule decides the label almost surely, so disagreement shows flips or a new rule.
        String baseRuleDisagrees = "SELECT avg(CASE WHEN (quality = 1) <> (temp BETWEEN 351 AND 359 AND pressure BETWEEN 8 AND 15 "
                + "AND duration BETWEEN 28 AND 32) THEN 1.0 ELSE 0.0 END) FROM sensor_reading JOIN product_quality USING (pid) "
                + "WHERE least(abs(temp - 351), abs(temp - 359), abs(pressure - 8), abs(pressure - 15), abs(duration - 28), "
                + "abs(duration - 32)) > 0.8 AND ";
        try (KilnStore s = run("label-noise")) {
            // Away from the rule's edges measured values decide the label almost surely; flips show as disagreement.
            assertThat(number(s, baseRuleDisagrees + "process_time < '2019-07-15'")).isLessThan(0.01);
            assertThat(number(s, baseRuleDisagrees + "process_time >= '2019-07-15'")).isBetween(0.15, 0.30);
        }
        try (KilnStore s = run("gradual-concept")) {
            double early = number(s, baseRuleDisagrees + "process_time < '2019-07-12'");
            double mid = number(s, baseRuleDisagrees + "process_time BETWEEN '2019-07-14' AND '2019-07-17'");
            double late = number(s, baseRuleDisagrees + "process_time >= '2019-07-19'");
            assertThat(early).isLessThan(mid);
            assertThat(mid).isLessThan(late);
        }
    }
}
