package kiln.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Row count and an order-independent hash of every row, per table of a closed Kiln file, read
 * through a read-only DuckDB connection (no Kiln code involved, so a bug there cannot hide a change).
 */
final class StoreFingerprint {

    private StoreFingerprint() {}

    static Map<String, String> of(Path db) throws SQLException {
        Properties ro = new Properties();
        ro.setProperty("duckdb.read_only", "true");
        Map<String, String> result = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), ro); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(hash(t)), 0) FROM main.\"" + t.replace("\"", "\"\"") + "\" t")) {
                    rs.next();
                    result.put(t, rs.getLong(1) + " rows, hash " + rs.getString(2));
                }
            }
        }
        return result;
    }
}
