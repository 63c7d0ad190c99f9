package kiln.ml.tracking;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

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

    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String COLUMNS = "run_id, experiment_id, trainer, params::VARCHAR, metrics::VARCHAR, confusion::VARCHAR, status, "
            + "error, started_at, duration_ms, dataset, window_start, window_end, features::VARCHAR, split, rows_train, rows_test, "
            + "fingerprint, seed, artifact_sha256, model_bytes, tags, note";

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
                ps.setString(3, json(s.params()));
                ps.setTimestamp(4, Timestamp.valueOf(s.startedAt()));
                ps.setString(5, s.dataset());
                ps.setTimestamp(6, Timestamp.valueOf(s.window().start()));
                ps.setTimestamp(7, Timestamp.valueOf(s.window().end()));
                ps.setString(8, json(s.features()));
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
                ps.setString(1, json(metrics));
                ps.setString(2, json(confusion));
                ps.setString(3, json(curvesForJson(m)));
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
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM run WHERE status = 'finished' AND trainer = ? "
                    + "AND params::VARCHAR = ? AND dataset = ? AND window_start = ? AND window_end = ? AND features::VARCHAR = ? "
                    + "AND split = ? AND seed = ? AND fingerprint = ? AND group_key IS NULL ORDER BY run_id LIMIT 1")) {
                ps.setString(1, s.trainer());
                ps.setString(2, json(s.params()));
                ps.setString(3, s.dataset());
                ps.setTimestamp(4, Timestamp.valueOf(s.window().start()));
                ps.setTimestamp(5, Timestamp.valueOf(s.window().end()));
                ps.setString(6, json(s.features()));
                ps.setString(7, s.split());
                ps.setLong(8, s.seed());
                ps.setString(9, s.fingerprint());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(toRun(rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Run> get(long runId) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM run WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(toRun(rs)) : Optional.empty();
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
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM run WHERE (" + where.sql() + ")"
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
                        runs.add(toRun(rs));
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
                Map<Long, String> keys = new java.util.HashMap<>();
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
        Map<String, Object> confusion = parse(text, new TypeReference<Map<String, Object>>() { });
        return confusion == null ? Optional.empty() : Optional.of(JSON.convertValue(confusion.get("labels"), new TypeReference<List<String>>() { }));
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
    public Map<Long, byte[]> artifacts(java.util.Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return read(conn -> {
            Map<Long, byte[]> found = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT run_id, artifact FROM run WHERE list_contains(?, run_id) AND artifact IS NOT NULL")) {
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
            return Optional.of(JSON.readValue(text, RunCurves.class));
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

    static Map<String, Object> curvesForJson(Metrics m) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("roc", m.roc());
        List<Map<String, Object>> cal = new ArrayList<>();
        for (Metrics.CalibrationBin b : m.calibration()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("lower", b.lower());
            o.put("upper", b.upper());
            o.put("count", b.count());
            o.put("meanPredicted", b.count() == 0 ? null : b.meanPredicted());
            o.put("observedRate", b.count() == 0 ? null : b.observedRate());
            cal.add(o);
        }
        c.put("calibration", cal);
        return c;
    }

    private static Run toRun(ResultSet rs) throws SQLException {
        Map<String, Object> params = parse(rs.getString(4), new TypeReference<Map<String, Object>>() { });
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Object> rawMetrics = parse(rs.getString(5), new TypeReference<Map<String, Object>>() { });
        if (rawMetrics != null) {
            rawMetrics.forEach((k, v) -> metrics.put(k, v instanceof Number n ? n.doubleValue() : null));
        }
        Map<String, Object> confusionJson = parse(rs.getString(6), new TypeReference<Map<String, Object>>() { });
        long[][] confusion = confusionJson == null ? null : JSON.convertValue(confusionJson.get("matrix"), long[][].class);
        List<String> classes = confusionJson == null || confusionJson.get("labels") == null ? null
                : JSON.convertValue(confusionJson.get("labels"), new TypeReference<List<String>>() { });
        List<String> features = parse(rs.getString(14), new TypeReference<List<String>>() { });
        Array tagArray = rs.getArray(22);
        List<String> tags = new ArrayList<>();
        if (tagArray != null) {
            for (Object t : (Object[]) tagArray.getArray()) {
                tags.add(String.valueOf(t));
            }
        }
        Timestamp started = rs.getTimestamp(9);
        Timestamp ws = rs.getTimestamp(12);
        Timestamp we = rs.getTimestamp(13);
        return new Run(rs.getLong(1), (Long) nullable(rs, 2), rs.getString(3), params, metrics, confusion, rs.getString(7),
                rs.getString(8), started == null ? null : started.toLocalDateTime(), (Long) nullable(rs, 10), rs.getString(11),
                ws == null ? null : ws.toLocalDateTime(), we == null ? null : we.toLocalDateTime(), features, rs.getString(15),
                (Long) nullable(rs, 16), (Long) nullable(rs, 17), rs.getString(18), (Long) nullable(rs, 19), rs.getString(20),
                (Long) nullable(rs, 21), List.copyOf(tags), rs.getString(23), classes);
    }

    private static Object nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** Canonical JSON (map keys sorted) so equal settings compare equal as text. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
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
