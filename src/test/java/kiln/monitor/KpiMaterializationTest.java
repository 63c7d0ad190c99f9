package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.drift.WilsonInterval;
import kiln.store.KilnStore;
import kiln.store.ingest.LabelCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KpiMaterializationTest {
    @TempDir
    Path dir;

    @Test
    void kpiNumbersMatchAHandCount() throws Exception {
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 60, 0.9))) {
            f.store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    // 5 predictions in one hour: (pred, label) = (1,1) (1,1) (1,0) (0,1) and one (0,?) without label yet
                    st.execute("INSERT INTO predicted_quality VALUES "
                            + "(1, 1, '2019-07-01 10:05', 1, 0.9, NULL, NULL, NULL), (2, 1, '2019-07-01 10:10', 1, 0.8, NULL, NULL, NULL), "
                            + "(3, 1, '2019-07-01 10:20', 1, 0.6, NULL, NULL, NULL), (4, 1, '2019-07-01 10:30', 0, 0.3, NULL, NULL, NULL), "
                            + "(5, 1, '2019-07-01 10:40', 0, 0.1, NULL, NULL, NULL)");
                    st.execute("INSERT INTO product_quality VALUES (1, '2019-07-03', 1), (2, '2019-07-03', 1), "
                            + "(3, '2019-07-03', 0), (4, '2019-07-03', 1)");
                }
                // written around the ingest path, so coded as the stores' writers would
                LabelCodes.syncIdRange(conn, LabelCodes.of(conn, "glassware").orElseThrow(), 1, 5);
                return null;
            });
            f.clock.set(Instant.parse("2019-07-03T00:00:00Z"));
            f.monitor.update();
            List<KpiPoint> hours = f.monitor.kpis("glassware", KpiGranularity.HOUR, KpiPoint.PRODUCTION);
            assertThat(hours).hasSize(1);
            KpiPoint p = hours.get(0);
            assertThat(p.windowStart()).isEqualTo(Instant.parse("2019-07-01T10:00:00Z"));
            assertThat(p.predictions()).isEqualTo(5);
            assertThat(p.labelled()).isEqualTo(4);
            assertThat(p.labelCoverage()).isEqualTo(0.8);
            assertThat(p.accuracy()).isEqualTo(0.5); // pids 1, 2 right; 3, 4 wrong
            assertThat(p.precision()).isCloseTo(2.0 / 3, within(1e-12)); // tp 2, fp 1
            assertThat(p.recall()).isCloseTo(2.0 / 3, within(1e-12)); // tp 2, fn 1
            assertThat(p.f1()).isCloseTo(2.0 / 3, within(1e-12));
            assertThat(p.predictedGoodShare()).isEqualTo(0.6);
            WilsonInterval w = WilsonInterval.of(2, 4);
            assertThat(p.accuracyLow()).isEqualTo(w.lower());
            assertThat(p.accuracyHigh()).isEqualTo(w.upper());
            // identity calibration: q = p for predicted good, 1 - p otherwise (summed in units of 2^-32)
            assertThat(p.estimatedAccuracy()).isCloseTo((0.9 + 0.8 + 0.6 + 0.7 + 0.9) / 5, within(1e-9));
            KpiPoint day = f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(0);
            assertThat(day.accuracy()).isEqualTo(0.5);
            assertThat(day.predictions()).isEqualTo(5);
            assertThat(f.monitor.kpis("glassware", KpiGranularity.EVERY_500, KpiPoint.PRODUCTION))
                    .singleElement().satisfies(b -> assertThat(b.predictions()).isEqualTo(5));
        }
    }

    @Test
    void incrementalUpdatesEqualAFullRecompute() throws Exception {
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 120, 0.9).withTempShift(Instant.parse("2019-07-09T00:00:00Z"), 5);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            for (int step = 1; step <= 8; step++) {
                f.advanceTo(MonitorFixture.START.plusSeconds(step * 31L * 3600), 1);
                f.monitor.update();
            }
            long version = f.monitor.dataVersion();
            assertThat(f.monitor.update()).isFalse(); // nothing new: idempotent
            assertThat(f.monitor.dataVersion()).isEqualTo(version);
            List<String> incremental = snapshot(f.store);
            f.monitor.recomputeAll();
            assertThat(f.monitor.dataVersion()).isNotEqualTo(version);
            List<String> full = snapshot(f.store);
            assertThat(full).isEqualTo(incremental);
            assertThat(incremental).anyMatch(r -> r.startsWith("kpi|n500")).anyMatch(r -> r.startsWith("drift|day"));
        }
    }

    @Test
    void estimateIsReplacedByRealisedAccuracyWhenLabelsLand() throws Exception {
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 120, 0.9))) {
            f.advanceTo(Instant.parse("2019-07-02T12:00:00Z"), 1);
            f.monitor.update();
            KpiPoint before = f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(0);
            assertThat(before.accuracy()).isNull();
            assertThat(before.labelled()).isZero();
            assertThat(before.estimatedAccuracy()).isCloseTo(0.9, within(0.02));
            f.advanceTo(Instant.parse("2019-07-03T01:00:00Z"), 1); // labels of 07-01 arrive at midnight of 07-03
            f.monitor.update();
            KpiPoint after = f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(0);
            assertThat(after.labelCoverage()).isEqualTo(1.0);
            assertThat(after.accuracy()).isCloseTo(0.9, within(0.05));
            assertThat(after.estimatedAccuracy()).isCloseTo(before.estimatedAccuracy(), within(1e-12));
            assertThat(f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(1).accuracy()).isNull();
        }
    }

    @Test
    void calibrationCurveOfTheTrainingRunShapesTheEstimate() throws Exception {
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 120, 0.9))) {
            // The run says its probabilities are overconfident: observed rate 0.7 where it predicted 0.9.
            f.registerProduction(1, MonitorFixture.START, Instant.parse("2019-07-02T00:00:00Z"), MonitorFixture.START,
                    "{\"calibration\": [{\"meanPredicted\": 0.1, \"observedRate\": 0.3, \"count\": 50}, "
                            + "{\"meanPredicted\": 0.9, \"observedRate\": 0.7, \"count\": 50}]}");
            f.advanceTo(Instant.parse("2019-07-01T12:00:00Z"), 1);
            f.monitor.update();
            KpiPoint p = f.monitor.kpis("glass", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(0);
            assertThat(p.estimatedAccuracy()).isCloseTo(0.7, within(0.02));
        }
    }

    @Test
    void counterfactualSeriesFollowsTheRescoredVersion() throws Exception {
        try (MonitorFixture f = new MonitorFixture(dir, SyntheticHistory.stable(MonitorFixture.START, 120, 0.9))) {
            f.advanceTo(Instant.parse("2019-07-04T00:00:00Z"), 1);
            f.monitor.update();
            // Version 7 "rescores" the first two days perfectly: it predicts the label itself.
            f.store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("INSERT INTO rescored_prediction SELECT 'glassware', p.pid, 7, p.process_time, l.quality, "
                            + "CASE WHEN l.quality = 1 THEN 0.99 ELSE 0.01 END FROM predicted_quality p JOIN product_quality l "
                            + "ON l.pid = p.pid WHERE p.process_time < '2019-07-03'");
                }
                return null;
            });
            f.monitor.update();
            assertThat(f.monitor.seriesNames("glassware")).containsExactly(KpiPoint.counterfactual(7));
            List<KpiPoint> cf = f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.counterfactual(7));
            assertThat(cf).hasSize(2).allSatisfy(p -> {
                assertThat(p.accuracy()).isEqualTo(1.0);
                assertThat(p.modelVersion()).isEqualTo(7);
            });
            assertThat(f.monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).get(0).accuracy()).isLessThan(0.97);
        }
    }

    static List<String> snapshot(KilnStore store) throws Exception {
        return store.read(conn -> {
            List<String> rows = new ArrayList<>();
            try (Statement st = conn.createStatement()) {
                collect(st, "SELECT 'kpi|' || granularity || '|' || series || '|' || window_start || '|' || pid_lo || '|' || "
                        + "predictions || '|' || labelled || '|' || correct || '|' || tp || '|' || fp || '|' || fn || '|' || "
                        + "round(est_sum_q, 9) || '|' || coalesce(label_max_time::VARCHAR, '-') FROM kpi ORDER BY ALL", rows);
                collect(st, "SELECT 'drift|' || granularity || '|' || feature || '|' || window_start || '|' || rows_total || '|' || "
                        + "missing || '|' || outside_range || '|' || counts::VARCHAR || '|' || coalesce(round(psi, 9)::VARCHAR, '-') "
                        + "|| '|' || coalesce(round(wasserstein, 9)::VARCHAR, '-') || '|' || level FROM drift_window ORDER BY ALL", rows);
                collect(st, "SELECT 'alert|' || rule || '|' || coalesce(feature, '') || '|' || window_start || '|' || state "
                        + "FROM alert ORDER BY ALL", rows);
            }
            return rows;
        });
    }

    private static void collect(Statement st, String sql, List<String> rows) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
    }
}
