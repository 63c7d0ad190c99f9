package kiln.app;

import java.time.Instant;
import java.util.List;

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
import kiln.monitor.MonitorService;
import kiln.ui.monitor.MonitorQueries;

/**
 * The Monitor screen's port over the monitor service (decision 0010): the screen owns what it asks,
 * the service sits below the screens and cannot name their types, so the wiring adapts one to the other.
 */
public final class MonitorPort implements MonitorQueries {
    private final MonitorService service;

    public MonitorPort(MonitorService service) {
        this.service = service;
    }

    @Override
    public List<String> models() {
        return service.models();
    }

    @Override
    public List<KpiPoint> kpis(String modelName, KpiGranularity granularity, String series) {
        return service.kpis(modelName, granularity, series);
    }

    @Override
    public List<String> seriesNames(String modelName) {
        return service.seriesNames(modelName);
    }

    @Override
    public KpiBand band(String modelName, String kpi) {
        return service.band(modelName, kpi);
    }

    @Override
    public void setBand(KpiBand band) {
        service.setBand(band);
    }

    @Override
    public List<DriftScore> featureDrift(String modelName, KpiGranularity granularity) {
        return service.featureDrift(modelName, granularity);
    }

    @Override
    public List<DriftScore> outputDrift(String modelName, KpiGranularity granularity) {
        return service.outputDrift(modelName, granularity);
    }

    @Override
    public List<DriftShare> datasetDrift(String modelName, KpiGranularity granularity) {
        return service.datasetDrift(modelName, granularity);
    }

    @Override
    public Histogram[] referenceAndCurrent(String modelName, String feature, Instant from, Instant to) {
        return service.referenceAndCurrent(modelName, feature, from, to);
    }

    @Override
    public CategoryShares categoryShares(String modelName, String feature, Instant from, Instant to) {
        return service.categoryShares(modelName, feature, from, to);
    }

    @Override
    public Histogram predictionDistribution(String modelName, Instant from, Instant to) {
        return service.predictionDistribution(modelName, from, to);
    }

    @Override
    public List<QualityFinding> quality(String modelName, Instant from, Instant to) {
        return service.quality(modelName, from, to);
    }

    @Override
    public ConfusionCounts confusion(String modelName, Instant from, Instant to) {
        return service.confusion(modelName, from, to);
    }

    @Override
    public List<Alert> alerts(String modelName, boolean openOnly) {
        return service.alerts(modelName, openOnly);
    }

    @Override
    public void acknowledge(long alertId, String note, String by) {
        service.acknowledge(alertId, note, by);
    }

    @Override
    public void silence(long alertId, Instant until, String by) {
        service.silence(alertId, until, by);
    }

    @Override
    public List<AlertIncident> incidents(String modelName, boolean openOnly) {
        return service.incidents(modelName, openOnly);
    }

    @Override
    public List<AlertIncident.Member> incidentMembers(long incidentId) {
        return service.incidentMembers(incidentId);
    }

    @Override
    public int acknowledgeIncident(long incidentId, String note, String by) {
        return service.acknowledgeIncident(incidentId, note, by);
    }

    @Override
    public int silenceIncident(long incidentId, Instant until, String by) {
        return service.silenceIncident(incidentId, until, by);
    }

    @Override
    public List<TimelineMarker> markers(String modelName) {
        return service.markers(modelName);
    }

    @Override
    public DatasetSpec dataset(String modelName) {
        return service.dataset(modelName);
    }

    @Override
    public long dataVersion() {
        return service.dataVersion();
    }
}
