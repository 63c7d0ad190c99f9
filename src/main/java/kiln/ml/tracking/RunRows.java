package kiln.ml.tracking;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kiln.domain.Run;
import kiln.ml.Metrics;

/** How a {@link Run} is stored in table {@code run}: the columns read back, and the JSON of its parameters, metrics and curves. */
final class RunRows {

    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    /** The columns {@link #toRun} reads, in its order. */
    static final String COLUMNS = "run_id, experiment_id, trainer, params::VARCHAR, metrics::VARCHAR, confusion::VARCHAR, status, "
            + "error, started_at, duration_ms, dataset, window_start, window_end, features::VARCHAR, split, rows_train, rows_test, "
            + "fingerprint, seed, artifact_sha256, model_bytes, tags, note";

    private RunRows() {}

    /** The ROC curve and calibration bins as stored in {@code run.curves}. */
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

    static Run toRun(ResultSet rs) throws SQLException {
        Map<String, Object> params = parse(rs.getString(4), new TypeReference<Map<String, Object>>() {
        });
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Object> rawMetrics = parse(rs.getString(5), new TypeReference<Map<String, Object>>() {
        });
        if (rawMetrics != null) {
            rawMetrics.forEach((k, v) -> metrics.put(k, v instanceof Number n ? n.doubleValue() : null));
        }
        Map<String, Object> confusionJson = parse(rs.getString(6), new TypeReference<Map<String, Object>>() {
        });
        long[][] confusion = confusionJson == null ? null : JSON.convertValue(confusionJson.get("matrix"), long[][].class);
        List<String> classes = confusionJson == null || confusionJson.get("labels") == null ? null
                : JSON.convertValue(confusionJson.get("labels"), new TypeReference<List<String>>() {
                });
        List<String> features = parse(rs.getString(14), new TypeReference<List<String>>() {
        });
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

    static <T> T parse(String text, TypeReference<T> type) {
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
}
