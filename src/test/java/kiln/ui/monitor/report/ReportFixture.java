package kiln.ui.monitor.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;
import kiln.ui.monitor.MonitorQueries;

/**
 * Reports built in memory for the tests: any number of hourly windows, features named by the test
 * (with units), classes given by the test; accuracy falls below the band after the middle window and
 * the last two windows have no labels yet. Deterministic: no random draw.
 */
final class ReportFixture {

    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final KpiBand BAND = new KpiBand("m", "accuracy", 0.85, 1.0, 0.03);

    private ReportFixture() {}

    static Instant hour(int h) {
        return START.plus(Duration.ofHours(h));
    }

    /** {@code windows} hourly windows over {@code features} (name → unit, null for none), with {@code classes}. */
    static MonitorReport report(String model, int windows, Map<String, String> features, List<String> classes) {
        List<KpiPoint> points = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            boolean labelled = w < windows - 2;
            double acc = w < windows / 2 ? 0.95 - 0.001 * (w % 5) : 0.7 + 0.002 * (w % 7);
            points.add(new KpiPoint(KpiPoint.PRODUCTION, hour(w), hour(w + 1), 100, labelled ? 100 : 0, labelled ? acc : null,
                    labelled ? acc - 0.05 : null, labelled ? Math.min(1, acc + 0.04) : null, null, null, null, 0.5, 0.93, 0.9, 0.96, 1));
        }
        List<DatasetSpec.FeatureSpec> specs = new ArrayList<>();
        List<DriftScore> scores = new ArrayList<>();
        Map<String, Histogram[]> distributions = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> f : features.entrySet()) {
            specs.add(new DatasetSpec.FeatureSpec(f.getKey(), DatasetSpec.NUMERIC, f.getValue(), null, null));
            for (int w = 0; w < windows; w++) {
                double psi = i == 0 && w >= windows / 2 ? 0.3 + 0.01 * (w % 3) : 0.02 + 0.01 * ((w + i) % 4);
                DriftLevel level = psi >= 0.25 ? DriftLevel.ALERT : psi >= 0.1 ? DriftLevel.WARN : DriftLevel.OK;
                scores.add(new DriftScore(f.getKey(), hour(w), hour(w + 1), 100, psi, psi / 2, psi > 0.25 ? 1e-6 : 0.4, psi / 3, level));
            }
            double[] edges = {0, 1.5, 2.5, 3.5, 4.5, 6};
            distributions.put(f.getKey(), new Histogram[] {new Histogram(edges, new long[] {20, 20, 20, 20, 20}),
                    new Histogram(edges, i == 0 ? new long[] {2, 8, 20, 40, 30} : new long[] {19, 21, 20, 20, 20})});
            i++;
        }
        String first = features.isEmpty() ? null : features.keySet().iterator().next();
        List<Alert> alerts = List.of(
                new Alert(1, model, "accuracy below band for 2 windows", AlertKind.KPI, AlertSeverity.CRITICAL, AlertState.FIRING, hour(windows / 2),
                        hour(windows / 2 + 1), "accuracy", 0.71, 0.85, hour(windows / 2 + 2), null, null, null, null, 1, null, null),
                new Alert(2, model, "PSI above 0.25", AlertKind.DRIFT, AlertSeverity.WARNING, AlertState.ACKNOWLEDGED, hour(windows / 2), hour(windows
                        / 2 + 1),
                        "psi", 0.31, 0.25, hour(windows / 2 + 1), hour(windows / 2 + 3), "ana", null, null, 1, first, "looking <into> it"));
        List<QualityFinding> quality = first == null ? List.of()
                : List.of(new QualityFinding(first, hour(windows / 2), "unit_change", 1.8, AlertSeverity.CRITICAL, first
                        + " looks converted (≈ 1.8 × old + 32)"));
        List<TimelineMarker> markers = List.of(new TimelineMarker(START, TimelineMarker.PROMOTION, "v1 promoted to production"),
                new TimelineMarker(hour(windows / 2), TimelineMarker.CHANGE, "process change"),
                new TimelineMarker(hour(windows / 2 + 2), TimelineMarker.ALERT, "alert: accuracy below band"));
        int k = classes.size();
        long[][] counts = new long[k][k];
        for (int a = 0; a < k; a++) {
            counts[a][a] = 30 + a;
            counts[a][(a + 1) % k] += 5;
        }
        MonitorReport.WindowConfusion confusion = windows < 3 ? null
                : new MonitorReport.WindowConfusion(hour(windows - 3), hour(windows - 2), new ConfusionCounts(classes, counts, hour(windows - 3),
                        hour(windows - 2)));
        return new MonitorReport(model, "hour", hour(windows), 42, new MonitorReport.Accuracy(BAND, points, Map.of()), markers, alerts, quality,
                new MonitorReport.Drift(specs, scores, new MonitorQueries.PsiThresholds(0.1, 0.25), distributions, hour(windows - 1), hour(windows)),
                confusion);
    }
}
