package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.KpiBand;
import kiln.drift.AlertHysteresis;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLifecycleTest {
    @TempDir
    Path dir;

    static final Instant DAY0 = Instant.parse("2019-07-01T00:00:00Z");
    static final AlertRule KPI_RULE = new AlertRule("kpi-accuracy-below-band", AlertKind.KPI, "accuracy", "day", "below", null, null,
            2, 1, AlertSeverity.CRITICAL, true, "test rule");
    static final AlertHysteresis.Rule BAND = new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.80, 0.83, 2, 1);

    static List<AlertWriter.Observation> days(double... accuracies) {
        List<AlertWriter.Observation> obs = new ArrayList<>();
        for (int d = 0; d < accuracies.length; d++) {
            Instant start = DAY0.plus(Duration.ofDays(d));
            obs.add(new AlertWriter.Observation(start, start.plus(Duration.ofDays(1)), start.plus(Duration.ofDays(3)),
                    accuracies[d], 1));
        }
        return obs;
    }

    List<Alert> evaluate(KilnStore store, MonitorService monitor, double... accuracies) throws Exception {
        store.writeTransaction(conn -> AlertWriter.evaluate(conn, "glass", KPI_RULE, null, BAND, days(accuracies)));
        return monitor.alerts("glass", false);
    }

    @Test
    void firesAfterTwoWindowsBelowTheBandAndResolvesOnlyPastTheResolveThreshold() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("a.duckdb"))) {
            MonitorService monitor = new MonitorService(store, () -> DAY0.plus(Duration.ofDays(30)));
            assertThat(evaluate(store, monitor, 0.90, 0.78)).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
            Alert firing = evaluate(store, monitor, 0.90, 0.78, 0.75).get(0);
            assertThat(firing.state()).isEqualTo(AlertState.FIRING);
            assertThat(firing.firedAt()).isEqualTo(DAY0.plus(Duration.ofDays(5))); // when day 2's labels arrived
            assertThat(firing.windowStart()).isEqualTo(DAY0.plus(Duration.ofDays(1)));
            assertThat(firing.value()).isEqualTo(0.75);
            assertThat(firing.threshold()).isEqualTo(0.80);
            // 0.81 is back inside the band but below the resolve threshold 0.83: still open (hysteresis)
            assertThat(evaluate(store, monitor, 0.90, 0.78, 0.75, 0.81).get(0).state()).isEqualTo(AlertState.FIRING);
            monitor.acknowledge(firing.alertId(), "retraining on the newest labels", "ana");
            Alert acked = evaluate(store, monitor, 0.90, 0.78, 0.75, 0.81, 0.82).get(0);
            assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(acked.acknowledgedBy()).isEqualTo("ana");
            assertThat(acked.note()).contains("retraining on the newest labels");
            Alert resolved = evaluate(store, monitor, 0.90, 0.78, 0.75, 0.81, 0.82, 0.86).get(0);
            assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(resolved.resolvedAt()).isEqualTo(DAY0.plus(Duration.ofDays(8)));
            assertThat(resolved.acknowledgedAt()).isNotNull();
            assertThat(monitor.alerts("glass", true)).isEmpty();
            // a single bad day opens a pending episode that resolves without firing; nothing is deleted
            List<Alert> all = evaluate(store, monitor, 0.90, 0.78, 0.75, 0.81, 0.82, 0.86, 0.70, 0.90);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).state()).isEqualTo(AlertState.RESOLVED);
            assertThat(all.get(0).firedAt()).isNull();
            assertThatThrownBy(() -> monitor.acknowledge(all.get(0).alertId(), "late", "ana"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void silencedEpisodeStaysPendingUntilTheSilenceEnds() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("s.duckdb"))) {
            MonitorService monitor = new MonitorService(store, () -> DAY0);
            Alert pending = evaluate(store, monitor, 0.70).get(0);
            monitor.silence(pending.alertId(), DAY0.plus(Duration.ofDays(5)), "ana");
            // day 1's labels arrive on day 4 (silenced), day 2's on day 5 (silence over)
            assertThat(evaluate(store, monitor, 0.70, 0.70).get(0).state()).isEqualTo(AlertState.PENDING);
            Alert fired = evaluate(store, monitor, 0.70, 0.70, 0.70).get(0);
            assertThat(fired.state()).isEqualTo(AlertState.FIRING);
            assertThat(fired.firedAt()).isEqualTo(DAY0.plus(Duration.ofDays(5)));
            assertThat(fired.silencedUntil()).isEqualTo(DAY0.plus(Duration.ofDays(5)));
            assertThat(fired.note()).contains("silenced until");
        }
    }

    @Test
    void kpiAlertFiresFromRealisedAccuracyAndDetectorsCatchTheAbruptChange() throws Exception {
        Instant change = Instant.parse("2019-07-04T00:00:00Z");
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.95).withAccuracyChange(change, 0.6);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            for (int day = 1; day <= 9; day++) {
                f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(day)), 1);
                f.monitor.update();
            }
            f.monitor.setBand(new KpiBand("glassware", "accuracy", 0.80, 1.0, 0.03));
            List<Alert> alerts = f.monitor.alerts("glassware", true);
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.KPI);
                assertThat(a.state()).isEqualTo(AlertState.FIRING);
                assertThat(a.windowStart()).isEqualTo(change);
                // 1,440 labels at 0.6 on 07-04 are conclusive alone: it fires when they land, at midnight of 07-06
                assertThat(a.firedAt()).isEqualTo(Instant.parse("2019-07-06T00:00:00Z"));
            });
            // Each detector fires as soon as the labels of 07-04 land (midnight of 07-06), on predictions made
            // within hours of the change; none fired on the stable days before. After 2000 quiet labels the
            // detector alert resolves (the error rate stays high but stable; the KPI alert stays firing): at one
            // row a minute, the rest of 07-04 (under 1,440 labels) is not enough, 07-05's labels (midnight of
            // 07-07) are.
            List<Alert> detectors = f.monitor.alerts("glassware", false).stream()
                    .filter(a -> a.kind().equals(AlertKind.DETECTOR)).toList();
            assertThat(detectors).extracting(Alert::metric).contains("ADWIN", "Page-Hinkley", "DDM");
            // Each starts at the estimated change point (within an hour of the true one; 60 rows an hour).
            assertThat(detectors).allSatisfy(a -> assertThat(a.windowStart()).isAfterOrEqualTo(change.minus(Duration.ofHours(1))));
            assertThat(detectors).allSatisfy(a -> assertThat(a.note()).contains("error rate rose from").contains("since"));
            List<Alert> atTheChange = detectors.stream().filter(a -> a.windowStart().isBefore(change.plus(Duration.ofHours(12)))).toList();
            assertThat(atTheChange).extracting(Alert::metric).containsExactlyInAnyOrder("ADWIN", "Page-Hinkley", "DDM");
            assertThat(atTheChange).allSatisfy(a -> assertThat(a.firedAt()).isEqualTo(Instant.parse("2019-07-06T00:00:00Z")));
            // ...and each resolves when 07-05's labels land (midnight of 07-07), not on the rest of 07-04's
            assertThat(atTheChange).allSatisfy(a -> {
                assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
                assertThat(a.resolvedAt()).isEqualTo(Instant.parse("2019-07-07T00:00:00Z"));
            });
            assertThat(f.monitor.markers("glassware")).anyMatch(m -> m.kind().equals("alert"));
        }
    }

    /** Alert rows as a comparable text, without the ids. */
    static List<String> detectorRows(MonitorService monitor) {
        return monitor.alerts("glassware", false).stream().filter(a -> a.kind().equals(AlertKind.DETECTOR))
                .map(a -> a.metric() + " " + a.state() + " " + a.windowStart() + " " + a.firedAt() + " " + a.resolvedAt() + " "
                        + a.value() + " " + a.note()).sorted().toList();
    }

    @Test
    void aRestartRebuildsTheDetectorsFromTheVersionsFirstLabelAndFiresNothingAnew() throws Exception {
        Instant change = Instant.parse("2019-07-04T00:00:00Z");
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.95).withAccuracyChange(change, 0.6);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            for (int day = 1; day <= 7; day++) {
                f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(day)), 1);
                f.monitor.update();
            }
            List<String> before = detectorRows(f.monitor);
            assertThat(before).isNotEmpty();
            // A new process: its detectors must land where the old ones were, not start afresh on recent
            // labels; first from the saved state, then (state lost) rebuilt from the version's first label.
            MonitorService resumed = new MonitorService(f.store, f.clock::get);
            resumed.update();
            assertThat(detectorRows(resumed)).isEqualTo(before);
            f.store.write(conn -> conn.createStatement().executeUpdate("DELETE FROM detector_state"));
            MonitorService rebuilt = new MonitorService(f.store, f.clock::get);
            rebuilt.update();
            assertThat(detectorRows(rebuilt)).isEqualTo(before);
            f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(8)), 1);
            rebuilt.update();
            List<String> afterRestart = detectorRows(rebuilt);
            // The saved state the rebuilt process wrote resumes a third process exactly too.
            f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(9)), 1);
            MonitorService third = new MonitorService(f.store, f.clock::get);
            third.update();
            List<String> afterThird = detectorRows(third);
            // The process that kept running, fed the same labels in the same steps.
            try (MonitorFixture g = new MonitorFixture(dir.resolve("continuous"), h)) {
                for (int day = 1; day <= 9; day++) {
                    g.advanceTo(MonitorFixture.START.plus(Duration.ofDays(day)), 1);
                    g.monitor.update();
                    if (day == 8) {
                        assertThat(afterRestart).as("the restarted process agrees with one that kept running")
                                .isEqualTo(detectorRows(g.monitor));
                    }
                }
                assertThat(afterThird).isEqualTo(detectorRows(g.monitor));
            }
        }
    }

    @Test
    void aPromotionResetsTheDetectorsSoTheNewVersionIsJudgedOnItsOwnErrorRate() throws Exception {
        // v1 makes 5 % errors; v2, promoted on day 4, makes a stable 15 %: worse, but no change within v2.
        Instant promotion = Instant.parse("2019-07-05T00:00:00Z");
        SyntheticHistory h = SyntheticHistory.stable(MonitorFixture.START, 60, 0.95).withAccuracyChange(promotion, 0.85);
        try (MonitorFixture f = new MonitorFixture(dir, h)) {
            for (int day = 1; day <= 12; day++) {
                Instant until = MonitorFixture.START.plus(Duration.ofDays(day));
                f.advanceTo(until, until.isAfter(promotion) ? 2 : 1);
                f.monitor.update();
            }
            assertThat(detectorRows(f.monitor)).as("detector alerts after a promotion to a stable version").isEmpty();
        }
        // The same stream within one version is a rise the detectors must catch (so the test above can fail).
        try (MonitorFixture f = new MonitorFixture(dir.resolve("one"), h)) {
            for (int day = 1; day <= 12; day++) {
                f.advanceTo(MonitorFixture.START.plus(Duration.ofDays(day)), 1);
                f.monitor.update();
            }
            assertThat(detectorRows(f.monitor)).isNotEmpty();
        }
    }
}
