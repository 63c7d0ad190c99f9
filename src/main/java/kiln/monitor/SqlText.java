package kiln.monitor;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/** Small helpers for SQL literals and JDBC list columns. */
final class SqlText {
    private SqlText() {}

    /** A DOUBLE literal (NULL for NaN/infinite). */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "NULL";
        }
        return String.format(Locale.ROOT, "%.17g", v) + "::DOUBLE";
    }

    static String doubleList(double[] values) {
        if (values == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(number(values[i]));
        }
        return sb.append("]::DOUBLE[]").toString();
    }

    static String longList(long[] values) {
        return Arrays.toString(values) + "::BIGINT[]";
    }

    static String string(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    static double[] doubles(ResultSet rs, int column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return null;
        }
        Object[] items = (Object[]) a.getArray();
        double[] out = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = items[i] == null ? Double.NaN : ((Number) items[i]).doubleValue();
        }
        return out;
    }

    static long[] longs(ResultSet rs, int column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return null;
        }
        Object[] items = (Object[]) a.getArray();
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = items[i] == null ? 0 : ((Number) items[i]).longValue();
        }
        return out;
    }

    static double doubleOrNaN(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
