package kiln.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Prints query results as an aligned text table or as JSON. */
public final class TablePrinter {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private TablePrinter() {}

    /** Reads at most {@code limit} rows; returns column names and rows of display values. */
    public static Table read(ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            columns.add(md.getColumnLabel(i));
            int t = md.getColumnType(i);
            numeric.add(t == Types.INTEGER || t == Types.BIGINT || t == Types.DOUBLE || t == Types.FLOAT || t == Types.DECIMAL
                    || t == Types.SMALLINT || t == Types.TINYINT || t == Types.REAL || t == Types.NUMERIC);
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() >= limit) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object v = rs.getObject(i);
                row.add(v instanceof Array || v instanceof Struct || v instanceof Blob ? String.valueOf(v) : v);
            }
            rows.add(row);
        }
        return new Table(columns, numeric, rows, truncated);
    }

    /** A small in-memory result. */
    public record Table(List<String> columns, List<Boolean> numeric, List<List<Object>> rows, boolean truncated) {
    }

    public static void printText(Table table, PrintWriter out) {
        int n = table.columns().size();
        int[] width = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            width[i] = table.columns().get(i).length();
        }
        for (List<Object> row : table.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = row.get(i);
                c[i] = v == null ? "NULL" : v instanceof Double d ? formatDouble(d) : String.valueOf(v);
                width[i] = Math.max(width[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            line.append(i == 0 ? "" : "  ").append(pad(table.columns().get(i), width[i], table.numeric().get(i)));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        for (int i = 0; i < n; i++) {
            line.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(line);
        for (String[] c : cells) {
            line.setLength(0);
            for (int i = 0; i < n; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(c[i], width[i], table.numeric().get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + table.rows().size() + (table.truncated() ? "+ rows, output limited; use --limit" : " row" + (table.rows().size() == 1 ? ""
                : "s")) + ")");
        out.flush();
    }

    public static void printJson(Table table, PrintWriter out) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                Object v = row.get(i);
                o.put(table.columns().get(i), v instanceof TemporalAccessor || v instanceof Timestamp
                        || v instanceof BigInteger || v instanceof UUID ? String.valueOf(v) : v);
            }
            objects.add(o);
        }
        try {
            out.println(JSON.writeValueAsString(objects));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d) + ".0";
        }
        return String.valueOf(d);
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String spaces = " ".repeat(w - s.length());
        return right ? spaces + s : s + spaces;
    }
}
