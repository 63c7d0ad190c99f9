package kiln.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;

/**
 * Model families (decision 0013): one registered model whose versions are its members, each with a
 * scope (a group's key, or {@code pooled}). Aliases hold per scope, so promoting a member replaces
 * only its own group's member; promoting the family promotes every member of one training at once.
 * Members are read a page at a time: a family may have tens of thousands.
 */
public final class ModelFamilies {

    private final KilnStore store;
    private final Supplier<Instant> clock;

    ModelFamilies(KilnStore store, Supplier<Instant> clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Which members to list: a scope exactly, or scopes containing some text, and/or one alias. All null: every member. */
    public record MemberFilter(String scope, String scopeContains, String alias) {
        public static final MemberFilter ALL = new MemberFilter(null, null, null);

        public static MemberFilter scope(String scope) {
            return new MemberFilter(scope, null, null);
        }
    }

    /** One page of members, and how many match in all. */
    public record MemberPage(List<ModelVersion> members, long total) {
    }

    /**
     * Registers a per-group training as members of family {@code modelName}: one version per scope,
     * from the run given for it ({@code runs} must hold {@code pooled}). Creates the family if it does
     * not exist; versions are numbered on from the family's newest.
     */
    public List<ModelVersion> registerFamily(String modelName, Map<String, Integer> runs, String note, String by) {
        ModelRegistry.checkName(modelName);
        if (!runs.containsKey(ModelVersion.POOLED)) {
            throw new RegistryException("A family needs a pooled member (a run trained on every group) to serve groups without their own.");
        }
        return inTransaction(conn -> {
            String dataset = checkRuns(conn, runs);
            boolean exists = RegistryTables.modelNames(conn).contains(modelName);
            if (exists && !RegistryTables.isFamily(conn, modelName)) {
                throw new RegistryException("'" + modelName + "' is a plain model; a family needs a name of its own.");
            }
            if (!exists) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO registered_model (model_name, dataset, family) VALUES (?, ?, true)")) {
                    ps.setString(1, modelName);
                    ps.setString(2, dataset);
                    ps.executeUpdate();
                }
            }
            // pooled first, then the groups in their keys' order, so version numbers read like the group list
            Map<String, Integer> ordered = new LinkedHashMap<>();
            ordered.put(ModelVersion.POOLED, runs.get(ModelVersion.POOLED));
            new TreeMap<>(runs).forEach(ordered::putIfAbsent);
            int next = RegistryTables.nextVersion(conn, modelName);
            Instant now = clock.get();
            String who = by == null ? ModelRegistry.currentUser() : by;
            List<ModelVersion> created = new ArrayList<>();
            List<Integer> versions = new ArrayList<>();
            List<String> scopes = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            List<Integer> runIds = new ArrayList<>();
            for (Map.Entry<String, Integer> e : ordered.entrySet()) {
                created.add(new ModelVersion(modelName, next, e.getValue(), now, who, null, "run", note, e.getKey()));
                versions.add(next++);
                scopes.add(e.getKey());
                runIds.add(e.getValue());
                notes.add(note == null ? "from run " + e.getValue() : note);
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO model_version (model_name, version, run_id, created_at, created_by, alias, source, note, scope) "
                            + "SELECT ?, m.v, m.r, ?, ?, NULL, 'run', ?, m.s FROM (SELECT unnest(?::INTEGER[]) AS v, "
                            + "unnest(?::INTEGER[]) AS r, unnest(?::VARCHAR[]) AS s) m")) {
                ps.setString(1, modelName);
                Timestamps.bind(ps, 2, now);
                ps.setString(3, who);
                ps.setString(4, note);
                ps.setObject(5, conn.createArrayOf("INTEGER", versions.toArray()));
                ps.setObject(6, conn.createArrayOf("INTEGER", runIds.toArray()));
                ps.setObject(7, conn.createArrayOf("VARCHAR", scopes.toArray()));
                ps.executeUpdate();
            }
            RegistryTables.events(conn, modelName, versions, scopes, ModelEvent.REGISTER, null, now, who, notes);
            return created;
        });
    }

    /**
     * Registers one run as a new member of {@code scope} in the existing family {@code modelName} (a
     * group retrained on its own, e.g. after its alert); it serves nothing until promoted.
     */
    public ModelVersion registerMember(String modelName, String scope, int runId, String note, String by) {
        if (scope == null || scope.isBlank()) {
            throw new RegistryException("A member needs a scope (a group's key, or pooled).");
        }
        return inTransaction(conn -> {
            String name = requireFamily(conn, modelName);
            checkRuns(conn, Map.of(scope, runId));
            int version = RegistryTables.nextVersion(conn, name);
            Instant now = clock.get();
            String who = by == null ? ModelRegistry.currentUser() : by;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_version (model_name, version, run_id, created_at, created_by, "
                    + "alias, source, note, scope) VALUES (?, ?, ?, ?, ?, NULL, 'run', ?, ?)")) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.setInt(3, runId);
                Timestamps.bind(ps, 4, now);
                ps.setString(5, who);
                ps.setString(6, note);
                ps.setString(7, scope);
                ps.executeUpdate();
            }
            RegistryTables.events(conn, name, List.of(version), List.of(scope), ModelEvent.REGISTER, null, now, who,
                    List.of(note == null ? "from run " + runId : note));
            return new ModelVersion(name, version, runId, now, who, null, "run", note, scope);
        });
    }

    /** The runs must exist, be finished, have a model and share one data set (returned). */
    private static String checkRuns(Connection conn, Map<String, Integer> runs) throws SQLException {
        Map<Integer, String[]> found = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT run_id, dataset, status, artifact IS NOT NULL FROM run WHERE list_contains(?, run_id)")) {
            ps.setObject(1, conn.createArrayOf("INTEGER", runs.values().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3), String.valueOf(rs.getBoolean(4))});
                }
            }
        }
        String dataset = null;
        for (Map.Entry<String, Integer> e : runs.entrySet()) {
            String[] run = found.get(e.getValue());
            String what = "Run " + e.getValue() + " (for " + e.getKey() + ")";
            if (run == null) {
                throw new RegistryException("There is no run " + e.getValue() + " (for " + e.getKey() + ").");
            }
            if (!"finished".equals(run[1])) {
                throw new RegistryException(what + " is " + run[1] + "; only finished runs can be registered.");
            }
            if (!Boolean.parseBoolean(run[2])) {
                throw new RegistryException(what + " has no model artifact to register.");
            }
            if (dataset != null && !dataset.equals(run[0])) {
                throw new RegistryException(what + " was trained on '" + run[0] + "', the others on '" + dataset + "'.");
            }
            dataset = run[0];
        }
        return dataset;
    }

    /** The members registered together most recently (one training), pooled first. */
    public List<ModelVersion> latestTraining(String modelName) {
        return read(conn -> FamilyTables.latestTraining(conn, requireFamily(conn, modelName)));
    }

    /**
     * Promotes a training's members to production at {@code at} (null: the clock's now), each
     * replacing its own scope's member. Groups whose production member is not among them lose it, so
     * the pooled member serves them: the family then serves exactly as that training says.
     * Returns the number of members promoted (members already in production stay and are not counted).
     */
    public int promoteFamily(String modelName, Collection<Integer> versions, String note, String by, Instant at) {
        return inTransaction(conn -> {
            String name = requireFamily(conn, modelName);
            Map<Integer, ModelVersion> found = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(RegistryTables.VERSION_COLUMNS + "FROM model_version WHERE model_name = ? "
                    + "AND list_contains(?, version)")) {
                ps.setString(1, name);
                ps.setObject(2, conn.createArrayOf("INTEGER", versions.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ModelVersion m = RegistryTables.mapVersion(rs);
                        found.put(m.version(), m);
                    }
                }
            }
            Map<String, Integer> chosen = new LinkedHashMap<>();
            for (int v : versions) {
                ModelVersion m = found.get(v);
                if (m == null || m.scope() == null) {
                    throw new RegistryException(name + " has no member v" + v + ".");
                }
                if (ModelVersion.ARCHIVED.equals(m.alias())) {
                    throw new RegistryException(name + " v" + v + " (" + m.scope() + ") is archived and cannot be promoted.");
                }
                if (chosen.put(m.scope(), v) != null) {
                    throw new RegistryException("Versions " + chosen.get(m.scope()) + " and " + v + " are both members for " + m.scope()
                            + "; a family promotion takes one member per scope.");
                }
            }
            if (!chosen.containsKey(ModelVersion.POOLED)) {
                throw new RegistryException("A family promotion needs a pooled member.");
            }
            Map<String, Integer> current = FamilyTables.productionByScope(conn, name);
            Instant now = at != null ? at : clock.get();
            List<Integer> demoted = new ArrayList<>();
            List<String> demotedScopes = new ArrayList<>();
            List<String> demoteNotes = new ArrayList<>();
            current.forEach((scope, v) -> {
                Integer replacement = chosen.get(scope);
                if (replacement == null || replacement.intValue() != v) {
                    demoted.add(v);
                    demotedScopes.add(scope);
                    demoteNotes.add(replacement == null ? "family promoted without a member for " + scope + "; pooled serves it"
                            : "replaced by v" + replacement);
                }
            });
            List<Integer> promoted = new ArrayList<>();
            List<String> promotedScopes = new ArrayList<>();
            chosen.forEach((scope, v) -> {
                if (!v.equals(current.get(scope))) {
                    promoted.add(v);
                    promotedScopes.add(scope);
                }
            });
            String who = by == null ? ModelRegistry.currentUser() : by;
            RegistryTables.setAliases(conn, name, demoted, null);
            RegistryTables.events(conn, name, demoted, demotedScopes, ModelEvent.DEMOTE, ModelVersion.PRODUCTION, now, who, demoteNotes);
            RegistryTables.setAliases(conn, name, promoted, ModelVersion.PRODUCTION);
            String promoteNote = note == null ? "family promotion" : note;
            RegistryTables.events(conn, name, promoted, promotedScopes, ModelEvent.PROMOTE, ModelVersion.PRODUCTION, now, who,
                    Collections.nCopies(promoted.size(), promoteNote));
            return promoted.size();
        });
    }

    /** Gives {@code alias} (production or challenger) to the member {@code version} of {@code scope}; production replaces only that scope's member. */
    public ModelVersion promoteMember(String modelName, String scope, int version, String alias, String note, String by, Instant at) {
        ModelVersion member = read(conn -> RegistryTables.version(conn, requireFamily(conn, modelName), version));
        if (!scope.equals(member.scope())) {
            throw new RegistryException(modelName + " v" + version + " is the member for " + (member.scope() == null ? "no group" : member.scope())
                    + ", not for " + scope + ".");
        }
        return new ModelRegistry(store, clock).promote(modelName, version, alias, note, by, at);
    }

    /**
     * Re-promotes the member that was production in {@code scope} before the current one, at
     * {@code at} (null: now). Fails when the scope has no earlier member to go back to.
     */
    public ModelVersion rollbackMember(String modelName, String scope, String note, String by, Instant at) {
        List<ProductionPeriod> timeline = productionTimelines(modelName, scope).getOrDefault(scope, List.of());
        Optional<ProductionPeriod> live = timeline.isEmpty() || timeline.get(timeline.size() - 1).end() != null
                ? Optional.empty() : Optional.of(timeline.get(timeline.size() - 1));
        if (live.isEmpty()) {
            throw new RegistryException(modelName + " has no production member for " + scope + " to roll back.");
        }
        for (int i = timeline.size() - 2; i >= 0; i--) {
            int earlier = timeline.get(i).version();
            if (earlier == live.get().version()) {
                continue;
            }
            ModelVersion candidate = read(conn -> RegistryTables.version(conn, modelName, earlier));
            if (ModelVersion.ARCHIVED.equals(candidate.alias())) {
                continue;
            }
            return new ModelRegistry(store, clock).promote(modelName, earlier, ModelVersion.PRODUCTION,
                    note == null ? "rollback from v" + live.get().version() : note, by, at);
        }
        throw new RegistryException(modelName + " has no earlier production member for " + scope + " than v" + live.get().version()
                + " to roll back to.");
    }

    /** Every event of the family (registrations, promotions, rollbacks of every member), or of one scope's member. */
    public List<ModelEvent> history(String modelName, String scope) {
        return read(conn -> RegistryTables.events(conn, List.of(requireFamily(conn, modelName)), false, scope));
    }

    /** The production member of each scope, by scope. */
    public Map<String, ModelVersion> productionMembers(String modelName) {
        return read(conn -> FamilyTables.productionMembers(conn, requireFamily(conn, modelName)));
    }

    /** Every member's run, by version (for loading members without a query each). */
    public Map<Integer, Integer> memberRuns(String modelName) {
        return read(conn -> FamilyTables.memberRuns(conn, requireFamily(conn, modelName)));
    }

    /** When each of {@code versions} last became production (versions never promoted are left out), for a page of members. */
    public Map<Integer, Instant> promotedAt(String modelName, Collection<Integer> versions) {
        return read(conn -> FamilyTables.promotedAt(conn, requireFamily(conn, modelName), versions));
    }

    /** The challenger members, by scope (a scope may have several). */
    public Map<String, List<ModelVersion>> challengerMembers(String modelName) {
        return read(conn -> FamilyTables.challengerMembers(conn, requireFamily(conn, modelName)));
    }

    /** One page of members ordered by scope (pooled first, numeric keys by number), newest version first within a scope. */
    public MemberPage members(String modelName, MemberFilter filter, int offset, int limit) {
        MemberFilter f = filter == null ? MemberFilter.ALL : filter;
        return read(conn -> FamilyTables.members(conn, requireFamily(conn, modelName), f, offset, limit));
    }

    /**
     * Each scope's production timeline (the spans each member was production), from the registry's
     * events; {@code onlyScope} non-null reads that scope's events only.
     */
    public Map<String, List<ProductionPeriod>> productionTimelines(String modelName, String onlyScope) {
        return read(conn -> {
            String name = requireFamily(conn, modelName);
            Map<String, List<ModelEvent>> byScope = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT event_id, model_name, version, action, alias, \"at\", \"by\", note, scope "
                    + "FROM model_event WHERE model_name = ? AND scope IS NOT NULL AND alias = 'production' AND version IS NOT NULL"
                    + (onlyScope == null ? "" : " AND scope = ?") + " ORDER BY \"at\", event_id")) {
                ps.setString(1, name);
                if (onlyScope != null) {
                    ps.setString(2, onlyScope);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ModelEvent e = new ModelEvent(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                Timestamps.read(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9));
                        byScope.computeIfAbsent(e.scope(), k -> new ArrayList<>()).add(e);
                    }
                }
            }
            Map<String, List<ProductionPeriod>> timelines = new TreeMap<>();
            byScope.forEach((scope, events) -> {
                List<ProductionPeriod> periods = ModelRegistry.periods(name, events);
                if (!periods.isEmpty()) {
                    timelines.put(scope, periods);
                }
            });
            return timelines;
        });
    }

    private static String requireFamily(Connection conn, String modelName) throws SQLException {
        String name = RegistryTables.resolveName(conn, modelName);
        if (!RegistryTables.isFamily(conn, name)) {
            throw new RegistryException("'" + name + "' is a plain model, not a family: it has versions, not members.");
        }
        return name;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try {
            return store.writeTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException("Registry update failed", e);
        }
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException("Registry query failed", e);
        }
    }
}
