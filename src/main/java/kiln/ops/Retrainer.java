package kiln.ops;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.DatasetSpec;
import kiln.domain.JobCancelledException;
import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * Retraining after an alert: a sweep on the labelled data since the alert's first bad window (a
 * detector alert's estimated change point; a KPI alert's first bad day, widened a day at a time until
 * it holds enough labelled rows), the best run registered as a new
 * version, and a gate verdict against production. Promotion is a separate step, taken automatically
 * by the loop or after the user confirms in the Monitor.
 */
public final class Retrainer {

    /** What a retrain produced; {@code candidate} is empty when no run finished. */
    public record Proposal(long alertId, DataWindow window, long labelledRows, Optional<Run> best,
            Optional<ModelVersion> candidate, OpsSteps.Verdict verdict) {

        public String summary() {
            return "retrain on " + window + " (" + labelledRows + " labelled rows): "
                    + best.map(ModelOpsLoop::describe).orElse("no run finished")
                    + candidate.map(c -> " → v" + c.version()).orElse("") + (verdict == null ? "" : "; " + verdict.text());
        }
    }

    private final KilnStore store;
    private final ModelRegistry registry;
    private final SweepRunner sweeps;
    private final OpsSteps.Gate gate;
    private final String modelName;
    private final String dataset;
    private final SweepSpec sweep;
    private final int minLabelledRows;
    private final int workers;

    public Retrainer(KilnStore store, ModelRegistry registry, String modelName, String dataset, SweepSpec sweep,
            int minLabelledRows, int workers) {
        this(store, registry, new RetrainGate(store, registry), modelName, dataset, sweep, minLabelledRows, workers);
    }

    public Retrainer(KilnStore store, ModelRegistry registry, OpsSteps.Gate gate, String modelName, String dataset, SweepSpec sweep,
            int minLabelledRows, int workers) {
        this.store = store;
        this.registry = registry;
        this.sweeps = new SweepRunner(store);
        this.gate = gate;
        this.modelName = modelName;
        this.dataset = dataset;
        this.sweep = sweep;
        this.minLabelledRows = minLabelledRows;
        this.workers = workers;
    }

    /** Labelled rows in the window that would be used now; below the minimum, retraining waits. */
    public long labelledRows(Instant from, Instant to) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.require(conn, dataset);
                // Readings carry their label's code (LabelCodes): labelled = coded.
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(label_code) FROM " + KilnStore.quoteIdentifier(spec.readingTable())
                        + " WHERE " + KilnStore.quoteIdentifier(spec.timeColumn()) + " >= ? AND " + KilnStore.quoteIdentifier(spec.timeColumn())
                        + " < ?")) {
                    Timestamps.bind(ps, 1, from);
                    Timestamps.bind(ps, 2, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Counting labelled rows failed", e);
        }
    }

    /**
     * The window a retrain for {@code alert} would use at {@code now}: a detector alert's starts at its
     * estimated change point (older rows show the model the concept that no longer holds); a KPI
     * alert's at the day of its first bad window, widened a day at a time until it holds enough labels.
     */
    public Instant windowStart(Alert alert, Instant now) {
        if (AlertKind.DETECTOR == alert.kind() && alert.windowStart() != null) {
            return alert.windowStart();
        }
        Instant from = (alert.windowStart() != null ? alert.windowStart() : now.minus(Duration.ofDays(3))).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < 7 && labelledRows(from, now) < minLabelledRows; i++) {
            from = from.minus(Duration.ofDays(1));
        }
        return from;
    }

    /**
     * {labelled, wrong} production decisions of {@code version} made in [from, to): the labels that
     * confirm (or not) a detector's change point.
     */
    public long[] decisions(int version, Instant from, Instant to) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.require(conn, dataset);
                String time = KilnStore.quoteIdentifier(spec.timeColumn());
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(label_code), count(*) FILTER (WHERE "
                        + KilnStore.quoteIdentifier(spec.predictionCodeColumn()) + " <> label_code) FROM "
                        + KilnStore.quoteIdentifier(spec.predictionTable()) + " WHERE model_version = ? AND " + time + " >= ? AND "
                        + time + " < ?")) {
                    ps.setInt(1, version);
                    Timestamps.bind(ps, 2, from);
                    Timestamps.bind(ps, 3, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Counting the production decisions of v" + version + " failed", e);
        }
    }

    /**
     * Trains, registers the best run and judges it. Throws {@link UserFacingException} when there are
     * too few labelled rows yet.
     */
    public Proposal propose(Alert alert, Instant now, ProgressSink sink, String by) {
        return propose(alert, now, minLabelledRows, sink, by);
    }

    /** {@link #propose(Alert, Instant, ProgressSink, String)} with its own minimum of labelled rows. */
    public Proposal propose(Alert alert, Instant now, int minRows, ProgressSink sink, String by) {
        Instant from = windowStart(alert, now);
        long labelled = labelledRows(from, now);
        if (labelled < minRows) {
            throw new UserFacingException("Only " + labelled + " labelled rows since " + from + "; retraining needs at least "
                    + minRows + ". Wait for more labels.");
        }
        DataWindow window = new DataWindow(LocalDateTime.ofInstant(from, ZoneOffset.UTC), LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        SweepResult result = sweeps.run(new SweepRequest(sweep, dataset, window, List.of(), workers), sink, SweepListener.NONE);
        JobCancelledException.throwIfCancelled(sink, "Retraining");
        Optional<Run> best = result.best().map(SweepResult.Outcome::run);
        if (best.isEmpty()) {
            return new Proposal(alert.alertId(), window, labelled, best, Optional.empty(), null);
        }
        ModelVersion candidate = registry.register((int) best.get().runId(), modelName, "retrain after alert #" + alert.alertId(), by);
        if (gate instanceof RetrainGate retrainGate) {
            retrainGate.judgeOn(from, now);
        }
        OpsSteps.Verdict verdict = gate.check(modelName, candidate.version());
        registry.recordGate(modelName, candidate.version(), verdict.passed(), verdict.text(), by);
        return new Proposal(alert.alertId(), window, labelled, best, Optional.of(candidate), verdict);
    }

    /** Promotes a proposal's candidate to production. */
    public ModelVersion promote(Proposal proposal, String note, String by) {
        ModelVersion candidate = proposal.candidate().orElseThrow(() -> new UserFacingException("The retrain produced no version to promote."));
        return registry.promote(modelName, candidate.version(), ModelVersion.PRODUCTION, note, by);
    }

}
