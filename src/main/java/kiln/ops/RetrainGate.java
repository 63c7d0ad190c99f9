package kiln.ops;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.DatasetSpec;
import kiln.domain.ModelVersion;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * The retraining loop's gate. After a concept change the newest labelled rows are few and most of
 * them trained the candidate, so scoring both models on them would flatter the candidate. Both sides
 * are therefore judged out of sample: the candidate by the accuracy on its own held-out split, and
 * production by its realised accuracy (the decisions it actually logged) on the labelled rows of the
 * retrain window. The candidate passes when it is ahead by the model's gate margin (0 when none is set).
 */
public final class RetrainGate implements OpsSteps.Gate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KilnStore store;
    private final ModelRegistry registry;
    private volatile Instant windowStart;
    private volatile Instant windowEnd;

    public RetrainGate(KilnStore store, ModelRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The labelled window production is judged on (the retrain window). */
    public void judgeOn(Instant from, Instant to) {
        this.windowStart = from;
        this.windowEnd = to;
    }

    @Override
    public OpsSteps.Verdict check(String modelName, int candidateVersion) {
        double margin = registry.gate(modelName).map(ModelRegistry.Gate::margin).orElse(0.0);
        double candidate = holdoutAccuracy(registry.runOf(modelName, candidateVersion));
        Optional<ModelVersion> production = registry.production(modelName);
        if (production.isEmpty()) {
            return new OpsSteps.Verdict(true, String.format(Locale.ROOT, "no production version to beat; v%d held-out accuracy %.3f",
                    candidateVersion, candidate));
        }
        long[] realised = realised(modelName);
        if (realised[0] == 0) {
            return new OpsSteps.Verdict(false, "no labelled production decisions in the window to compare with");
        }
        double current = (double) realised[1] / realised[0];
        boolean passed = candidate >= current + margin;
        return new OpsSteps.Verdict(passed, String.format(Locale.ROOT,
                "%s: v%d held-out accuracy %.3f vs production v%d %.3f on %,d labelled readings of the window (margin %.3f)",
                passed ? "passed" : "failed", candidateVersion, candidate, production.get().version(), current, realised[0], margin));
    }

    private double holdoutAccuracy(int runId) {
        try {
            return store.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT metrics FROM run WHERE run_id = ?")) {
                    ps.setInt(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getString(1) == null) {
                            return Double.NaN;
                        }
                        JsonNode metrics = JSON.readTree(rs.getString(1));
                        return metrics.path("accuracy").asDouble(Double.NaN);
                    } catch (IOException e) {
                        return Double.NaN;
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading run " + runId + " failed", e);
        }
    }

    /** {labelled production decisions, correct ones} in the window. */
    private long[] realised(String modelName) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.ofModel(conn, modelName);
                String time = KilnStore.quoteIdentifier(spec.timeColumn());
                // Predictions carry their label's code (LabelCodes): a decision is right when the codes agree.
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(label_code), count(*) FILTER (WHERE "
                        + KilnStore.quoteIdentifier(spec.predictionCodeColumn()) + " = label_code) FROM "
                        + KilnStore.quoteIdentifier(spec.predictionTable()) + " WHERE " + time + " >= ? AND " + time + " < ?")) {
                    Timestamps.bind(ps, 1, windowStart == null ? Instant.EPOCH : windowStart);
                    Timestamps.bind(ps, 2, windowEnd == null ? Instant.parse("9999-01-01T00:00:00Z") : windowEnd);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading production decisions failed", e);
        }
    }
}
