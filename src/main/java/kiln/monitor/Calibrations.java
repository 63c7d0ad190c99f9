package kiln.monitor;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.drift.CalibrationMap;

/**
 * The calibration map of each model version, from its training run's calibration curve (run.metrics
 * or run.curves JSON: {@code calibration: [{meanPredicted, observedRate, count}, ...]}, isotonic);
 * identity when the run has none. The SQL form tabulates the map at 1/1000 steps so that DuckDB can
 * apply it per row without calling back into Java (the error is below 0.001 · slope).
 */
final class Calibrations {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int STEPS = 1000;

    private Calibrations() {}

    /** Non-identity maps by version for a model (versions without a curve are absent: identity). */
    static Map<Integer, CalibrationMap> load(Connection conn, String modelName) throws SQLException {
        boolean hasCurves = hasColumn(conn, "run", "curves");
        Map<Integer, CalibrationMap> maps = new LinkedHashMap<>();
        String sql = "SELECT v.version, r.metrics" + (hasCurves ? ", r.curves" : ", NULL")
                + " FROM model_version v JOIN run r ON r.run_id = v.run_id WHERE v.model_name = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, modelName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CalibrationMap map = fromJson(rs.getString(2));
                    if (map == null) {
                        map = fromJson(rs.getString(3));
                    }
                    if (map != null) {
                        maps.put(rs.getInt(1), map);
                    }
                }
            }
        }
        return maps;
    }

    static boolean hasColumn(Connection conn, String table, String column) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** The isotonic map of a JSON object's "calibration" curve, or null when it has none usable. */
    static CalibrationMap fromJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode curve = JSON.readTree(json).path("calibration");
            List<double[]> points = new ArrayList<>();
            for (JsonNode bin : curve) {
                JsonNode mean = bin.path("meanPredicted");
                JsonNode rate = bin.path("observedRate");
                if (mean.isNumber() && rate.isNumber()) {
                    points.add(new double[] {mean.asDouble(), rate.asDouble(), Math.max(1, bin.path("count").asLong(1))});
                }
            }
            if (points.size() < 2) {
                return null;
            }
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            long[] w = points.stream().mapToLong(p -> (long) p[2]).toArray();
            return CalibrationMap.isotonic(x, y, w);
        } catch (IOException | IllegalArgumentException e) {
            return null; // an unreadable curve: fall back to identity rather than stop monitoring
        }
    }

    /**
     * SQL for q, the chance a prediction is right. Binary labels: probability is the positive class's,
     * so q is calibrated c if predicted positive, else 1 - c. Multi-class labels ({@code positiveLabel} < 0):
     * probability is the predicted class's own, so q is its calibrated c.
     * Columns are taken from alias {@code p} (probability, predicted_code, model_version).
     */
    static String qExpression(Map<Integer, CalibrationMap> maps, int positiveLabel) {
        String c = "p.probability";
        if (!maps.isEmpty()) {
            StringBuilder cases = new StringBuilder("CASE p.model_version");
            maps.forEach((version, map) -> cases.append(" WHEN ").append(version).append(" THEN list_extract(").append(table(map))
                    .append(", CAST(round(p.probability * ").append(STEPS).append(") AS INTEGER) + 1)"));
            cases.append(" ELSE p.probability END");
            c = "(" + cases + ")";
        }
        if (positiveLabel < 0) {
            return c;
        }
        return "(CASE WHEN p.predicted_code = " + positiveLabel + " THEN " + c + " ELSE 1 - " + c + " END)";
    }

    private static String table(CalibrationMap map) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i <= STEPS; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.6f", map.apply((double) i / STEPS)));
        }
        return sb.append("]::DOUBLE[]").toString();
    }

}
