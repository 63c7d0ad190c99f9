package kiln.ui.monitor.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;
import kiln.ui.monitor.MonitorQueries;

/**
 * What an exported Monitor report says, as data: the page's charts are drawn from these figures, not
 * pictured from the screen. Names, units and classes come from the catalogue and the windows
 * themselves, so it describes any data set.
 *
 * @param granularity the windows' width as the user reads it ("day", "hour", …)
 * @param markers     promotions, KPI alerts and revealed changes on the time axis
 * @param lastWindow  the confusion matrix of the last labelled window; null when none was read
 */
public record MonitorReport(String model, String granularity, Instant generatedAt, long dataVersion, Accuracy accuracy,
        List<TimelineMarker> markers, List<Alert> alerts, List<QualityFinding> quality, Drift drift,
        WindowConfusion lastWindow) {

    public MonitorReport {
        markers = List.copyOf(markers);
        alerts = List.copyOf(alerts);
        quality = List.copyOf(quality);
    }

    /** The accuracy windows of production (oldest first), counterfactual series by name, and the acceptable band. */
    public record Accuracy(KpiBand band, List<KpiPoint> production, Map<String, List<KpiPoint>> counterfactuals) {
        public Accuracy {
            production = List.copyOf(production);
            counterfactuals = new LinkedHashMap<>(counterfactuals);
        }
    }

    /**
     * Feature drift: the catalogue's features (empty when unknown: names then come from the scores),
     * every score (feature × window), the PSI thresholds (null when unknown) and, per feature, the
     * reference and current distributions of the newest scored window ({@code distributionWindow}).
     */
    public record Drift(List<DatasetSpec.FeatureSpec> features, List<DriftScore> scores, MonitorQueries.PsiThresholds thresholds,
            Map<String, Histogram[]> distributions, Instant distributionFrom, Instant distributionTo) {
        public Drift {
            features = List.copyOf(features);
            scores = List.copyOf(scores);
            distributions = new LinkedHashMap<>(distributions);
        }
    }

    /** The confusion matrix of the window [from, to). */
    public record WindowConfusion(Instant from, Instant to, ConfusionCounts counts) {
    }
}
