package kiln.ui.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.DriftScore;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/**
 * Everything the Monitor shows for one request (model, granularity, shown series, alert filter),
 * read off the FX thread in one go and applied in one step. {@code counterfactuals} maps each shown
 * series to its windows.
 */
record MonitorSnapshot(MonitorRequest request, long dataVersion,
        List<KpiPoint> production, Map<String, List<KpiPoint>> counterfactuals,
        KpiBand band, List<String> availableSeries, List<TimelineMarker> markers,
        List<DriftScore> drift, List<QualityFinding> quality, List<Alert> alerts,
        List<AlertIncident> incidents) {

    /** A snapshot without incidents (a model not watched per group). */
    MonitorSnapshot(MonitorRequest request, long dataVersion, List<KpiPoint> production, Map<String, List<KpiPoint>> counterfactuals,
            KpiBand band, List<String> availableSeries, List<TimelineMarker> markers, List<DriftScore> drift,
            List<QualityFinding> quality, List<Alert> alerts) {
        this(request, dataVersion, production, counterfactuals, band, availableSeries, markers, drift, quality, alerts, List.of());
    }

    /** Reads everything {@code r} asks for at data version {@code version} (off the FX thread: every call may block). */
    static MonitorSnapshot read(MonitorQueries queries, MonitorRequest r, long version) {
        List<KpiPoint> production = queries.kpis(r.model(), r.granularity(), KpiPoint.PRODUCTION);
        List<String> available = queries.seriesNames(r.model());
        Map<String, List<KpiPoint>> counterfactuals = new LinkedHashMap<>();
        for (String series : available) {
            if (r.series().contains(series)) {
                counterfactuals.put(series, queries.kpis(r.model(), r.granularity(), series));
            }
        }
        List<QualityFinding> findings = production.isEmpty() ? List.of()
                : queries.quality(r.model(), production.get(0).windowStart(), production.get(production.size() - 1).windowEnd());
        return new MonitorSnapshot(r, version, production, counterfactuals, queries.band(r.model(), MonitorViewModel.KPI), available,
                queries.markers(r.model()), queries.featureDrift(r.model(), r.granularity()), findings,
                queries.alerts(r.model(), r.openAlertsOnly()), queries.incidents(r.model(), r.openAlertsOnly()));
    }
}
