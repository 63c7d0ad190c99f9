package kiln.ml.tracking;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import kiln.ml.Metrics;
import kiln.ml.RunResult;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;

/**
 * Records the runs of a training per group in table {@code run}, a group's runs together once the
 * group is done, and the groups that finish while the writer is busy in one transaction (a thousand
 * groups would otherwise mean tens of thousands of small writes). Every run
 * keeps its parameters, metrics and confusion matrix; the model artifact, curves and provenance are
 * kept only where asked (each group's best run, and every pooled run), see decision 0014.
 */
public final class GroupRunWriter {

    /** The tag on each group's best run: the one run of the group that keeps its model artifact. */
    public static final String GROUP_BEST_TAG = "group-best";

    /**
     * One trained (or failed) run to record.
     *
     * @param groupKey the group it was trained on, or null for all groups (pooled)
     * @param result   what training produced, or null when it failed with {@code error}; its artifact, curves
     *                 and provenance are stored when it has an artifact
     */
    public record TrackedRun(RunStart start, String groupKey, RunResult result, String error, long durationMs, List<String> tags) {

        public TrackedRun {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    private final KilnStore store;
    private final List<Pending> queue = new ArrayList<>();
    private boolean drainQueued;

    public GroupRunWriter(KilnStore store) {
        this.store = store;
    }

    /** A new experiment (never an existing one of the same name: each training per group is one experiment of its own). */
    public long newExperiment(String name, String dataset, String description) {
        return write("Saving experiment " + name, conn -> RunRepository.insertExperiment(conn, name, dataset, description));
    }

    /** Inserts the runs in one transaction; returns their run ids in the same order. */
    public List<Long> record(List<TrackedRun> runs) {
        try {
            return recordAsync(runs).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Queues the runs to be written without waiting, so a worker trains its next group while its last one
     * is written; completes with their run ids in the same order. Groups that queue while the writer is busy
     * are written together in its next transaction (a commit per group made the writer the bottleneck).
     */
    public CompletableFuture<List<Long>> recordAsync(List<TrackedRun> runs) {
        if (runs.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Pending pending = new Pending(List.copyOf(runs), new CompletableFuture<>());
        boolean schedule;
        synchronized (queue) {
            queue.add(pending);
            schedule = !drainQueued;
            drainQueued = true;
        }
        if (schedule) {
            List<List<Pending>> taken = new ArrayList<>(1);
            CompletableFuture<Map<Pending, List<Long>>> written;
            try {
                written = store.writeTransactionAsync(conn -> insert(conn, take(taken)));
            } catch (RuntimeException e) {
                written = CompletableFuture.failedFuture(e); // the store is closed: fail what waits
            }
            written.whenComplete((ok, error) -> {
                List<Pending> batch = taken.isEmpty() ? take(taken) : taken.get(0);
                for (Pending p : batch) {
                    if (error == null) {
                        p.ids().complete(ok.get(p));
                    } else {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        p.ids().completeExceptionally(cause instanceof SQLException sql
                                ? new DataAccessException("Saving " + batch.size() + " groups' runs failed", sql) : cause);
                    }
                }
            });
        }
        return pending.ids();
    }

    /** A group's runs waiting for the writer. */
    private record Pending(List<TrackedRun> runs, CompletableFuture<List<Long>> ids) {
    }

    /** Takes every queued group (remembered in {@code taken}); the next group queued schedules the next write. */
    private List<Pending> take(List<List<Pending>> taken) {
        synchronized (queue) {
            List<Pending> batch = new ArrayList<>(queue);
            queue.clear();
            drainQueued = false;
            taken.add(batch);
            return batch;
        }
    }

    private static Map<Pending, List<Long>> insert(Connection conn, List<Pending> batch) throws SQLException {
        Map<Pending, List<Long>> ids = new IdentityHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (experiment_id, group_key, trainer, params, status, error, "
                + "started_at, duration_ms, dataset, window_start, window_end, features, split, fingerprint, seed, metrics, confusion, "
                + "curves, rows_train, rows_test, provenance, artifact, artifact_sha256, model_bytes, tags) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id")) {
            for (Pending p : batch) {
                List<Long> runIds = new ArrayList<>();
                for (TrackedRun run : p.runs()) {
                    bind(ps, run, conn.createArrayOf("VARCHAR", run.tags().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        runIds.add(rs.getLong(1));
                    }
                }
                ids.put(p, runIds);
            }
        }
        return ids;
    }

    private static void bind(PreparedStatement ps, TrackedRun run, Array tags) throws SQLException {
        RunStart s = run.start();
        RunResult r = run.result();
        boolean keep = r != null && r.artifact() != null;
        ps.setLong(1, s.experimentId());
        ps.setString(2, run.groupKey());
        ps.setString(3, s.trainer());
        ps.setString(4, RunRows.json(s.params()));
        ps.setString(5, r != null ? "finished" : "failed");
        ps.setString(6, run.error());
        ps.setTimestamp(7, Timestamp.valueOf(s.startedAt()));
        ps.setLong(8, run.durationMs());
        ps.setString(9, s.dataset());
        ps.setTimestamp(10, Timestamp.valueOf(s.window().start()));
        ps.setTimestamp(11, Timestamp.valueOf(s.window().end()));
        ps.setString(12, RunRows.json(s.features()));
        ps.setString(13, s.split());
        ps.setString(14, s.fingerprint());
        ps.setLong(15, s.seed());
        ps.setString(16, r == null ? null : RunRows.json(metrics(r)));
        ps.setString(17, r == null ? null : RunRows.json(confusion(r.metrics())));
        ps.setString(18, keep ? RunRows.json(RunRows.curvesForJson(r.metrics())) : null);
        setLong(ps, 19, r == null ? null : r.rowsTrain());
        setLong(ps, 20, r == null ? null : r.rowsTest());
        ps.setString(21, keep ? r.provenance() : null);
        ps.setBytes(22, keep ? r.artifact().bytes() : null);
        ps.setString(23, keep ? r.artifact().sha256() : null);
        setLong(ps, 24, keep ? (long) r.artifact().size() : null);
        ps.setArray(25, tags);
    }

    /** As a sweep's run records them; {@code model_bytes} only for a kept model (the others are never packed). */
    private static Map<String, Object> metrics(RunResult r) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics().scalars().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
        metrics.put("train_ms", r.trainMillis());
        if (r.artifact() != null) {
            metrics.put("model_bytes", r.artifact().size());
        }
        return metrics;
    }

    private static Map<String, Object> confusion(Metrics m) {
        Map<String, Object> confusion = new LinkedHashMap<>();
        confusion.put("labels", m.classes());
        confusion.put("matrix", m.confusion());
        return confusion;
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private <T> T write(String what, SqlWork<T> work) {
        try {
            return store.write(work);
        } catch (SQLException e) {
            throw new DataAccessException(what + " failed", e);
        }
    }
}
