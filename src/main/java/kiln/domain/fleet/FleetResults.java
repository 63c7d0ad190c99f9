package kiln.domain.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.CategoryShares;
import kiln.domain.Histogram;

/**
 * What the Fleet view reads: plain values, accuracies as fractions (0..1), times in UTC. In domain so
 * that the store, which fills them, and the Fleet screen's port, which passes them, can both name them.
 */
public final class FleetResults {

    private FleetResults() {}

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
    public record FleetIncident(long incidentId, String rule, AlertKind kind, AlertSeverity severity, AlertState state, Instant openedAt,
            int members, String worstGroup, Double worstValue, String summary, List<IncidentMember> shownMembers) {
    }

    /** One group's alert inside an incident. */
    public record IncidentMember(String groupKey, AlertSeverity severity, AlertState state, Instant windowStart, Double value, Double threshold) {
    }

    /** One window of one group. */
    public record GroupWindow(Instant start, Instant end, long predictions, long labelled, Double accuracy,
            Double baselineAccuracy, String modelScope, Integer modelVersion) {
    }

    /** One alert about one group; {@code feature} names the column a quality or drift rule is about (null for the KPI). */
    public record GroupAlert(long alertId, String rule, AlertSeverity severity, AlertState state, Instant windowStart, Instant firedAt,
            Double value, Double threshold, String note, String feature, Instant resolvedAt) {
    }

    /**
     * The acceptable accuracy band of the model and its warning margin inside it (fractions); null fields when none is set.
     */
    public record Band(Double lower, Double upper, Double warnMargin) {
        public static final Band NONE = new Band(null, null, null);
    }

    /**
     * A member put in production for a scope: a promotion, or a rollback (a promotion whose note says so).
     *
     * @param scope the group's key, or "pooled"
     */
    public record MemberEvent(Instant at, Integer version, String scope, String note, String by) {

        public boolean rollback() {
            return note != null && note.toLowerCase(Locale.ROOT).startsWith("rollback");
        }
    }

    /**
     * The production member serving a group: its own ({@code scope} = the group) or the pooled one.
     *
     * @param since    when it was promoted (its registration when no promotion is recorded)
     * @param promoted whether {@code since} is a recorded promotion
     */
    public record ServingMember(String scope, int version, Instant since, boolean promoted) {

        public boolean pooled() {
            return "pooled".equals(scope);
        }
    }

    /**
     * Everything the group monitor shows of one group's accuracy: windows, alerts, band, promotions and its member.
     *
     * @param serving null when no production member serves the group
     */
    public record GroupDetail(String groupKey, List<GroupWindow> windows, List<GroupAlert> alerts, Band band,
            List<MemberEvent> events, ServingMember serving) {
    }

    /**
     * One group's features in the data set's newest day against its training reference.
     *
     * @param reference     what the reference is, in words ("training window of v12"); null when the group has no readings
     * @param referenceRows the group's readings in the reference window
     * @param recentRows    the group's readings in [recentFrom, recentTo)
     * @param lastReading   the group's newest reading; null when it has none
     * @param unavailable   why there is nothing to read (the catalogue does not know the model's data set); null otherwise
     */
    public record GroupFeatures(String groupKey, String groupColumn, String reference, Instant referenceFrom, Instant referenceTo,
            long referenceRows, Instant recentFrom, Instant recentTo, long recentRows, Instant lastReading,
            List<FeatureDistribution> features, String unavailable) {

        /** A data set with no readings at all. */
        public static GroupFeatures noReadings(String groupKey, String groupColumn) {
            return new GroupFeatures(groupKey, groupColumn, null, null, null, 0, null, null, 0, null, List.of(), null);
        }

        /** Nothing can be read, and why. */
        public static GroupFeatures unavailable(String groupKey, String why) {
            return new GroupFeatures(groupKey, null, null, null, null, 0, null, null, 0, null, List.of(), why);
        }
    }

    /**
     * One feature of one group, reference vs recent: counts of rows and of values (missing ones are the difference),
     * numeric summaries and histograms on shared bins (null without any value), or a categorical feature's shares.
     */
    public record FeatureDistribution(String name, String unit, boolean numeric, long referenceRows, long referenceValues,
            long recentRows, long recentValues, Double referenceMean, Double recentMean,
            Double referenceStd, Double recentStd, Histogram reference,
            Histogram recent, CategoryShares categories) {

        /** How far the recent mean lies from the reference's, in reference standard deviations; null when either is unknown. */
        public Double shift() {
            if (referenceMean == null || recentMean == null || referenceStd == null) {
                return null;
            }
            double spread = referenceStd > 0 ? referenceStd : Math.max(1e-9, Math.abs(referenceMean) * 0.01);
            return (recentMean - referenceMean) / spread;
        }

        /** Rows in the recent window all without a value: a dead probe. */
        public boolean recentAllMissing() {
            return recentRows > 0 && recentValues == 0;
        }
    }
}
