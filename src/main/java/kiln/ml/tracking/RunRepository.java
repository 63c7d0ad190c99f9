package kiln.ml.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import kiln.domain.Run;
import kiln.ml.Metrics;
import kiln.ml.RunResult;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;

/**
 * Tables {@code experiment} and {@code run}. Every write goes through {@link KilnStore#write} (the
 * writer thread); failures surface as the unchecked {@link DataAccessException}.
 */
public final class RunRepository {

    private final KilnStore store;

    public RunRepository(KilnStore store) {
        this.store = store;
    }

    /** The experiment with this name and data set, created if missing. */
    public long experiment(String name, String dataset, String description) {
        return write("Saving experiment " + name, conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT experiment_id FROM experiment WHERE name = ? AND dataset IS NOT DISTINCT FROM ? ORDER BY experiment_id LIMIT 1")) {
                ps.setString(1, name);
                ps.setString(2, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            return insertExperiment(conn, name, dataset, description);
        });
    }

    /** Inserts a new experiment row on the writer connection; returns its id. */
    static long insertExperiment(Connection conn, String name, String dataset, String description) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO experiment (name, dataset, description) VALUES (?, ?, ?) RETURNING experiment_id")) {
            ps.setString(1, name);
            ps.setString(2, dataset);
            ps.setString(3, description);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records a run as {@code running}; returns its id. */
    public long start(RunStart s) {
        return write("Recording a run of " + s.trainer(), conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (experiment_id, trainer, params, status, started_at, dataset, "
                    + "window_start, window_end, features, split, fingerprint, seed) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "RETURNING run_id")) {
                if (s.experimentId() == null) {
                    ps.setNull(1, Types.INTEGER);
                } else {
                    ps.setLong(1, s.experimentId());
                }
                ps.setString(2, s.trainer());
                ps.setString(3, RunRows.json(s.params()));
                ps.setTimestamp(4, Timestamp.valueOf(s.startedAt()));
                ps.setString(5, s.dataset());
                ps.setTimestamp(6, Timestamp.valueOf(s.window().start()));
                ps.setTimestamp(7, Timestamp.valueOf(s.window().end()));
                ps.setString(8, RunRows.json(s.features()));
                ps.setString(9, s.split());
                ps.setString(10, s.fingerprint());
                ps.setLong(11, s.seed());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Stores a finished run's metrics, curves, provenance and model artifact. */
    public void finish(long runId, RunResult result, long durationMs) {
        Metrics m = result.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        m.scalars().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
        metrics.put("train_ms", result.trainMillis());
        metrics.put("model_bytes", result.artifact().size());
        // The class values label the matrix's rows and columns (code order), so screens can name them.
        Map<String, Object> confusion = new LinkedHashMap<>();
        confusion.put("labels", m.classes());
        confusion.put("matrix", m.confusion());
        byte[] artifact = result.artifact().bytes();
        write("Saving run " + runId, conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE run SET status = 'finished', metrics = ?, confusion = ?, curves = ?, "
                    + "duration_ms = ?, rows_train = ?, rows_test = ?, provenance = ?, artifact = ?, artifact_sha256 = ?, model_bytes = ? "
                    + "WHERE run_id = ?")) {
                ps.setString(1, RunRows.json(metrics));
                ps.setString(2, RunRows.json(confusion));
                ps.setString(3, RunRows.json(RunRows.curvesForJson(m)));
                ps.setLong(4, durationMs);
                ps.setLong(5, result.rowsTrain());
                ps.setLong(6, result.rowsTest());
                ps.setString(7, result.provenance());
                ps.setBytes(8, artifact);
                ps.setString(9, result.artifact().sha256());
                ps.setLong(10, artifact.length);
                ps.setLong(11, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks a run failed (with the error) or cancelled. */
    public void end(long runId, String status, String error, long durationMs) {
        if (!Run.FAILED.equals(status) && !Run.CANCELLED.equals(status)) {
            throw new IllegalArgumentException("A run ends as failed or cancelled here, not " + status);
        }
        update("Saving run " + runId, "UPDATE run SET status = ?, error = ?, duration_ms = ? WHERE run_id = ?", status, error,
                durationMs, runId);
    }

    /**
     * A finished run with equal trainer, parameters, data window, features, split, seed and data fingerprint,
     * trained on all groups (a run of one group is never the same as a run of the whole data set).
     */
    public Optional<Run> findEqualFinished(RunStart s) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM run WHERE status = 'finished' AND trainer = ? "
                    + "AND params::VARCHAR = ? AND dataset = ? AND window_start = ? AND window_end = ? AND features::VARCHAR = ? "
                    + "AND split = ? AND seed = ? AND fingerprint = ? AND group_key IS NULL ORDER BY run_id LIMIT 1")) {
                ps.setString(1, s.trainer());
                ps.setString(2, RunRows.json(s.params()));
                ps.setString(3, s.dataset());
                ps.setTimestamp(4, Timestamp.valueOf(s.window().start()));
                ps.setTimestamp(5, Timestamp.valueOf(s.window().end()));
                ps.setString(6, RunRows.json(s.features()));
                ps.setString(7, s.split());
                ps.setLong(8, s.seed());
                ps.setString(9, s.fingerprint());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.toRun(rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Run> get(long runId) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM run WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.toRun(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Runs matching a filter expression (see {@link RunFilter}), newest first; an empty filter
     * matches all.
     *
     * @throws RunFilter.FilterSyntaxException for a bad filter
     */
    public List<Run> search(String filter, int limit) {
        return search(filter, null, limit);
    }

    /** As {@link #search(String, int)}, only the runs trained on group {@code groupKey} when it is not null. */
    public List<Run> search(String filter, String groupKey, int limit) {
        RunFilter.Compiled where = RunFilter.compile(filter);
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM run WHERE (" + where.sql() + ")"
                    + (groupKey == null ? "" : " AND group_key = ?") + " ORDER BY run_id DESC LIMIT ?")) {
                int i = 1;
                for (Object p : where.parameters()) {
                    ps.setObject(i++, p);
                }
                if (groupKey != null) {
                    ps.setString(i++, groupKey);
                }
                ps.setInt(i, limit);
                List<Run> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(RunRows.toRun(rs));
                    }
                }
                return runs;
            }
        });
    }

    /** The group each of the given runs was trained on (runs of all groups are left out). */
    public Map<Long, String> groupKeys(List<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT run_id, group_key FROM run WHERE group_key IS NOT NULL AND list_contains(?::BIGINT[], run_id)")) {
                ps.setArray(1, conn.createArrayOf("BIGINT", runIds.toArray()));
                Map<Long, String> keys = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.put(rs.getLong(1), rs.getString(2));
                    }
                }
                return keys;
            }
        });
    }

    /**
     * The class values of a finished run in code order (they label the rows and columns of
     * {@link Run#confusion()}), from {@code run.confusion->'labels'}; empty when the run has no confusion matrix.
     */
    public Optional<List<String>> classes(long runId) {
        String text = read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT confusion::VARCHAR FROM run WHERE run_id = ? AND confusion IS NOT NULL")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        Map<String, Object> confusion = RunRows.parse(text, new TypeReference<Map<String, Object>>() {
        });
        return confusion == null ? Optional.empty() : Optional.of(RunRows.JSON.convertValue(confusion.get("labels"),
                new TypeReference<List<String>>() {
                }));
    }

    /** The model artifact bytes of a finished run. */
    public Optional<byte[]> artifact(long runId) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT artifact FROM run WHERE run_id = ? AND artifact IS NOT NULL")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The model artifacts of the given runs (those that have one), by run id, in one query: one
     * look-up per run costs about a scan of the run table each (some tens of milliseconds with a
     * thousand stored models), which made loading a family's members slow.
     */
    public Map<Long, byte[]> artifacts(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return read(conn -> {
            Map<Long, byte[]> found = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT run_id, artifact FROM run WHERE list_contains(?, run_id) AND artifact IS NOT NULL")) {
                ps.setObject(1, conn.createArrayOf("INTEGER", runIds.stream().map(Long::intValue).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getLong(1), rs.getBytes(2));
                    }
                }
            }
            return found;
        });
    }

    public Optional<RunCurves> curves(long runId) {
        String text = read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT curves::VARCHAR FROM run WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunRows.JSON.readValue(text, RunCurves.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run.curves of run " + runId + " is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** Adds a tag to a run (no duplicates). */
    public void tag(long runId, String tag) {
        update("Tagging run " + runId, "UPDATE run SET tags = list_append(coalesce(tags, []::VARCHAR[]), ?) "
                + "WHERE run_id = ? AND NOT list_contains(coalesce(tags, []::VARCHAR[]), ?)", tag, runId, tag);
    }

    public void untag(long runId, String tag) {
        update("Untagging run " + runId, "UPDATE run SET tags = list_filter(tags, lambda t: t <> ?) WHERE run_id = ?", tag, runId);
    }

    /** Sets (or clears, with null) a run's note. */
    public void annotate(long runId, String note) {
        update("Annotating run " + runId, "UPDATE run SET note = ? WHERE run_id = ?", note, runId);
    }

    private void update(String what, String sql, Object... parameters) {
        write(what, conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] == null) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else {
                        ps.setObject(i + 1, parameters[i]);
                    }
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private <T> T write(String what, SqlWork<T> work) {
        try {
            return store.write(work);
        } catch (SQLException e) {
            throw new DataAccessException(what + " failed", e);
        }
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException("Reading runs failed", e);
        }
    }
}
