package kiln.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.store.Timestamps;

/**
 * The registry's reads and writes of its tables (registered_model, model_version, model_event),
 * each on the connection it is given, so {@link ModelRegistry} composes them into one transaction.
 */
final class RegistryTables {

    private RegistryTables() {}

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

    /** The columns {@link #mapVersion} reads, in its order. */
    static final String VERSION_COLUMNS = "SELECT model_name, version, run_id, created_at, created_by, alias, source, note, scope ";

    /**
     * A plain model's versions, newest first; for a family, its pooled members only (the model-level
     * questions of the monitor and the timeline are answered by the pooled member; members are paged).
     */
    static List<ModelVersion> versions(Connection conn, String name) throws SQLException {
        List<ModelVersion> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                VERSION_COLUMNS + "FROM model_version "
                        + "WHERE model_name = ? AND (scope IS NULL OR scope = 'pooled') ORDER BY version DESC")) {
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
                VERSION_COLUMNS + "FROM model_version "
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

    static ModelVersion mapVersion(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString(1), rs.getInt(2), (Integer) rs.getObject(3), Timestamps.read(rs, 4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    static boolean isFamily(Connection conn, String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(family, false) FROM registered_model WHERE model_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The version holding production in {@code scope} (null: a plain model's), if any. */
    static List<Integer> productionHolders(Connection conn, String name, String scope) throws SQLException {
        List<Integer> holders = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT version FROM model_version WHERE model_name = ? AND alias = 'production' "
                + "AND scope IS NOT DISTINCT FROM ? ORDER BY version")) {
            ps.setString(1, name);
            ps.setString(2, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(rs.getInt(1));
                }
            }
        }
        return holders;
    }

    static void setAlias(Connection conn, String name, int version, String alias) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE model_version SET alias = ? WHERE model_name = ? AND version = ?")) {
            ps.setString(1, alias);
            ps.setString(2, name);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    /**
     * The events of the named models in the order they happened: with {@code modelLevel}, only plain
     * models' and pooled members' events; with a {@code scope}, only that member's; else all.
     */
    static List<ModelEvent> events(Connection conn, List<String> names, boolean modelLevel, String scope) throws SQLException {
        List<ModelEvent> events = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT event_id, model_name, version, action, alias, \"at\", \"by\", note, scope FROM model_event WHERE list_contains(?, model_name)"
                        + (modelLevel ? " AND (scope IS NULL OR scope = 'pooled')" : "") + (scope != null ? " AND scope = ?" : "")
                        + " ORDER BY \"at\", event_id")) {
            ps.setObject(1, conn.createArrayOf("VARCHAR", names.toArray()));
            if (scope != null) {
                ps.setString(2, scope);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new ModelEvent(rs.getLong(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                            rs.getString(5), Timestamps.read(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return events;
    }

    static void event(Connection conn, String name, Integer version, String action, String alias, Instant at,
            String by, String note) throws SQLException {
        event(conn, name, version, action, alias, at, by, note, null);
    }

    /** Records an event about the member of {@code scope} (null for a plain model). */
    static void event(Connection conn, String name, Integer version, String action, String alias, Instant at,
            String by, String note, String scope) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\", note, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setObject(2, version);
            ps.setString(3, action);
            ps.setString(4, alias);
            Timestamps.bind(ps, 5, at);
            ps.setString(6, by == null ? ModelRegistry.currentUser() : by);
            ps.setString(7, note);
            ps.setString(8, scope);
            ps.executeUpdate();
        }
    }

    /**
     * Records one event per member in a single statement (a family's thousands of members would
     * otherwise take one round trip each): {@code versions[i]} of {@code scopes[i]}, with {@code notes[i]}.
     */
    static void events(Connection conn, String name, List<Integer> versions, List<String> scopes, String action, String alias, Instant at,
            String by, List<String> notes) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\", note, scope) "
                        + "SELECT ?, e.v, ?, ?, ?, ?, e.n, e.s FROM (SELECT unnest(?::INTEGER[]) AS v, unnest(?::VARCHAR[]) AS s, "
                        + "unnest(?::VARCHAR[]) AS n) e")) {
            ps.setString(1, name);
            ps.setString(2, action);
            ps.setString(3, alias);
            Timestamps.bind(ps, 4, at);
            ps.setString(5, by == null ? ModelRegistry.currentUser() : by);
            ps.setObject(6, conn.createArrayOf("INTEGER", versions.toArray()));
            ps.setObject(7, conn.createArrayOf("VARCHAR", scopes.toArray()));
            ps.setObject(8, conn.createArrayOf("VARCHAR", notes.toArray()));
            ps.executeUpdate();
        }
    }

    /** Sets {@code alias} on the given versions of {@code name} in one statement. */
    static void setAliases(Connection conn, String name, List<Integer> versions, String alias) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE model_version SET alias = ? WHERE model_name = ? AND list_contains(?, version)")) {
            ps.setString(1, alias);
            ps.setString(2, name);
            ps.setObject(3, conn.createArrayOf("INTEGER", versions.toArray()));
            ps.executeUpdate();
        }
    }
}
