package kiln.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kiln.domain.ModelVersion;
import kiln.store.Timestamps;

/**
 * The family queries of {@link ModelFamilies} on the connection they are given: members by scope,
 * alias and registration, a page at a time where a family may have tens of thousands.
 */
final class FamilyTables {

    private FamilyTables() {}

    /** The members registered together most recently (one training), pooled first. */
    static List<ModelVersion> latestTraining(Connection conn, String name) throws SQLException {
        List<ModelVersion> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(RegistryTables.VERSION_COLUMNS + "FROM model_version WHERE model_name = ? "
                + "AND scope IS NOT NULL AND created_at = (SELECT max(created_at) FROM model_version WHERE model_name = ? AND scope = 'pooled') "
                + "ORDER BY version")) {
            ps.setString(1, name);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(RegistryTables.mapVersion(rs));
                }
            }
        }
        return list;
    }

    /** The production member of each scope, by scope. */
    static Map<String, ModelVersion> productionMembers(Connection conn, String name) throws SQLException {
        Map<String, ModelVersion> members = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement(RegistryTables.VERSION_COLUMNS + "FROM model_version WHERE model_name = ? "
                + "AND scope IS NOT NULL AND alias = 'production'")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelVersion v = RegistryTables.mapVersion(rs);
                    members.put(v.scope(), v);
                }
            }
        }
        return members;
    }

    /** Every member's run, by version (for loading members without a query each). */
    static Map<Integer, Integer> memberRuns(Connection conn, String name) throws SQLException {
        Map<Integer, Integer> runs = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT version, run_id FROM model_version WHERE model_name = ? AND scope IS NOT NULL AND run_id IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return runs;
    }

    /** When each of {@code versions} last became production. */
    static Map<Integer, Instant> promotedAt(Connection conn, String name, Collection<Integer> versions) throws SQLException {
        Map<Integer, Instant> at = new LinkedHashMap<>();
        if (versions.isEmpty()) {
            return at;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT version, max(\"at\") FROM model_event WHERE model_name = ? "
                + "AND action = 'promote' AND alias = 'production' AND list_contains(?, version) GROUP BY version")) {
            ps.setString(1, name);
            ps.setObject(2, conn.createArrayOf("INTEGER", versions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    at.put(rs.getInt(1), Timestamps.read(rs, 2));
                }
            }
        }
        return at;
    }

    /** The challenger members, by scope (a scope may have several). */
    static Map<String, List<ModelVersion>> challengerMembers(Connection conn, String name) throws SQLException {
        Map<String, List<ModelVersion>> members = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement(RegistryTables.VERSION_COLUMNS + "FROM model_version WHERE model_name = ? "
                + "AND scope IS NOT NULL AND alias = 'challenger' ORDER BY version")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelVersion v = RegistryTables.mapVersion(rs);
                    members.computeIfAbsent(v.scope(), k -> new ArrayList<>()).add(v);
                }
            }
        }
        return members;
    }

    /** One page of a family's members (see {@link ModelFamilies#members}). */
    static ModelFamilies.MemberPage members(Connection conn, String name, ModelFamilies.MemberFilter f, int offset, int limit) throws SQLException {
        String where = " FROM model_version WHERE model_name = ? AND scope IS NOT NULL"
                + (f.scope() == null ? "" : " AND scope = ?")
                + (f.scopeContains() == null ? "" : " AND contains(lower(scope), lower(?))")
                + (f.alias() == null ? "" : " AND alias = ?");
        ParamBinder bind = ps -> {
            int k = 1;
            ps.setString(k++, name);
            if (f.scope() != null) {
                ps.setString(k++, f.scope());
            }
            if (f.scopeContains() != null) {
                ps.setString(k++, f.scopeContains());
            }
            if (f.alias() != null) {
                ps.setString(k++, f.alias());
            }
            return k;
        };
        long total;
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*)" + where)) {
            bind.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<ModelVersion> page = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(RegistryTables.VERSION_COLUMNS + where
        // numeric keys (sensor 2 before sensor 10) in their numbers' order, other keys as text after them
                + " ORDER BY scope <> 'pooled', TRY_CAST(scope AS BIGINT) NULLS LAST, scope, version DESC LIMIT ? OFFSET ?")) {
            int k = bind.bind(ps);
            ps.setInt(k++, Math.max(0, limit));
            ps.setInt(k, Math.max(0, offset));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(RegistryTables.mapVersion(rs));
                }
            }
        }
        return new ModelFamilies.MemberPage(page, total);
    }

    /** Binds a query's parameters and returns the index of the next one. */
    private interface ParamBinder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    static Map<String, Integer> productionByScope(Connection conn, String name) throws SQLException {
        Map<String, Integer> current = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT scope, version FROM model_version WHERE model_name = ? AND scope IS NOT NULL AND alias = 'production' ORDER BY scope")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return current;
    }
}
