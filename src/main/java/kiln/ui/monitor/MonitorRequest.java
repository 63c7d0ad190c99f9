package kiln.ui.monitor;

import java.util.Set;

import kiln.domain.KpiGranularity;

/** What the Monitor is asked to show; a snapshot loaded for an older request is dropped. */
record MonitorRequest(String model, KpiGranularity granularity, Set<String> series, boolean openAlertsOnly) {
    MonitorRequest {
        series = Set.copyOf(series);
    }
}
