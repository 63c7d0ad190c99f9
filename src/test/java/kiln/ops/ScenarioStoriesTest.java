package kiln.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.app.Main;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in scenario tells its story (docs/scenarios.md): played with {@code --score}, its actions
 * train and promote v1 on 07-07, and the monitor raises the alert the scenario's change calls for, on
 * the right feature, by the stated time; nothing fires before the change, and a change the inputs do
 * not show (concept, labels) raises no drift or quality alert on a feature.
 */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
class ScenarioStoriesTest {

    @TempDir
    Path dir;

    /** One alert as stored. */
    private record Fired(String rule, String feature, Instant windowStart, Instant firedAt, String note) {
    }

    @ParameterizedTest(name = "{0}: {2} on {3} by {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            data-drift             | 2019-07-12 | drift-psi      | temp     | 2019-07-14 | drifted
            unit-change-fahrenheit | 2019-07-15 | quality-breach | temp     | 2019-07-16 | from °C to °F
            dead-sensor            | 2019-07-14 | quality-breach | pressure | 2019-07-15 | sent no values
            stuck-sensor           | 2019-07-16 | quality-breach | duration | 2019-07-17 | is stuck at
            gradual-concept        | 2019-07-12 | detector-drift | -        | 2019-07-19 | error rate rose
            recurring-concept      | 2019-07-08 | detector-drift | -        | 2019-07-10 | error rate rose
            label-noise            | 2019-07-15 | detector-drift | -        | 2019-07-17 | error rate rose
            label-delay            | 2019-07-15 | -              | -        | -          | -
            """)
    void theScenarioRaisesItsAlertOnItsFeatureInTime(String scenario, String changeDay, String rule, String feature, String byDay,
            String noteSays) throws Exception {
        Path db = dir.resolve(scenario + ".duckdb");
        assertThat(Main.run("--db", db.toString(), "simulate", "--scenario", scenario, "--speed", "max", "--score")).isZero();
        List<Fired> alerts = alerts(db);
        Instant change = Instant.parse(changeDay + "T00:00:00Z");

        assertThat(alerts).as("nothing fires on the stable days before the change").allSatisfy(a -> assertThat(a.windowStart()).isAfterOrEqualTo(
                change.minusSeconds(3600)));
        if (rule == null) {
            assertThat(alerts).as("a later label changes nothing the monitor should alert on").isEmpty();
            return;
        }
        Instant by = Instant.parse(byDay + "T00:00:00Z");
        assertThat(alerts).as(scenario + " raises " + rule + (feature == null ? "" : " on " + feature) + " by " + byDay)
                .anySatisfy(a -> {
                    assertThat(a.rule()).isEqualTo(rule);
                    assertThat(a.feature()).isEqualTo(feature);
                    assertThat(a.firedAt()).isBeforeOrEqualTo(by);
                    assertThat(a.note()).contains(noteSays);
                });
        if (feature == null) {
            assertThat(alerts).as("the inputs did not change: no drift or quality alert on a feature")
                    .noneMatch(a -> a.feature() != null && !a.feature().startsWith("("));
        }
    }

    private static List<Fired> alerts(Path db) throws Exception {
        try (KilnStore store = KilnStore.open(db)) {
            return store.read(conn -> {
                List<Fired> fired = new ArrayList<>();
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT rule, feature, window_start, fired_at, note FROM alert ORDER BY fired_at, alert_id")) {
                    while (rs.next()) {
                        fired.add(new Fired(rs.getString(1), rs.getString(2), Timestamps.read(rs, 3), Timestamps.read(rs, 4),
                                rs.getString(5)));
                    }
                }
                return fired;
            });
        }
    }
}
