package kiln.store.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the Fleet view reads: plain values, accuracies as fractions (0..1), times in UTC. */
public final class FleetResults {

    private FleetResults() {
    }

    /**
     * A model whose data set has a group column (or that already has per-group KPIs).
     *
     * @param dataset     null when the model is not in the registry
     * @param groupColumn the catalogue's group column, null when unknown
     * @param kpiWindows  rows in fleet_kpi for it: 0 means nothing has been monitored per group yet
     */
    public record FleetModel(String name, String dataset, String groupColumn, boolean family, long kpiWindows) {
    }

    /**
     * One group's summary over every window of one granularity.
     *
     * @param latestAccuracy   accuracy of the newest window with labels; null when no window has any
     * @param baselineAccuracy that window's rolling baseline; null without one
     * @param productionMember "v12" (the group's own production member), "pooled v3", or null
     */
    public record FleetGroup(String groupKey, long rows, long labelled, int windows, Instant latestWindow,
                             Double latestAccuracy, Double baselineAccuracy, int openAlerts, String productionMember) {

        /** Points the newest labelled window lies below the group's own baseline (negative: above); null without both. */
        public Double dropPoints() {
            return latestAccuracy == null || baselineAccuracy == null ? null : (baselineAccuracy - latestAccuracy) * 100;
        }
    }

    /**
     * Accuracy per group and window, newest windows only.
     *
     * @param windowStarts the columns, oldest first
     * @param accuracy     per group, one value per column: NaN where the window has no labels or no row
     * @param labelled     per group, labelled rows per column
     */
    public record FleetHeatmap(List<Instant> windowStarts, Map<String, double[]> accuracy, Map<String, long[]> labelled) {

        public static final FleetHeatmap EMPTY = new FleetHeatmap(List.of(), Map.of(), Map.of());
    }

    /** An alert storm seen as one thing, with (the first of) its members. */
    public record FleetIncident(long incidentId, String rule, String kind, String severity, String state, Instant openedAt,
                                int members, String worstGroup, Double worstValue, String summary, List<IncidentMember> shownMembers) {
    }

    /** One group's alert inside an incident. */
    public record IncidentMember(String groupKey, String severity, String state, Instant windowStart, Double value, Double threshold) {
    }

    /** One window of one group. */
    public record GroupWindow(Instant start, Instant end, long predictions, long labelled, Double accuracy,
                              Double baselineAccuracy, String modelScope, Integer modelVersion) {
    }

    /** One alert about one group. */
    public record GroupAlert(long alertId, String rule, String severity, String state, Instant windowStart, Instant firedAt,
                             Double value, Double threshold, String note) {
    }

    /**
     * The acceptable accuracy band of the model (fractions); null fields when none is set.
     */
    public record Band(Double lower, Double upper) {
        public static final Band NONE = new Band(null, null);
    }

    /** Everything the detail pane shows of one group. */
    public record GroupDetail(String groupKey, List<GroupWindow> windows, List<GroupAlert> alerts, Band band) {
    }
}
