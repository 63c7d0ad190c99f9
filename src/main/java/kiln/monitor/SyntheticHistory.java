package kiln.monitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import kiln.store.ingest.LabelCodes;

/**
 * Generates a glassware-like history in SQL (readings, predictions and the labels released by a given
 * time), deterministic from the pid: one product every {@code secondsPerRow} seconds from {@code start},
 * temp ~ 355 ± 3 °C, pressure ~ 12 ± 2 bar, duration ~ 30.5 ± 1 min; the prediction is right with
 * probability {@code accuracy} (after {@code changeAt}: {@code accuracyAfter}) with a confidence
 * calibrated to {@code accuracy} (so a later concept change is invisible to it); labels arrive at midnight
 * two days after production. Optional faults: temp shifted by {@code tempShift} from {@code shiftAt},
 * temp in °F from {@code unitChangeAt}, pressure stuck at 12 from {@code stuckAt}. Used by the monitor
 * benchmark and tests.
 */
public record SyntheticHistory(Instant start, int secondsPerRow, double accuracy, Instant changeAt, double accuracyAfter,
        Instant shiftAt, double tempShift, Instant unitChangeAt, Instant stuckAt) {

    public static SyntheticHistory stable(Instant start, int secondsPerRow, double accuracy) {
        return new SyntheticHistory(start, secondsPerRow, accuracy, null, accuracy, null, 0, null, null);
    }

    public SyntheticHistory withAccuracyChange(Instant at, double after) {
        return new SyntheticHistory(start, secondsPerRow, accuracy, at, after, shiftAt, tempShift, unitChangeAt, stuckAt);
    }

    public SyntheticHistory withTempShift(Instant at, double by) {
        return new SyntheticHistory(start, secondsPerRow, accuracy, changeAt, accuracyAfter, at, by, unitChangeAt, stuckAt);
    }

    public SyntheticHistory withUnitChange(Instant at) {
        return new SyntheticHistory(start, secondsPerRow, accuracy, changeAt, accuracyAfter, shiftAt, tempShift, at, stuckAt);
    }

    public SyntheticHistory withStuckPressure(Instant at) {
        return new SyntheticHistory(start, secondsPerRow, accuracy, changeAt, accuracyAfter, shiftAt, tempShift, unitChangeAt, at);
    }

    /** The process_time of a pid (pids count from 0). */
    public Instant timeOf(long pid) {
        return start.plusSeconds(pid * secondsPerRow);
    }

    /** Inserts readings and predictions (made by {@code version}) for pids [fromPid, toPid). */
    public void insertReadingsAndPredictions(Connection conn, long fromPid, long toPid, int version) throws SQLException {
        String t = "(TIMESTAMP '" + ts(start) + "' + to_seconds(i * " + secondsPerRow + "))";
        String u1 = uniform(1);
        String u2 = uniform(2);
        String normal = "sqrt(-2 * ln(" + u1 + ")) * cos(2 * pi() * " + u2 + ")";
        String normal2 = "sqrt(-2 * ln(" + u1 + ")) * sin(2 * pi() * " + u2 + ")";
        String temp = "(355 + 3 * " + normal + (shiftAt == null ? "" : " + CASE WHEN " + t + " >= TIMESTAMP '" + ts(shiftAt)
                + "' THEN " + tempShift + " ELSE 0 END") + ")";
        if (unitChangeAt != null) {
            temp = "CASE WHEN " + t + " >= TIMESTAMP '" + ts(unitChangeAt) + "' THEN " + temp + " * 1.8 + 32 ELSE " + temp + " END";
        }
        String pressure = "(12 + 2 * " + normal2 + ")";
        if (stuckAt != null) {
            pressure = "CASE WHEN " + t + " >= TIMESTAMP '" + ts(stuckAt) + "' THEN 12.0 ELSE " + pressure + " END";
        }
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT INTO sensor_reading (pid, sensor_id, process_time, temp, pressure, duration) SELECT i, 1 + i % 4, " + t + ", " + temp
                    + ", " + pressure + ", 30.5 + "
                    + uniform(3) + " * 2 - 1 FROM range(" + fromPid + ", " + toPid + ") r(i)");
            String acc = changeAt == null ? String.valueOf(accuracy) : "CASE WHEN " + t + " >= TIMESTAMP '" + ts(changeAt)
                    + "' THEN " + accuracyAfter + " ELSE " + accuracy + " END";
            // predicted = label when the "right" draw succeeds; probability of good on the predicted side
            // Confidence is calibrated to the initial accuracy and does not follow a later concept change.
            String confidence = "least(0.999, " + accuracy + " + (" + uniform(5) + " - 0.5) * 0.1)";
            st.execute("INSERT INTO predicted_quality (pid, model_version, process_time, predicted_quality, probability, scored_at) SELECT i, "
                    + version + ", " + t + ", pred, "
                    + "CASE WHEN pred = 1 THEN " + confidence + " ELSE 1 - " + confidence + " END, " + t
                    + " FROM (SELECT i, CASE WHEN " + uniform(6) + " < " + acc + " THEN " + label() + " ELSE 1 - " + label()
                    + " END AS pred FROM range(" + fromPid + ", " + toPid + ") r(i))");
        }
        Optional<LabelCodes.Target> coded = LabelCodes.of(conn, "glassware");
        if (coded.isPresent()) {
            LabelCodes.syncPredictionRange(conn, coded.get(), fromPid, toPid - 1);
        }
    }

    /** Inserts the labels of pids [fromPid, toPid) whose release time (midnight two days later) is in [from, to). */
    public void insertLabels(Connection conn, long fromPid, long toPid, Instant from, Instant to) throws SQLException {
        String t = "(TIMESTAMP '" + ts(start) + "' + to_seconds(i * " + secondsPerRow + "))";
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT INTO product_quality SELECT i, qc, " + label() + " FROM (SELECT i, date_trunc('day', " + t
                    + ") + INTERVAL 2 DAY AS qc FROM range(" + fromPid + ", " + toPid + ") r(i)) WHERE qc >= TIMESTAMP '"
                    + ts(from) + "' AND qc < TIMESTAMP '" + ts(to) + "' ORDER BY qc, i");
        }
        Optional<LabelCodes.Target> coded = LabelCodes.of(conn, "glassware");
        if (coded.isPresent()) {
            LabelCodes.syncIdRange(conn, coded.get(), fromPid, toPid - 1);
        }
    }

    private static String label() {
        return "CASE WHEN " + uniform(4) + " < 0.9 THEN 1 ELSE 0 END";
    }

    /** A deterministic uniform draw in (0, 1) from the pid and a stream number. */
    private static String uniform(int stream) {
        return "((hash(i, " + stream + ") % 1000000007)::DOUBLE + 0.5) / 1000000007";
    }

    private static String ts(Instant t) {
        return String.format(Locale.ROOT, "%s", t.toString().replace("T", " ").replace("Z", ""));
    }
}
