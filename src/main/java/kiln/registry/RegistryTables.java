package kiln.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.ModelVersion;
import kiln.store.Timestamps;

/**
 * The registry's reads and writes of its tables (registered_model, model_version, model_event),
 * each on the connection it is given, so {@link ModelRegistry} composes them into one transaction.
 */
final class RegistryTables {

    private RegistryTables() {
    }

    static List<String> modelNames(Connection conn) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT model_name FROM registered_model ORDER BY model_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static String resolveName(Connection conn, String modelName) throws SQLException {
        List<String> names = modelNames(conn);
        if (modelName != null) {
            if (!names.contains(modelName)) {
                throw new RegistryException("There is no registered model '" + modelName + "'"
                        + (names.isEmpty() ? "." : "; known: " + String.join(", ", names) + "."));
            }
            return modelName;
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        throw new RegistryException(names.isEmpty() ? "No model is registered yet."
                : "Several models are registered (" + String.join(", ", names) + "); name one with --name.");
    }

    static void ensureModel(Connection conn, String name, String dataset) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO registered_model (model_name, dataset) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, dataset);
            ps.executeUpdate();
        }
    }

    static int nextVersion(Connection conn, String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(max(version), 0) + 1 FROM model_version WHERE model_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static List<ModelVersion> versions(Connection conn, String name) throws SQLException {
        List<ModelVersion> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT model_name, version, run_id, created_at, created_by, alias, source, note FROM model_version "
                        + "WHERE model_name = ? ORDER BY version DESC")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(mapVersion(rs));
                }
            }
        }
        return list;
    }

    static ModelVersion version(Connection conn, String name, int version) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT model_name, version, run_id, created_at, created_by, alias, source, note FROM model_version "
                        + "WHERE model_name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RegistryException(name + " has no version " + version + ".");
                }
                return mapVersion(rs);
            }
        }
    }

    private static ModelVersion mapVersion(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString(1), rs.getInt(2), (Integer) rs.getObject(3), Timestamps.read(rs, 4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }

    static void setAlias(Connection conn, String name, int version, String alias) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE model_version SET alias = ? WHERE model_name = ? AND version = ?")) {
            ps.setString(1, alias);
            ps.setString(2, name);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    static void event(Connection conn, String name, Integer version, String action, String alias, Instant at,
                              String by, String note) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\", note) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setObject(2, version);
            ps.setString(3, action);
            ps.setString(4, alias);
            Timestamps.bind(ps, 5, at);
            ps.setString(6, by == null ? ModelRegistry.currentUser() : by);
            ps.setString(7, note);
            ps.executeUpdate();
        }
    }
}
