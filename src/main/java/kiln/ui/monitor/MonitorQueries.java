package kiln.ui.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.CategoryShares;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.DriftShare;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/**
 * What the Monitor workspace reads and the few things it changes. Implemented over the store
 * (aggregates materialised in DuckDB); every method may block on the database, so callers run
 * them off the FX thread. Methods throw unchecked exceptions only.
 */
public interface MonitorQueries {

    /** Registered model names that have predictions or a production version. */
    List<String> models();

    /** KPI windows of a series, oldest first ("production" or {@link KpiPoint#counterfactual(int)}). */
    List<KpiPoint> kpis(String modelName, KpiGranularity granularity, String series);

    /** Series available besides production (counterfactual versions that have been rescored). */
    List<String> seriesNames(String modelName);

    KpiBand band(String modelName, String kpi);

    void setBand(KpiBand band);

    /** Feature × window drift against the reference, oldest window first. */
    List<DriftScore> featureDrift(String modelName, KpiGranularity granularity);

    /**
     * Output drift per window: feature "(prediction)" is the predicted probability against the
     * version's first day of predictions (PSI, KS, Wasserstein); feature "(label)" the positive-label
     * rate against the reference labels (psi over the two classes, ksStatistic = rate difference,
     * ksPValue = two-proportion test, wasserstein NaN).
     */
    default List<DriftScore> outputDrift(String modelName, KpiGranularity granularity) {
        return List.of();
    }

    /** Dataset-level drift share per window (Benjamini–Hochberg over the features' KS p-values). */
    default List<DriftShare> datasetDrift(String modelName, KpiGranularity granularity) {
        return List.of();
    }

    /** Reference and current distributions of a feature on the reference's quantile bins. */
    Histogram[] referenceAndCurrent(String modelName, String feature, Instant from, Instant to);

    /**
     * Shares of a categorical feature's categories in its drift reference and in [from, to) (see
     * {@link CategoryShares}); throws when the feature is not a categorical feature of the model's data set.
     */
    CategoryShares categoryShares(String modelName, String feature, Instant from, Instant to);

    /** Distribution of predicted probability of "good" in a window. */
    Histogram predictionDistribution(String modelName, Instant from, Instant to);

    List<QualityFinding> quality(String modelName, Instant from, Instant to);

    /**
     * Counts of (actual class, predicted class) over the production predictions in [from, to) whose
     * label has landed, labelled with the data set's class values in code order.
     */
    default ConfusionCounts confusion(String modelName, Instant from, Instant to) {
        return ConfusionCounts.EMPTY;
    }

    /** Alerts, newest first; {@code openOnly} keeps pending, firing and acknowledged ones. */
    List<Alert> alerts(String modelName, boolean openOnly);

    void acknowledge(long alertId, String note, String by);

    void silence(long alertId, Instant until, String by);

    /** Incidents (alert storms across groups) of a model, newest first; {@code openOnly} drops resolved ones. */
    default List<AlertIncident> incidents(String modelName, boolean openOnly) {
        return List.of();
    }

    /** An incident's member alerts, worst first. */
    default List<AlertIncident.Member> incidentMembers(long incidentId) {
        return List.of();
    }

    /**
     * Acknowledges an incident as a whole: every firing member and the incident, by {@code by} now, with
     * the note, in one transaction; returns the members acknowledged.
     *
     * @throws IllegalStateException when no member of it is firing
     */
    default int acknowledgeIncident(long incidentId, String note, String by) {
        throw new UnsupportedOperationException("Incidents cannot be acknowledged here.");
    }

    /**
     * Silences an incident as a whole: every open member stops notifying until {@code until}; returns the
     * members silenced.
     *
     * @throws IllegalStateException when every member is resolved
     */
    default int silenceIncident(long incidentId, Instant until, String by) {
        throw new UnsupportedOperationException("Incidents cannot be silenced here.");
    }

    /** Promotions, alerts (and revealed change points) to mark on the time axis. */
    List<TimelineMarker> markers(String modelName);

    /**
     * The catalogue's description of the data set {@code modelName} monitors (features with units,
     * label classes); null when the catalogue does not know it.
     */
    default DatasetSpec dataset(String modelName) {
        return null;
    }

    /** PSI from which a feature's window is a warning and an alert (what the drift levels were set with). */
    record PsiThresholds(double warn, double alert) {
    }

    /** The PSI thresholds the drift levels were set with; empty when not known. */
    default Optional<PsiThresholds> psiThresholds() {
        return Optional.empty();
    }

    /**
     * A number that changes whenever anything the monitor shows may have changed (new readings,
     * labels, predictions, alerts); views poll it cheaply and refresh only when it moved.
     */
    long dataVersion();
}
