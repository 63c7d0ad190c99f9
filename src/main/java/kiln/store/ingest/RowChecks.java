package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.literal;
import static kiln.store.ingest.ImportSql.q;

import java.sql.Connection;
import java.sql.SQLException;

import kiln.domain.ingest.ImportRequest;
import kiln.store.ingest.ImportPlanner.Plan;
import kiln.store.ingest.ImportPlanner.Target;

/**
 * The checking step of an import: marks each row of {@code kiln_import_rows} with its first problem
 * (column and reason), so the row is quarantined instead of stored.
 */
final class RowChecks {

    private RowChecks() {}

    /** Marks bad values, then duplicate ids, then time going back, each among the rows still good. */
    static void markBadRows(Connection conn, Plan plan, ImportRequest req) throws SQLException {
        markBadValues(conn, plan);
        markDuplicateIds(conn, plan);
        markTimeGoingBack(conn, plan, req);
    }

    /** The first problem of each row, checked column by column in mapping order. */
    private static void markBadValues(Connection conn, Plan plan) throws SQLException {
        StringBuilder col = new StringBuilder("CASE");
        StringBuilder why = new StringBuilder("CASE");
        for (Target t : plan.checked()) {
            if (t.source() == null) {
                continue;
            }
            String v = q(t.source());
            if (t.required()) {
                col.append(" WHEN ").append(v).append(" IS NULL OR trim(").append(v).append(") = '' THEN ").append(literal(t.source()));
                why.append(" WHEN ").append(v).append(" IS NULL OR trim(").append(v).append(") = '' THEN ")
                        .append(literal(t.column().equals(plan.idColumn()) ? "missing id" : "missing value"));
            }
            if (!t.type().equals("VARCHAR")) {
                appendTypeChecks(col, why, t, v);
            }
        }
        if (col.length() > 4) {
            exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + col + " END, kiln_reason = " + why + " END");
        }
    }

    private static void appendTypeChecks(StringBuilder col, StringBuilder why, Target t, String v) {
        String present = v + " IS NOT NULL AND trim(" + v + ") <> '' AND ";
        String cast = "TRY_CAST(trim(" + v + ") AS " + t.type() + ")";
        if (t.type().equals("DOUBLE")) {
            appendCheck(col, why, present + cast + " IS NULL", t.source(), "unparseable number '", v);
            // NaN and Infinity parse, but would poison every average and drift statistic downstream.
            appendCheck(col, why, present + "NOT isfinite(" + cast + ")", t.source(), "not a finite number '", v);
        } else if (t.type().equals("TIMESTAMP")) {
            appendCheck(col, why, present + cast + " IS NULL", t.source(), "unparseable time '", v);
        } else {
            // DuckDB rounds '0.5' to an integer; a whole-number column takes digits only.
            appendCheck(col, why, present + "(" + cast + " IS NULL OR NOT regexp_full_match(trim(" + v + "), '[+-]?[0-9]+'))",
                    t.source(), "not a whole number '", v);
        }
    }

    private static void appendCheck(StringBuilder col, StringBuilder why, String bad, String source, String what, String value) {
        col.append(" WHEN ").append(bad).append(" THEN ").append(literal(source));
        why.append(" WHEN ").append(bad).append(" THEN ").append(literal(what)).append(" || ").append(value).append(" || ''''");
    }

    private static void markDuplicateIds(Connection conn, Plan plan) throws SQLException {
        Target id = plan.id();
        String idCast = id.source() == null ? "kiln_line" : "TRY_CAST(trim(" + q(id.source()) + ") AS " + id.type() + ")";
        exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(id.source() == null ? "line" : id.source())
                + ", kiln_reason = 'duplicate id (first on line ' || d.first_line || ')' FROM (SELECT kiln_line, min(kiln_line) OVER (PARTITION BY "
                + idCast + ") AS first_line FROM kiln_import_rows WHERE kiln_reason IS NULL) d "
                + "WHERE kiln_import_rows.kiln_line = d.kiln_line AND d.kiln_line > d.first_line");
    }

    private static void markTimeGoingBack(Connection conn, Plan plan, ImportRequest req) throws SQLException {
        Target time = plan.columns().stream().filter(t -> t.column().equals(plan.timeColumn()) && t.source() != null).findFirst().orElse(null);
        // A replay plays rows in time order whatever the file's order; otherwise time must not go back
        // within a group (a file may hold one sensor after another).
        if (time == null || req.stageTable() != null) {
            return;
        }
        Target group = plan.columns().stream().filter(t -> t.column().equals(plan.groupColumn()) && t.source() != null).findFirst().orElse(null);
        String partition = group == null ? "" : "PARTITION BY " + q(group.source()) + " ";
        long tol = req.timeTolerance() == null ? ImportRequest.DEFAULT_TOLERANCE.toSeconds() : req.timeTolerance().toSeconds();
        String tc = "TRY_CAST(trim(" + q(time.source()) + ") AS TIMESTAMP)";
        exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(time.source())
                + ", kiln_reason = 'time goes back to ' || d.t || ' after ' || d.prev_max || ' (tolerance " + tol + " s)' FROM "
                + "(SELECT kiln_line, " + tc + " AS t, max(" + tc + ") OVER (" + partition
                + "ORDER BY kiln_line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max "
                + "FROM kiln_import_rows WHERE kiln_reason IS NULL) d WHERE kiln_import_rows.kiln_line = d.kiln_line "
                + "AND d.t < d.prev_max - INTERVAL " + tol + " SECOND");
    }
}
