package kiln.ui.monitor;

import java.util.Set;

import kiln.domain.KpiGranularity;

/** What the Monitor is asked to show; a snapshot loaded for an older request is dropped. */
record MonitorRequest(String model, KpiGranularity granularity, Set<String> series, boolean openAlertsOnly) {
    MonitorRequest {
        series = Set.copyOf(series);
    }

    /** "the per-hour windows of glassware", for messages. */
    String describe() {
        String windows = granularity == KpiGranularity.EVERY_500 ? "windows of 500 predictions" : "per-" + granularity.label() + " windows";
        return "the " + windows + " of " + model;
    }
}
