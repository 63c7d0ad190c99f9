package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.QualityFinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults of the shipped scenarios (unit-change-fahrenheit, dead-sensor, stuck-sensor, data-drift)
 * at glassware's cadence, 8 rows an hour: each is caught on its own feature, and the alert note says
 * what was seen, on which feature, since when and against which reference. Nothing else alerts.
 */
class NamedFaultsTest {
    @TempDir
    Path dir;

    static final int GLASSWARE_SECONDS_PER_ROW = 450;
    static final Instant TRAINED_UNTIL = Instant.parse("2019-07-08T00:00:00Z");
    static final Instant FAULT = Instant.parse("2019-07-12T00:00:00Z");

    private MonitorFixture fixture(SyntheticHistory history) throws Exception {
        MonitorFixture f = new MonitorFixture(dir, history);
        f.registerProduction(1, MonitorFixture.START, TRAINED_UNTIL, TRAINED_UNTIL, null);
        return f;
    }

    private static SyntheticHistory stable() {
        return SyntheticHistory.stable(MonitorFixture.START, GLASSWARE_SECONDS_PER_ROW, 0.9);
    }

    private static List<Alert> driftAndQuality(MonitorFixture f) {
        return f.monitor.alerts("glass", false).stream().filter(a -> a.kind() == AlertKind.DRIFT || a.kind() == AlertKind.QUALITY).toList();
    }

    @Test
    void aUnitChangeIsNamedWithin25HoursAndTheAlertSaysSo() throws Exception {
        try (MonitorFixture f = fixture(stable().withUnitChange(FAULT))) {
            // 200 values after the change: 25 hours at 8 an hour.
            f.advanceTo(FAULT.plusSeconds(25 * 3600), 1);
            f.monitor.update();
            List<QualityFinding> findings = f.monitor.quality("glass", FAULT.minusSeconds(86400), FAULT.plusSeconds(2 * 86400));
            assertThat(findings).anySatisfy(q -> {
                assertThat(q.kind()).isEqualTo("unit_change");
                assertThat(q.feature()).isEqualTo("temp");
                assertThat(q.since()).isEqualTo(FAULT);
                assertThat(q.message()).contains("°C").contains("°F");
            });
            f.advanceTo(Instant.parse("2019-07-14T00:00:00Z"), 1);
            f.monitor.update();
            List<Alert> alerts = driftAndQuality(f);
            assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.feature()).isEqualTo("temp"));
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.QUALITY);
                assertThat(a.note()).contains("temp looks converted from °C to °F").contains("since 2019-07-12T00:00:00Z")
                        .contains("against v1's training window (2019-07-01 00:00 – 2019-07-08 00:00 UTC)");
            });
        }
    }

    @Test
    void aDeadSensorIsNamedOnItsFeature() throws Exception {
        try (MonitorFixture f = fixture(stable())) {
            f.advanceTo(Instant.parse("2019-07-14T00:00:00Z"), 1);
            f.store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("UPDATE sensor_reading SET duration = NULL WHERE process_time >= '2019-07-12'");
                }
                return null;
            });
            f.monitor.update();
            assertThat(driftAndQuality(f)).filteredOn(a -> !a.rule().startsWith("fleet-")).isNotEmpty().allSatisfy(a -> {
                assertThat(a.feature()).isEqualTo("duration");
                assertThat(a.kind()).isEqualTo(AlertKind.QUALITY);
                assertThat(a.note()).contains("duration sent no values at all").contains("since 2019-07-12 00:00");
            });
            // Per sensor too (the history has several): each names the feature and since when.
            assertThat(driftAndQuality(f)).filteredOn(a -> a.rule().startsWith("fleet-")).allSatisfy(a -> {
                assertThat(a.rule()).isEqualTo("fleet-dead-sensor");
                assertThat(a.note()).startsWith("duration: all ").contains("missing since 07-12");
            });
        }
    }

    @Test
    void aStuckSensorIsNamedOnItsFeature() throws Exception {
        try (MonitorFixture f = fixture(stable().withStuckPressure(FAULT))) {
            f.advanceTo(Instant.parse("2019-07-14T00:00:00Z"), 1);
            f.monitor.update();
            List<Alert> alerts = driftAndQuality(f);
            assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.feature()).isEqualTo("pressure"));
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.QUALITY);
                assertThat(a.note()).contains("pressure is stuck at 12 (no variation").contains("since 2019-07-12 00:00");
            });
        }
    }

    @Test
    void aShiftedFeatureIsNamedWithItsSize() throws Exception {
        // data-drift moves temp by 3 °C with a 1.5-fold spread; a 1 sd shift is the same order.
        try (MonitorFixture f = fixture(stable().withTempShift(FAULT, 3))) {
            f.advanceTo(Instant.parse("2019-07-14T00:00:00Z"), 1);
            f.monitor.update();
            List<Alert> alerts = driftAndQuality(f);
            assertThat(alerts).filteredOn(a -> a.kind() == AlertKind.DRIFT).singleElement().satisfies(a -> {
                assertThat(a.feature()).isEqualTo("temp");
                assertThat(a.windowStart()).isEqualTo(FAULT);
                assertThat(a.note()).startsWith("temp drifted: shifted by").contains("reference standard deviations")
                        .contains("since 2019-07-12 00:00").contains("against v1's training window");
            });
            assertThat(alerts).allSatisfy(a -> assertThat(a.feature()).isEqualTo("temp"));
        }
    }

    @Test
    void aStableHistoryRaisesNoDriftOrQualityAlert() throws Exception {
        try (MonitorFixture f = fixture(stable())) {
            f.advanceTo(Instant.parse("2019-07-20T00:00:00Z"), 1);
            f.monitor.update();
            assertThat(driftAndQuality(f)).isEmpty();
        }
    }
}
