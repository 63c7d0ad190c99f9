package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kiln.store.KilnStore;
import kiln.store.Timestamps;

/**
 * A grouped data set generated in SQL, for the fleet monitor's tests and bench: {@code groups} groups
 * each sending {@code rowsPerHour} readings an hour (id, time, group, three numeric features), each
 * scored at once and labelled {@code labelLag} later. Whether a prediction is right is drawn with the
 * group's accuracy (a base plus a small per-group offset, so groups differ), so every figure the monitor
 * derives has a known truth. Faults per group: an accuracy change, going dead, sending only missing
 * values, a unit change of the first feature. The draws are hashes of the row id and the seed: the same
 * arguments give the same rows in any order of inserts.
 */
public final class SyntheticFleet {
    /** The group column's name (a data set of this shape is named freely by its test). */
    public static final String GROUP = "station";
    public static final List<String> FEATURES = List.of("f1", "f2", "f3");

    /** One group's faults (null fields: none); accuracy applies from accuracyFrom. */
    public record Fault(Instant accuracyFrom, Double accuracy, Instant deadFrom, Instant missingFrom, Instant unitFrom,
            Double unitScale, Double unitOffset) {
    }

    private final String dataset;
    private final Instant start;
    private final int groups;
    private final int rowsPerHour;
    private final double baseAccuracy;
    private final Duration labelLag;
    private final long seed;
    private final Map<Integer, Fault> faults = new TreeMap<>();

    public SyntheticFleet(String dataset, Instant start, int groups, int rowsPerHour, double baseAccuracy, Duration labelLag, long seed) {
        if (rowsPerHour < 1 || rowsPerHour > 3600 || groups < 1) {
            throw new IllegalArgumentException("need at least one group and 1 to 3600 rows an hour");
        }
        this.dataset = dataset;
        this.start = start;
        this.groups = groups;
        this.rowsPerHour = rowsPerHour;
        this.baseAccuracy = baseAccuracy;
        this.labelLag = labelLag;
        this.seed = seed;
    }

    public String dataset() {
        return dataset;
    }

    public Instant start() {
        return start;
    }

    public int groups() {
        return groups;
    }

    /** The accuracy group {@code g} is drawn with while no fault changes it. */
    public double accuracyOf(int g) {
        return Math.min(0.99, baseAccuracy + 0.01 * (g % 5));
    }

    public SyntheticFleet accuracyChange(int group, Instant from, double accuracy) {
        return merge(group, new Fault(from, accuracy, null, null, null, null, null));
    }

    public SyntheticFleet dead(int group, Instant from) {
        return merge(group, new Fault(null, null, from, null, null, null, null));
    }

    public SyntheticFleet missingValues(int group, Instant from) {
        return merge(group, new Fault(null, null, null, from, null, null, null));
    }

    public SyntheticFleet unitChange(int group, Instant from, double scale, double offset) {
        return merge(group, new Fault(null, null, null, null, from, scale, offset));
    }

    private SyntheticFleet merge(int group, Fault f) {
        Fault old = faults.getOrDefault(group, new Fault(null, null, null, null, null, null, null));
        faults.put(group, new Fault(f.accuracyFrom() != null ? f.accuracyFrom() : old.accuracyFrom(),
                f.accuracy() != null ? f.accuracy() : old.accuracy(), f.deadFrom() != null ? f.deadFrom() : old.deadFrom(),
                f.missingFrom() != null ? f.missingFrom() : old.missingFrom(), f.unitFrom() != null ? f.unitFrom() : old.unitFrom(),
                f.unitScale() != null ? f.unitScale() : old.unitScale(), f.unitOffset() != null ? f.unitOffset() : old.unitOffset()));
        return this;
    }

    public String readingTable() {
        return dataset + "_reading";
    }

    public String labelTable() {
        return dataset + "_label";
    }

    public String predictionTable() {
        return dataset + "_prediction";
    }

    /** Creates the tables and the catalogue entry (binary label "ok"/"bad", "bad" positive; predictions carry label codes). */
    public void create(Connection conn) throws SQLException {
        exec(conn, "CREATE TABLE " + q(readingTable()) + " (rec BIGINT PRIMARY KEY, ts TIMESTAMP, " + q(GROUP) + " INTEGER, "
                + "f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, label_code TINYINT)");
        exec(conn, "CREATE TABLE " + q(labelTable()) + " (rec BIGINT PRIMARY KEY, checked_at TIMESTAMP, outcome VARCHAR)");
        exec(conn, "CREATE TABLE " + q(predictionTable()) + " (rec BIGINT PRIMARY KEY, model_version INTEGER, ts TIMESTAMP, "
                + "predicted VARCHAR, probability DOUBLE, scored_at TIMESTAMP, predicted_code SMALLINT, label_code TINYINT, label_time TIMESTAMP)");
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, "
                + "time_column, group_column, label_column, positive_label, label_coded, prediction_label_time, label_time_column, "
                + "prediction_column, prediction_code_column, source, description) VALUES (?, ?, ?, ?, 'rec', 'ts', ?, 'outcome', 'bad', true, "
                + "'checked_at', 'checked_at', 'predicted', 'predicted_code', 'synthetic', 'A synthetic fleet')")) {
            ps.setString(1, dataset);
            ps.setString(2, readingTable());
            ps.setString(3, labelTable());
            ps.setString(4, predictionTable());
            ps.setString(5, GROUP);
            ps.executeUpdate();
        }
        for (int i = 0; i < FEATURES.size(); i++) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO dataset_feature (dataset, name, position, kind) VALUES (?, ?, ?, 'numeric')")) {
                ps.setString(1, dataset);
                ps.setString(2, FEATURES.get(i));
                ps.setInt(3, i + 1);
                ps.executeUpdate();
            }
        }
        for (String[] c : new String[][] {{"0", "ok"}, {"1", "bad"}}) {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_class (dataset, code, value) VALUES (?, ?, ?)")) {
                ps.setString(1, dataset);
                ps.setInt(2, Integer.parseInt(c[0]));
                ps.setString(3, c[1]);
                ps.executeUpdate();
            }
        }
    }

    /** Readings, predictions (scored by {@code version}) and labels of hours [fromHour, toHour) after the start. */
    public void insertHours(Connection conn, long fromHour, long toHour, int version) throws SQLException {
        exec(conn, "CREATE OR REPLACE TEMP TABLE kiln_fleet_rows AS " + rowsSql(), fromHour, toHour);
        exec(conn, "INSERT INTO " + q(readingTable()) + " SELECT rec, ts, g, f1, f2, f3, label_code FROM kiln_fleet_rows");
        exec(conn, "INSERT INTO " + q(predictionTable()) + " SELECT rec, ?, ts, CASE predicted_code WHEN 1 THEN 'bad' ELSE 'ok' END, "
                + "probability, ts, predicted_code, label_code, ts + to_microseconds(?) FROM kiln_fleet_rows", version, labelLag.toNanos() / 1000);
        exec(conn, "INSERT INTO " + q(labelTable()) + " SELECT rec, ts + to_microseconds(?), CASE label_code WHEN 1 THEN 'bad' ELSE 'ok' END "
                + "FROM kiln_fleet_rows", labelLag.toNanos() / 1000);
        exec(conn, "DROP TABLE kiln_fleet_rows");
    }

    /** The rows of hours [?, ?) with their draws; faults come in as a VALUES list of bound parameters. */
    private String rowsSql() {
        String u = "(hash(rec, %d, " + seed + ") %% 1000003) / 1000003.0";
        String faultRows = faults.isEmpty() ? "SELECT NULL::INTEGER g, NULL::TIMESTAMP acc_from, NULL::DOUBLE acc, NULL::TIMESTAMP dead_from, "
                + "NULL::TIMESTAMP missing_from, NULL::TIMESTAMP unit_from, NULL::DOUBLE scale, NULL::DOUBLE shift WHERE false"
                : "SELECT * FROM (VALUES " + String.join(", ", Collections.nCopies(faults.size(),
                        "(?::INTEGER, ?::TIMESTAMP, ?::DOUBLE, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::DOUBLE, ?::DOUBLE)"))
                        + ") v(g, acc_from, acc, dead_from, missing_from, unit_from, scale, shift)";
        return "WITH faults AS (" + faultRows + "), base AS (SELECT (h * " + groups + " + g) * " + rowsPerHour + " + k + 1 AS rec, "
                + "?::TIMESTAMP + to_microseconds(h * 3600000000 + k * " + (3_600_000_000L / rowsPerHour) + ") AS ts, g "
                + "FROM range(?, ?) t(h), range(0, " + groups + ") s(g), range(0, " + rowsPerHour + ") r(k)), "
                + "drawn AS (SELECT b.rec, b.ts, b.g, f.*, (" + String.format(u, 1) + " < 0.3)::SMALLINT AS predicted_code, "
                + "0.2 + 0.6 * " + String.format(u, 1) + " AS probability, " + String.format(u, 5) + " AS right_draw, "
                + "20 + b.g % 10 + 2 * " + noise(u, 2) + " AS x1, 5 + " + noise(u, 6) + " AS x2, " + String.format(u, 9)
                + " AS x3 FROM base b LEFT JOIN faults f ON f.g = b.g) "
                + "SELECT rec, ts, g, predicted_code, probability, "
                + "CASE WHEN missing_from IS NOT NULL AND ts >= missing_from THEN NULL WHEN unit_from IS NOT NULL AND ts >= unit_from "
                + "THEN x1 * scale + shift ELSE x1 END AS f1, CASE WHEN missing_from IS NOT NULL AND ts >= missing_from THEN NULL ELSE x2 END AS f2, "
                + "CASE WHEN missing_from IS NOT NULL AND ts >= missing_from THEN NULL ELSE x3 END AS f3, "
                + "CASE WHEN right_draw < CASE WHEN acc_from IS NOT NULL AND ts >= acc_from THEN acc ELSE least(0.99, " + baseAccuracy
                + " + 0.01 * (g % 5)) END THEN predicted_code ELSE 1 - predicted_code END::TINYINT AS label_code "
                + "FROM drawn WHERE dead_from IS NULL OR ts < dead_from";
    }

    /** About normal with mean 0 and sd 1/2: three uniform draws (numbers first .. first + 2) summed and centred. */
    private static String noise(String u, int first) {
        return "(" + String.format(u, first) + " + " + String.format(u, first + 1) + " + " + String.format(u, first + 2) + " - 1.5)";
    }

    private void exec(Connection conn, String sql, Object... tail) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            if (sql.contains("kiln_fleet_rows AS")) {
                for (Map.Entry<Integer, Fault> e : faults.entrySet()) {
                    Fault f = e.getValue();
                    ps.setInt(i++, e.getKey());
                    Timestamps.bind(ps, i++, f.accuracyFrom());
                    ps.setObject(i++, f.accuracy());
                    Timestamps.bind(ps, i++, f.deadFrom());
                    Timestamps.bind(ps, i++, f.missingFrom());
                    Timestamps.bind(ps, i++, f.unitFrom());
                    ps.setObject(i++, f.unitScale());
                    ps.setObject(i++, f.unitOffset());
                }
                Timestamps.bind(ps, i++, start);
            }
            for (Object v : tail) {
                ps.setObject(i++, v);
            }
            ps.execute();
        }
    }

    /**
     * Registers {@code model} on this data set as a family whose only member, version 1, is the pooled one, in
     * production from {@code promotedAt} and trained on [start, trainedTo), as the registry would have written it:
     * every group is served by the pooled member and watched per group.
     */
    public void registerPooledFamily(Connection conn, String model, Instant trainedTo, Instant promotedAt) throws SQLException {
        int run;
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (trainer, status, dataset, window_start, window_end) "
                + "VALUES ('synthetic', 'finished', ?, ?, ?) RETURNING run_id")) {
            ps.setString(1, dataset);
            Timestamps.bind(ps, 2, start);
            Timestamps.bind(ps, 3, trainedTo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                run = rs.getInt(1);
            }
        }
        exec(conn, "INSERT INTO registered_model (model_name, dataset, family) VALUES (?, ?, true)", model, dataset);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_version (model_name, version, run_id, created_at, alias, source, scope) "
                + "VALUES (?, 1, ?, ?, 'production', 'run', 'pooled')")) {
            ps.setString(1, model);
            ps.setInt(2, run);
            Timestamps.bind(ps, 3, promotedAt);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\", scope) "
                + "VALUES (?, 1, 'promote', 'production', ?, 'synthetic', 'pooled')")) {
            ps.setString(1, model);
            Timestamps.bind(ps, 2, promotedAt);
            ps.executeUpdate();
        }
    }

    /** All groups' keys as the monitor names them. */
    public List<String> groupKeys() {
        List<String> keys = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            keys.add(Integer.toString(g));
        }
        return keys;
    }

    private static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }
}
