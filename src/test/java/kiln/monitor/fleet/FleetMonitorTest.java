package kiln.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.KpiBand;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of 60 groups over 21 days, grown a day at a time through the monitor's update: groups 0-39
 * share a change on day 14 (accuracy to 0.50), group 52 drops inside the band on day 16, group 55 goes
 * dead on day 10, group 56 sends only missing values from day 11 and group 57's f1 turns from °C to °F
 * on day 12. Every other group is stable.
 */
class FleetMonitorTest {
    static final Instant START = Instant.parse("2024-07-01T00:00:00Z");
    static final int DAYS = 21;
    static final String DATASET = "plant";
    static final String MODEL = "plant-model";

    @TempDir
    static Path dir;
    static KilnStore store;
    static AtomicReference<Instant> clock = new AtomicReference<>(START);
    static MonitorService monitor;
    static List<String> incrementalKpi;

    static Instant day(int d) {
        return START.plus(Duration.ofDays(d));
    }

    @BeforeAll
    static void grow() throws Exception {
        store = KilnStore.open(dir.resolve("fleet.duckdb"));
        SyntheticFleet fleet = new SyntheticFleet(DATASET, START, 60, 4, 0.90, Duration.ofHours(1), 7);
        for (int g = 0; g < 40; g++) {
            fleet.accuracyChange(g, day(14), 0.50);
        }
        fleet.accuracyChange(52, day(16), 0.72).dead(55, day(10)).missingValues(56, day(11)).unitChange(57, day(12), 1.8, 32);
        store.writeTransaction(conn -> {
            fleet.create(conn);
            fleet.registerPooledFamily(conn, MODEL, day(7), day(7));
            return null;
        });
        monitor = new MonitorService(store, clock::get);
        monitor.setBand(new KpiBand(MODEL, "accuracy", 0.70, 1.0, 0.03));
        for (int d = 0; d < DAYS; d++) {
            int from = d * 24;
            store.writeTransaction(conn -> {
                fleet.insertHours(conn, from, from + 24, 1);
                return null;
            });
            clock.set(day(d + 1).plus(Duration.ofHours(2)));
            monitor.update();
        }
        incrementalKpi = kpiRows();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static List<String> kpiRows() throws Exception {
        return store.read(conn -> {
            List<String> rows = new ArrayList<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM fleet_kpi ORDER BY ALL")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        b.append(rs.getString(i)).append('|');
                    }
                    rows.add(b.toString());
                }
            }
            return rows;
        });
    }

    static long count(String sql, Object... params) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    if (params[i] instanceof Instant t) {
                        Timestamps.bind(ps, i + 1, t);
                    } else {
                        ps.setObject(i + 1, params[i]);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Correct and labelled predictions of a group on days [from, to), counted from the raw rows in Java. */
    static long[] handCount(int group, int fromDay, int toDay) throws Exception {
        return store.read(conn -> {
            long[] c = new long[3];
            try (PreparedStatement ps = conn.prepareStatement("SELECT p.predicted_code, p.label_code FROM plant_prediction p JOIN "
                    + "plant_reading r ON r.rec = p.rec WHERE r.station = ? AND p.ts >= ? AND p.ts < ?")) {
                ps.setInt(1, group);
                Timestamps.bind(ps, 2, day(fromDay));
                Timestamps.bind(ps, 3, day(toDay));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        c[0]++;
                        if (rs.getObject(2) != null) {
                            c[1]++;
                            c[2] += rs.getInt(1) == rs.getInt(2) ? 1 : 0;
                        }
                    }
                }
            }
            return c;
        });
    }

    @Test
    void perGroupKpiAndRollingBaselineMatchAHandCount() throws Exception {
        for (int group : new int[] {3, 47}) {
            long[] window = handCount(group, 9, 10);
            long[] baseline = handCount(group, 2, 9);
            Object[] row = store.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT predictions, labelled, correct, accuracy, baseline_labelled, "
                        + "baseline_accuracy FROM fleet_kpi WHERE model_name = ? AND granularity = 'day' AND group_key = ? AND window_start = ?")) {
                    ps.setString(1, MODEL);
                    ps.setString(2, Integer.toString(group));
                    Timestamps.bind(ps, 3, day(9));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        return new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5), rs.getDouble(6)};
                    }
                }
            });
            assertThat(row[0]).isEqualTo(window[0]);
            assertThat(row[1]).isEqualTo(window[1]);
            assertThat(row[2]).isEqualTo(window[2]);
            assertThat((double) row[3]).isCloseTo((double) window[2] / window[1], within(1e-12));
            assertThat(row[4]).as("the 7 days before, pooled").isEqualTo(baseline[1]);
            assertThat((double) row[5]).isCloseTo((double) baseline[2] / baseline[1], within(1e-12));
        }
        assertThat(count("SELECT count(*) FROM fleet_kpi WHERE granularity = 'hour' AND group_key = '3' AND window_start >= ? "
                + "AND window_start < ?", day(9), day(10))).isEqualTo(24);
        assertThat(count("SELECT sum(correct) FROM fleet_kpi WHERE granularity = 'hour' AND group_key = '3' AND window_start >= ? "
                + "AND window_start < ?", day(9), day(10))).isEqualTo(handCount(3, 9, 10)[2]);
    }

    @Test
    void aSharedChangeIsOneIncidentOfItsFortyGroups() throws Exception {
        // Below band once two days agree (the window pooled with the day before, as the model's rule); a drop on the first day.
        assertThat(count("SELECT count(DISTINCT group_key) FROM alert WHERE rule = 'fleet-below-band' AND window_start = ?", day(15)))
                .isEqualTo(40);
        assertThat(count("SELECT count(*) FROM alert WHERE rule = 'fleet-below-band' AND CAST(group_key AS INTEGER) >= 40")).isZero();
        assertThat(count("SELECT count(*) FROM incident WHERE rule = 'fleet-below-band'")).isEqualTo(1);
        List<FleetReads.Incident> incidents = store.read(conn -> FleetReads.incidents(conn, MODEL, false));
        FleetReads.Incident storm = incidents.stream().filter(i -> i.rule().equals("fleet-below-band")).findFirst().orElseThrow();
        assertThat(storm.members()).isEqualTo(40);
        assertThat(storm.summary()).startsWith("40 stations below band since 07-16 00:00 — worst: ");
        assertThat(Integer.parseInt(storm.worstGroup())).isBetween(0, 39);
        List<FleetReads.Member> members = store.read(conn -> FleetReads.members(conn, storm.incidentId()));
        assertThat(members).hasSize(40);
        assertThat(members.get(0).group()).isEqualTo(storm.worstGroup());
        assertThat(members.get(0).value()).isEqualTo(storm.worstValue());
    }

    @Test
    void aDropInsideTheBandIsNewsForItsGroupOnly() throws Exception {
        assertThat(count("SELECT count(*) FROM alert WHERE rule = 'fleet-drop' AND group_key = '52' AND window_start = ?", day(17)))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM alert WHERE rule = 'fleet-below-band' AND group_key = '52'")).isZero();
        assertThat(count("SELECT count(DISTINCT group_key) FROM alert WHERE rule = 'fleet-drop' AND window_start = ?", day(14))).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM alert WHERE rule LIKE 'fleet-%' AND incident_id IS NULL")).isZero();
        assertThat(count("SELECT members FROM incident WHERE rule = 'fleet-drop' AND window_start = ?", day(17))).isEqualTo(1);
    }

    @Test
    void deadMissingAndUnitChangedGroupsAreNamedWithWhatWasSeenAndSince() throws Exception {
        List<String[]> quality = store.read(conn -> {
            List<String[]> rows = new ArrayList<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT rule, group_key, coalesce(feature, '-'), "
                            + "window_start, note FROM alert WHERE kind = 'quality' AND group_key IS NOT NULL ORDER BY rule, group_key, feature")) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
            return rows;
        });
        assertThat(quality).extracting(r -> r[0] + " " + r[1] + " " + r[2]).containsExactly(
                "fleet-dead-sensor 55 -", "fleet-dead-sensor 56 f1", "fleet-dead-sensor 56 f2", "fleet-dead-sensor 56 f3",
                "fleet-unit-change 57 f1");
        assertThat(quality.get(0)[4]).startsWith("no readings since 07-11");
        assertThat(quality.get(1)[4]).startsWith("f1: all 96 readings missing since 07-12");
        assertThat(quality.get(4)[4]).startsWith("f1 looks converted from °C to °F (×1.8 + 32) since 07-13");
    }

    @Test
    void stableGroupsRaiseNothing() throws Exception {
        assertThat(count("SELECT count(*) FROM alert WHERE group_key IS NOT NULL AND CAST(group_key AS INTEGER) BETWEEN 40 AND 59 "
                + "AND group_key NOT IN ('52', '55', '56', '57')")).isZero();
    }

    @Test
    void aFullRecomputeWritesTheSameWindowsAsTheDailyUpdates() throws Exception {
        long alerts = count("SELECT count(*) FROM alert");
        monitor.recomputeAll();
        assertThat(kpiRows()).isEqualTo(incrementalKpi);
        assertThat(count("SELECT count(*) FROM alert")).as("no alert written twice").isEqualTo(alerts);
    }

    /** A storm is one incident whose summary counts its members (IncidentNoticesTest sends it as one notice). */
    @Test
    void aStormIsOneIncidentThatCountsItsMembers() throws Exception {
        long fleetOpen = monitor.alerts(MODEL, true).stream().filter(a -> a.rule().startsWith("fleet-")).count();
        long openIncidents = count("SELECT count(*) FROM incident WHERE state <> 'resolved' AND model_name = ?", MODEL);
        assertThat(fleetOpen).isGreaterThan(openIncidents);
        assertThat(count("SELECT count(*) FROM incident WHERE model_name = ? AND rule = 'fleet-below-band' "
                + "AND starts_with(summary, '40 stations below band')", MODEL)).isEqualTo(1);
    }
}
