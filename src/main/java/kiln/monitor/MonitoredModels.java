package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import kiln.store.catalog.Catalog;

/** Which models the monitor watches, and the stamp that says when one's registry entries or the alert rules changed. */
final class MonitoredModels {
    private MonitoredModels() {}

    /**
     * Registered models of catalogued data sets; while none is registered, data sets holding predictions under
     * their own names. With a cache (writer connection) the list statement is planned once.
     */
    static List<String> list(Connection conn, PreparedCache cache) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = "SELECT m.model_name FROM registered_model m JOIN dataset d ON d.name = m.dataset ORDER BY m.model_name";
        try (PreparedStatement ps = cache == null ? conn.prepareStatement(sql) : cache.prepare(conn, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (names.isEmpty()) {
            // Predictions stored without a registered model (written by other tools): monitored under the data set's name.
            for (String dataset : Catalog.names(conn)) {
                MonitorSetup setup = MonitorSetup.load(conn, dataset);
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) > 0 FROM (SELECT 1 FROM " + setup.predictions() + " LIMIT 1)");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        names.add(dataset);
                    }
                }
            }
        }
        return names;
    }

    /** Changes whenever the model's registry events or versions or the alert rules change (its monitor is then rebuilt). */
    static String registryStamp(Connection conn, PreparedCache cache, String model) throws SQLException {
        try (PreparedStatement ps = cache.prepare(conn, "SELECT (SELECT count(*) || '/' || coalesce(max(event_id), 0) FROM model_event "
                + "WHERE model_name = ?) || '/' || (SELECT count(*) FROM model_version WHERE model_name = ?) || '/' || "
                + "(SELECT count(*) || '/' || coalesce(sum(hash(rule, fire_threshold, resolve_threshold, for_windows, enabled)), 0) FROM alert_rule)")) {
            ps.setString(1, model);
            ps.setString(2, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static boolean isRegistered(Connection conn, String model) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM registered_model WHERE model_name = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
