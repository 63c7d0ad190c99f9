package kiln.cli.datasets;

import java.sql.ResultSet;
import java.sql.Statement;

import kiln.store.KilnStore;

/** One-value queries the data-set tests assert on. */
final class StoreQueries {

    private StoreQueries() {}

    static long count(KilnStore store, String sql) throws Exception {
        return (long) value(store, sql);
    }

    static double value(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getDouble(1);
            }
        });
    }

    static String text(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
