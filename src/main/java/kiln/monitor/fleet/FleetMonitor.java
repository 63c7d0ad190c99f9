package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import kiln.domain.DatasetSpec;
import kiln.domain.KpiBand;

/**
 * The monitor of one model's groups (docs/decisions/0013-model-families.md), run by the model monitor's
 * update for a model whose data set has a group column with at least two groups, on the writer connection
 * in the same transaction:
 * materialises {@code fleet_kpi} for the hours new predictions or labels touch, then, when a judged day may
 * have changed (a day ended, or rows or labels landed in an ended day), re-evaluates the per-group rules
 * that read what moved
 * ({@link FleetKpiRules}, {@link FleetQualityRules}) and files their alerts into incidents ({@link Incidents}).
 */
public final class FleetMonitor {
    private final String model;
    private final FleetKpiMaterializer kpi;
    /** The day ("now" truncated) the rules were last evaluated on, and the band they used. */
    private Instant evaluatedDay;
    private double evaluatedBand = Double.NaN;

    public FleetMonitor(String model) {
        this.model = model;
        this.kpi = new FleetKpiMaterializer(model);
    }

    /** Runs one update; true when a window or an alert row changed. */
    public boolean update(Connection conn, DatasetSpec spec, Instant now) throws SQLException {
        if (!spec.hasGroups() || !isFamily(conn)) {
            return false;
        }
        FleetSources src = FleetSources.of(conn, spec);
        Instant[] span = kpi.newSpan(conn, src);
        if (span != null) {
            kpi.recompute(conn, src, span[0], span[1]);
        }
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        double band = bandLower(conn);
        boolean dayEnded = !today.equals(evaluatedDay);
        // The KPI rules read ended days' windows (moved by labels too); the quality rules read ended days' readings,
        // which come with predictions: labels of earlier days, which land every hour, do not re-judge them.
        boolean kpiMoved = dayEnded || band != evaluatedBand || (span != null && span[0].isBefore(today));
        boolean readingsMoved = dayEnded || (span != null && span[2] != null && span[2].isBefore(today));
        if (!kpiMoved && !readingsMoved) {
            return span != null;
        }
        evaluatedDay = today;
        evaluatedBand = band;
        int rows = (kpiMoved ? FleetKpiRules.evaluate(conn, model, band, now) : 0)
                + (readingsMoved ? FleetQualityRules.evaluate(conn, model, src, now) : 0);
        rows += Incidents.update(conn, model, spec.groupColumn());
        return span != null || rows > 0;
    }

    /**
     * Whether the model was trained per group (a family, decision 0013). A plain model of a grouped data set is
     * watched as one stream by its own monitor (the built-in demo's sensors are one production line): per-group
     * windows and alerts would be a second set of verdicts about one decision nobody took per group.
     */
    private boolean isFamily(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(family, false) FROM registered_model WHERE model_name = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Drops the model's fleet windows and marks (before a full recompute; alerts and incidents stay). */
    public void clear(Connection conn) throws SQLException {
        kpi.clear(conn);
        evaluatedDay = null;
    }

    /** The lower edge of the model's accuracy band (its default when none is set). */
    private double bandLower(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT lower FROM kpi_band WHERE model_name = ? AND kpi = 'accuracy'")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : KpiBand.defaultAccuracy(model).lower();
            }
        }
    }
}
