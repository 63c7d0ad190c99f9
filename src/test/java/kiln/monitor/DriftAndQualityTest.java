package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kiln.domain.AlertKind;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.DriftShare;
import kiln.domain.Histogram;
import kiln.domain.KpiGranularity;
import kiln.domain.QualityFinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftAndQualityTest {
    @TempDir
    Path dir;

    static final Instant SHIFT = Instant.parse("2019-07-09T00:00:00Z");

    @Test
    void driftFlagsTheShiftedFeatureAndNotTheStableOnes() throws Exception {
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.9).withTempShift(SHIFT, 6); // 2 sd
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.registerProduction(1, MonitorFixture.START, Instant.parse("2019-07-06T00:00:00Z"), MonitorFixture.START, null);
            f.advanceTo(Instant.parse("2019-07-11T00:00:00Z"), 1);
            f.monitor.update();
            List<DriftScore> days = f.monitor.featureDrift("glass", KpiGranularity.DAY);
            assertThat(days).filteredOn(d -> d.feature().equals("temp") && !d.windowStart().isBefore(SHIFT))
                    .hasSize(2).allSatisfy(d -> {
                        assertThat(d.level()).isEqualTo(DriftLevel.ALERT);
                        assertThat(d.psi()).isGreaterThan(0.25);
                        assertThat(d.wasserstein()).isBetween(1.5, 2.5);
                    });
            assertThat(days).filteredOn(d -> !d.feature().equals("temp") || d.windowStart().isBefore(SHIFT))
                    .isNotEmpty().allSatisfy(d -> assertThat(d.psi()).isLessThan(0.1));
            assertThat(f.monitor.featureDrift("glass", KpiGranularity.HOUR))
                    .filteredOn(d -> d.feature().equals("temp") && !d.windowStart().isBefore(SHIFT)).hasSize(48);
            List<DriftShare> shares = f.monitor.datasetDrift("glass", KpiGranularity.DAY);
            assertThat(shares).filteredOn(s -> !s.windowStart().isBefore(SHIFT))
                    .allSatisfy(s -> assertThat(s.drifted()).containsExactly("temp"));
            assertThat(shares).filteredOn(s -> s.windowStart().isBefore(SHIFT)).allSatisfy(s -> assertThat(s.drifted()).isEmpty());
            assertThat(f.monitor.alerts("glass", true)).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.DRIFT);
                assertThat(a.feature()).isEqualTo("temp");
                assertThat(a.windowStart()).isEqualTo(SHIFT);
            }).noneSatisfy(a -> assertThat(a.feature()).isIn("pressure", "duration"));
            Histogram[] hist = f.monitor.referenceAndCurrent("glass", "temp", SHIFT, SHIFT.plusSeconds(86400));
            assertThat(hist).hasSize(2);
            assertThat(hist[0].edges()).hasSize(hist[0].counts().length + 1);
            assertThat(hist[1].counts()[hist[1].counts().length - 1]).isGreaterThan(hist[1].counts()[0]);
            assertThat(f.monitor.outputDrift("glass", KpiGranularity.DAY)).anyMatch(d -> d.feature().equals("(prediction)"))
                    .anyMatch(d -> d.feature().equals("(label)"));
        }
    }

    /** After an upgrade drops the derived windows (as V018 does), the monitor knows it is behind and one update rebuilds them. */
    @Test
    void windowsDroppedByAnUpgradeAreRebuiltByOneUpdate() throws Exception {
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.9);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.registerProduction(1, MonitorFixture.START, Instant.parse("2019-07-06T00:00:00Z"), MonitorFixture.START, null);
            f.advanceTo(Instant.parse("2019-07-09T00:00:00Z"), 1);
            f.monitor.update();
            List<DriftScore> before = f.monitor.featureDrift("glass", KpiGranularity.DAY);
            assertThat(before).isNotEmpty();
            assertThat(f.monitor.behindItsData()).isFalse();
            f.store.write(conn -> {
                try (var st = conn.createStatement()) {
                    st.execute("DELETE FROM drift_reference");
                    st.execute("DELETE FROM drift_window");
                    st.execute("DELETE FROM monitor_watermark WHERE stream IN ('readings', 'predictions')");
                }
                return null;
            });
            MonitorService reopened = new MonitorService(f.store, () -> Instant.parse("2019-07-09T00:00:00Z"));
            assertThat(reopened.featureDrift("glass", KpiGranularity.DAY)).isEmpty();
            assertThat(reopened.behindItsData()).isTrue();
            reopened.update();
            assertThat(reopened.behindItsData()).isFalse();
            assertThat(reopened.featureDrift("glass", KpiGranularity.DAY)).extracting(DriftScore::feature, DriftScore::windowStart, DriftScore::level)
                    .containsExactlyInAnyOrderElementsOf(before.stream().map(d -> tuple(d.feature(), d.windowStart(),
                            d.level())).toList());
        }
    }

    /** Days merged from stored hours (hour-by-hour updates) equal days merged in one recompute. */
    @Test
    void hourByHourUpdatesGiveTheSameDriftWindowsAsOneRecompute() throws Exception {
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.9).withTempShift(SHIFT, 6);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.registerProduction(1, MonitorFixture.START, Instant.parse("2019-07-06T00:00:00Z"), MonitorFixture.START, null);
            f.advanceTo(Instant.parse("2019-07-08T20:00:00Z"), 1);
            f.monitor.update();
            for (Instant t = Instant.parse("2019-07-08T21:00:00Z"); !t.isAfter(Instant.parse("2019-07-10T03:00:00Z")); t = t.plusSeconds(3600)) {
                f.advanceTo(t, 1);
                f.monitor.update();
            }
            String windows = "SELECT granularity, feature, window_start, rows_total, missing, outside_range, min_value, max_value, "
                    + "round(variance, 9), round(mean_value, 9), counts, list_transform(quantiles, lambda q: round(q, 9)), round(psi, 9), "
                    + "round(ks_d, 9), round(wasserstein, 9), level, fine_bins FROM drift_window ORDER BY ALL";
            List<String> incremental = rows(f, windows);
            f.monitor.recomputeAll();
            List<String> recomputed = rows(f, windows);
            assertThat(incremental).hasSizeGreaterThan(100).isEqualTo(recomputed);
            assertThat(incremental).anyMatch(r -> r.startsWith("day|temp|2019-07-09"));
        }
    }

    private static List<String> rows(MonitorFixture f, String sql) throws Exception {
        return f.store.read(conn -> {
            List<String> out = new ArrayList<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.append(i > 1 ? "|" : "").append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
                    }
                    out.add(row.toString());
                }
            }
            return out;
        });
    }

    /** NaN counts as missing; infinite and absurd values are outside the range, and the update still runs. */
    @Test
    void nanInfiniteAndAbsurdReadingsAreCountedNotFatal() throws Exception {
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.9);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.advanceTo(Instant.parse("2019-07-08T20:00:00Z"), 1);
            f.store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("UPDATE sensor_reading SET temp = CASE pid % 3 WHEN 0 THEN 'nan'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE "
                            + "ELSE 1e300 END WHERE process_time >= '2019-07-08 19:00' AND process_time < '2019-07-08 19:06'");
                }
                return null;
            });
            f.monitor.update();
            List<String> hour = rows(f, "SELECT rows_total, missing, outside_range, max_value FROM drift_window "
                    + "WHERE feature = 'temp' AND granularity = 'hour' AND window_start = '2019-07-08 19:00'");
            // 60 products in the hour, the first 6 spoilt: 2 NaN, 2 infinite, 2 at 1e300
            assertThat(hour).containsExactly("60|2|4|null"); // a non-finite extreme is stored as unknown
            assertThat(f.monitor.quality("glassware", Instant.parse("2019-07-08T00:00:00Z"), Instant.parse("2019-07-09T00:00:00Z")))
                    .anySatisfy(q -> assertThat(q.feature()).isEqualTo("temp"));
        }
    }

    @Test
    void labelReferenceReadOffTheLabelCodeCountsAsTheJoinWithTheLabelTable() throws Exception {
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 15, 0.9))) {
            f.advanceTo(Instant.parse("2019-07-12T00:00:00Z"), 1);
            f.monitor.update();
            List<long[]> counts = f.store.read(conn -> {
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT d.n, d.positives, (SELECT count(l.quality) FROM sensor_reading r JOIN product_quality l USING (pid) "
                                        + "WHERE r.process_time >= d.window_start AND r.process_time < d.window_end), "
                                        + "(SELECT count(*) FROM sensor_reading r JOIN product_quality l USING (pid) "
                                        + "WHERE l.quality = 1 AND r.process_time >= d.window_start AND r.process_time < d.window_end) "
                                        + "FROM drift_reference d WHERE d.feature = '(label)'")) {
                    List<long[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                    return rows;
                }
            });
            assertThat(counts).isNotEmpty().allSatisfy(c -> {
                assertThat(c[1]).isPositive().isLessThan(c[0]);
                assertThat(new long[] {c[0], c[1]}).containsExactly(c[2], c[3]);
            });
        }
    }

    @Test
    void unitChangeIsReportedInPlainWordsWithItsStart() throws Exception {
        Instant change = Instant.parse("2019-07-09T06:00:00Z");
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 15, 0.9).withUnitChange(change);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.advanceTo(Instant.parse("2019-07-09T18:00:00Z"), 1);
            f.monitor.update();
            List<QualityFinding> findings = f.monitor.quality("glassware", Instant.parse("2019-07-08T00:00:00Z"),
                    Instant.parse("2019-07-10T00:00:00Z"));
            assertThat(findings).anySatisfy(q -> {
                assertThat(q.kind()).isEqualTo("unit_change");
                assertThat(q.feature()).isEqualTo("temp");
                assertThat(q.since()).isEqualTo(change);
                assertThat(q.message()).contains("°C").contains("°F").contains(change.toString());
            });
            assertThat(findings).noneMatch(q -> q.kind().equals("unit_change") && !q.feature().equals("temp"));
        }
    }

    @Test
    void stuckAndDeadSensorsAreFound() throws Exception {
        Instant stuck = Instant.parse("2019-07-08T10:00:00Z");
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.9).withStuckPressure(stuck);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            f.advanceTo(Instant.parse("2019-07-08T20:00:00Z"), 1);
            f.store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("UPDATE sensor_reading SET duration = NULL WHERE process_time >= '2019-07-08 18:00'");
                }
                return null;
            });
            f.monitor.update();
            List<QualityFinding> findings = f.monitor.quality("glassware", Instant.parse("2019-07-08T00:00:00Z"),
                    Instant.parse("2019-07-09T00:00:00Z"));
            assertThat(findings).anySatisfy(q -> {
                assertThat(q.kind()).isEqualTo("stuck");
                assertThat(q.feature()).isEqualTo("pressure");
                assertThat(q.since()).isEqualTo(stuck);
                assertThat(q.message()).contains("pressure is stuck at 12");
            });
            assertThat(findings).anySatisfy(q -> {
                assertThat(q.kind()).isEqualTo("dead");
                assertThat(q.feature()).isEqualTo("duration");
                assertThat(q.since()).isEqualTo(Instant.parse("2019-07-08T18:00:00Z"));
            });
            assertThat(findings).anySatisfy(q -> assertThat(q.kind()).isEqualTo("missing"));
            assertThat(findings).noneMatch(q -> q.feature().equals("temp"));
        }
    }
}
