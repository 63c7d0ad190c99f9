package kiln.ui.monitor;

import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
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
                       List<DriftScore> drift, List<QualityFinding> quality, List<Alert> alerts) {
}
