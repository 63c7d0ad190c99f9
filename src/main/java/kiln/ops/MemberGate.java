package kiln.ops;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.DatasetSpec;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * The retrain gate for one group of a family, judged as {@link RetrainGate} judges a model, but on the
 * group's rows only: the candidate member by the accuracy on its own held-out split, the group's current
 * member (or the pooled one serving it) by the accuracy of the decisions it logged for the group's
 * labelled readings of the retrain window. The candidate passes when it is ahead by the model's gate margin.
 */
final class MemberGate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KilnStore store;
    private final ModelRegistry registry;

    MemberGate(KilnStore store, ModelRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    OpsSteps.Verdict check(String modelName, String group, int candidateVersion, long runId, Instant from, Instant to) {
        double margin = registry.gate(modelName).map(ModelRegistry.Gate::margin).orElse(0.0);
        double candidate = holdoutAccuracy(runId);
        long[] realised = realised(modelName, group, from, to);
        if (realised[0] == 0) {
            return new OpsSteps.Verdict(false, "no labelled decisions for group " + group + " in the window to compare with");
        }
        double current = (double) realised[1] / realised[0];
        boolean passed = candidate >= current + margin;
        return new OpsSteps.Verdict(passed, String.format(Locale.ROOT,
                "%s: v%d held-out accuracy %.3f vs the group's production decisions %.3f on %,d labelled readings of %s (margin %.3f)",
                passed ? "passed" : "failed", candidateVersion, candidate, current, realised[0], group, margin));
    }

    private double holdoutAccuracy(long runId) {
        try {
            return store.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT metrics FROM run WHERE run_id = ?")) {
                    ps.setLong(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getString(1) == null) {
                            return Double.NaN;
                        }
                        return JSON.readTree(rs.getString(1)).path("accuracy").asDouble(Double.NaN);
                    } catch (IOException e) {
                        return Double.NaN;
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading run " + runId + " failed", e);
        }
    }

    /** {labelled decisions, correct ones} for the group's readings in [from, to). */
    private long[] realised(String modelName, String group, Instant from, Instant to) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.ofModel(conn, modelName);
                String id = KilnStore.quoteIdentifier(spec.idColumn());
                String time = KilnStore.quoteIdentifier(spec.timeColumn());
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(p.label_code), count(*) FILTER (WHERE p."
                        + KilnStore.quoteIdentifier(spec.predictionCodeColumn()) + " = p.label_code) FROM "
                        + KilnStore.quoteIdentifier(spec.predictionTable()) + " p JOIN " + KilnStore.quoteIdentifier(spec.readingTable())
                        + " r ON r." + id + " = p." + id + " WHERE CAST(r." + KilnStore.quoteIdentifier(spec.groupColumn())
                        + " AS VARCHAR) = ? AND p." + time + " >= ? AND p." + time + " < ?")) {
                    ps.setString(1, group);
                    Timestamps.bind(ps, 2, from);
                    Timestamps.bind(ps, 3, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the decisions for group " + group + " failed", e);
        }
    }
}
