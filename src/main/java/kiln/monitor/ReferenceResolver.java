package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.ProductionPeriod;
import kiln.store.Timestamps;

/**
 * Which reference each window is compared with: the training window of the version that was in
 * production when the window began (before the first promotion: the first version promoted). Versions
 * whose run has no training window, and models without any promotion, fall back to the first seven
 * days of readings.
 */
final class ReferenceResolver {
    private final List<ProductionPeriod> periods;
    private final List<Reference> references;
    private final Reference firstWeek;

    private ReferenceResolver(List<ProductionPeriod> periods, List<Reference> references, Reference firstWeek) {
        this.periods = periods;
        this.references = references;
        this.firstWeek = firstWeek;
    }

    static ReferenceResolver load(Connection conn, MonitorSetup setup, List<ProductionPeriod> periods) throws SQLException {
        List<Reference> refs = new ArrayList<>();
        for (ProductionPeriod p : periods) {
            refs.add(trainingWindow(conn, setup.modelName(), p.version()));
        }
        Reference firstWeek = null;
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(event_time) FROM " + setup.readings())) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant first = Timestamps.read(rs, 1);
                if (first != null) {
                    firstWeek = new Reference(Reference.FIRST_WEEK, null, first, first.plus(Duration.ofDays(7)));
                }
            }
        }
        return new ReferenceResolver(List.copyOf(periods), refs, firstWeek);
    }

    static Reference trainingWindow(Connection conn, String model, int version) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT r.window_start, r.window_end FROM model_version v "
                + "JOIN run r ON r.run_id = v.run_id WHERE v.model_name = ? AND v.version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null && rs.getObject(2) != null) {
                    return new Reference("v" + version, version, Timestamps.read(rs, 1), Timestamps.read(rs, 2));
                }
            }
        }
        return null;
    }

    /** The reference for a window starting at {@code t}, or null when there is no data at all. */
    Reference at(Instant t) {
        Reference chosen = null;
        for (int i = 0; i < periods.size(); i++) {
            if (i == 0 || !periods.get(i).start().isAfter(t)) {
                chosen = references.get(i);
            }
        }
        return chosen != null ? chosen : firstWeek;
    }
}
