package kiln.registry;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;

/**
 * The model registry: immutable numbered versions of named models, aliases (production at most one
 * per model, challenger, archived) and an append-only event history that answers "which version was
 * in production at time T?". Event times come from the injected clock: the simulated clock while
 * simulating, the wall clock otherwise.
 */
public final class ModelRegistry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final KilnStore store;
    private final Supplier<Instant> clock;

    public ModelRegistry(KilnStore store, Supplier<Instant> clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The registry clock's now: the time an event recorded at this moment would carry. */
    public Instant now() {
        return clock.get();
    }

    /** The family operations (register, promote and roll back members) on the same store and clock. */
    public ModelFamilies families() {
        return new ModelFamilies(store, clock);
    }

    /** Whether {@code modelName} is a model family. */
    public boolean isFamily(String modelName) {
        return read(conn -> RegistryTables.isFamily(conn, RegistryTables.resolveName(conn, modelName)));
    }

    /** The OS user, the default author of registry events. */
    public static String currentUser() {
        return System.getProperty("user.name", "unknown");
    }

    /**
     * Registers finished run {@code runId} as the next version of {@code modelName} (default: the run's
     * data set name).
     */
    public ModelVersion register(int runId, String modelName, String note, String by) {
        return inTransaction(conn -> {
            String dataset;
            String status;
            try (PreparedStatement ps = conn.prepareStatement("SELECT dataset, status, artifact IS NOT NULL FROM run WHERE run_id = ?")) {
                ps.setInt(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new RegistryException("There is no run " + runId + ".");
                    }
                    dataset = rs.getString(1);
                    status = rs.getString(2);
                    if (!rs.getBoolean(3)) {
                        throw new RegistryException("Run " + runId + " has no model artifact to register.");
                    }
                }
            }
            if (!"finished".equals(status) && !"imported".equals(status)) {
                throw new RegistryException("Run " + runId + " is " + status + "; only finished runs can be registered.");
            }
            String name = modelName != null ? modelName : dataset;
            checkName(name);
            if (RegistryTables.isFamily(conn, name)) {
                throw new RegistryException("'" + name + "' is a model family; its members come from a per-group training "
                        + "(kiln model register-family).");
            }
            RegistryTables.ensureModel(conn, name, dataset);
            int version = RegistryTables.nextVersion(conn, name);
            Instant now = clock.get();
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO model_version (model_name, version, run_id, created_at, created_by, alias, source, note) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)")) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.setInt(3, runId);
                Timestamps.bind(ps, 4, now);
                ps.setString(5, by);
                ps.setString(6, "imported".equals(status) ? "import" : "run");
                ps.setString(7, note);
                ps.executeUpdate();
            }
            RegistryTables.event(conn, name, version, ModelEvent.REGISTER, null, now, by, note == null ? "from run " + runId : note);
            return RegistryTables.version(conn, name, version);
        });
    }

    /** Gives {@code alias} (production or challenger) to a version; a previous holder of production is demoted. */
    public ModelVersion promote(String modelName, int version, String alias, String note, String by) {
        return promote(modelName, version, alias, note, by, null);
    }

    /**
     * Like {@link #promote(String, int, String, String, String)}, with the time the promotion takes effect
     * ({@code at}; null for the clock's now), for promotions carried out later than they were decided.
     */
    public ModelVersion promote(String modelName, int version, String alias, String note, String by, Instant at) {
        if (!ModelVersion.PRODUCTION.equals(alias) && !ModelVersion.CHALLENGER.equals(alias)) {
            throw new RegistryException("A version can be promoted to production or challenger, not '" + alias + "'.");
        }
        return inTransaction(conn -> {
            String name = RegistryTables.resolveName(conn, modelName);
            ModelVersion target = RegistryTables.version(conn, name, version);
            if (ModelVersion.ARCHIVED.equals(target.alias())) {
                throw new RegistryException(name + " v" + version + " is archived and cannot be promoted.");
            }
            if (alias.equals(target.alias())) {
                throw new RegistryException(name + " v" + version + " is already " + alias + ".");
            }
            Instant now = at != null ? at : clock.get();
            if (ModelVersion.PRODUCTION.equals(alias)) {
                // production is held once per scope: a family member replaces only its own group's member
                for (int holder : RegistryTables.productionHolders(conn, name, target.scope())) {
                    RegistryTables.setAlias(conn, name, holder, null);
                    RegistryTables.event(conn, name, holder, ModelEvent.DEMOTE, ModelVersion.PRODUCTION, now, by, "replaced by v" + version,
                            target.scope());
                }
            }
            RegistryTables.setAlias(conn, name, version, alias);
            RegistryTables.event(conn, name, version, ModelEvent.PROMOTE, alias, now, by, note, target.scope());
            return RegistryTables.version(conn, name, version);
        });
    }

    /** Removes a version's alias. */
    public ModelVersion demote(String modelName, int version, String note, String by) {
        return inTransaction(conn -> {
            String name = RegistryTables.resolveName(conn, modelName);
            ModelVersion target = RegistryTables.version(conn, name, version);
            if (target.alias() == null || ModelVersion.ARCHIVED.equals(target.alias())) {
                throw new RegistryException(name + " v" + version + " has no alias to remove.");
            }
            RegistryTables.setAlias(conn, name, version, null);
            RegistryTables.event(conn, name, version, ModelEvent.DEMOTE, target.alias(), clock.get(), by, note, target.scope());
            return RegistryTables.version(conn, name, version);
        });
    }

    /** Archives a version (demoting it first if it holds an alias). Nothing is deleted. */
    public ModelVersion archive(String modelName, int version, String note, String by) {
        return inTransaction(conn -> {
            String name = RegistryTables.resolveName(conn, modelName);
            ModelVersion target = RegistryTables.version(conn, name, version);
            Instant now = clock.get();
            if (ModelVersion.ARCHIVED.equals(target.alias())) {
                throw new RegistryException(name + " v" + version + " is already archived.");
            }
            if (target.alias() != null) {
                RegistryTables.event(conn, name, version, ModelEvent.DEMOTE, target.alias(), now, by, "archived", target.scope());
            }
            RegistryTables.setAlias(conn, name, version, ModelVersion.ARCHIVED);
            RegistryTables.event(conn, name, version, ModelEvent.ARCHIVE, ModelVersion.ARCHIVED, now, by, note, target.scope());
            return RegistryTables.version(conn, name, version);
        });
    }

    /** Records a promotion gate's verdict as an event. */
    public void recordGate(String modelName, int version, boolean passed, String verdict, String by) {
        inTransaction(conn -> {
            RegistryTables.event(conn, RegistryTables.resolveName(conn, modelName), version, ModelEvent.GATE, passed ? "passed" : "failed", clock
                    .get(), by, verdict);
            return null;
        });
    }

    /** Sets (or clears, with null) the promotion gate of a model: candidates must beat production by {@code margin} on {@code metric}. */
    public void setGate(String modelName, String metric, Double margin) {
        inTransaction(conn -> {
            String name = RegistryTables.resolveName(conn, modelName);
            try (PreparedStatement ps = conn.prepareStatement("UPDATE registered_model SET gate_metric = ?, gate_margin = ? WHERE model_name = ?")) {
                ps.setString(1, metric);
                ps.setObject(2, margin);
                ps.setString(3, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The gate of a model as (metric, margin), if one is set. */
    public Optional<Gate> gate(String modelName) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT gate_metric, gate_margin FROM registered_model WHERE model_name = ?")) {
                ps.setString(1, RegistryTables.resolveName(conn, modelName));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        return Optional.of(new Gate(rs.getString(1), rs.getDouble(2)));
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** A promotion gate. */
    public record Gate(String metric, double margin) {
    }

    /** The data set a registered model was trained on. */
    public String datasetOf(String modelName) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT dataset FROM registered_model WHERE model_name = ?")) {
                ps.setString(1, RegistryTables.resolveName(conn, modelName));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    public List<String> modelNames() {
        return read(RegistryTables::modelNames);
    }

    /** The given name, or the only registered model's name when {@code modelName} is null. */
    public String resolveName(String modelName) {
        return read(conn -> RegistryTables.resolveName(conn, modelName));
    }

    public List<ModelVersion> versions(String modelName) {
        return read(conn -> RegistryTables.versions(conn, RegistryTables.resolveName(conn, modelName)));
    }

    /** Every version of every model, newest first per model. */
    public List<ModelVersion> allVersions() {
        return read(conn -> {
            List<ModelVersion> all = new ArrayList<>();
            for (String name : RegistryTables.modelNames(conn)) {
                all.addAll(RegistryTables.versions(conn, name));
            }
            return all;
        });
    }

    public ModelVersion version(String modelName, int version) {
        return read(conn -> RegistryTables.version(conn, RegistryTables.resolveName(conn, modelName), version));
    }

    public Optional<ModelVersion> production(String modelName) {
        return versions(modelName).stream().filter(ModelVersion::isProduction).findFirst();
    }

    /**
     * Events in the order they happened; all models when {@code modelName} is null and several exist.
     * For a family, the events of its pooled member (its members' events: {@link ModelFamilies#history}).
     */
    public List<ModelEvent> history(String modelName) {
        return read(conn -> {
            List<String> names = modelName == null ? RegistryTables.modelNames(conn) : List.of(RegistryTables.resolveName(conn, modelName));
            return RegistryTables.events(conn, names, true, null);
        });
    }

    /**
     * The spans during which each version was production, oldest first; for a family, those of its
     * pooled member (each group's own timeline: {@link ModelFamilies#productionTimelines}).
     */
    public List<ProductionPeriod> productionTimeline(String modelName) {
        String name = resolveName(modelName);
        return productionTimeline(name, history(name));
    }

    /** The production timeline of the plain model's (or the family's pooled member's) events among {@code events}. */
    static List<ProductionPeriod> productionTimeline(String name, List<ModelEvent> events) {
        return periods(name, events.stream().filter(e -> e.scope() == null || ModelVersion.POOLED.equals(e.scope())).toList());
    }

    /** The production spans that {@code events} (all of one scope, in the order they happened) describe. */
    static List<ProductionPeriod> periods(String name, List<ModelEvent> events) {
        List<ProductionPeriod> periods = new ArrayList<>();
        ProductionPeriod open = null;
        for (ModelEvent e : events) {
            if (!ModelVersion.PRODUCTION.equals(e.alias()) || e.version() == null) {
                continue;
            }
            if (ModelEvent.PROMOTE.equals(e.action())) {
                if (open != null) {
                    periods.add(new ProductionPeriod(name, open.version(), open.start(), e.at(), open.promotedBy(), open.note()));
                }
                open = new ProductionPeriod(name, e.version(), e.at(), null, e.by(), e.note());
            } else if (ModelEvent.DEMOTE.equals(e.action()) && open != null && open.version() == e.version()) {
                periods.add(new ProductionPeriod(name, open.version(), open.start(), e.at(), open.promotedBy(), open.note()));
                open = null;
            }
        }
        if (open != null) {
            periods.add(open);
        }
        return periods;
    }

    /** Which version was production at {@code t}, if any. */
    public Optional<Integer> productionAt(String modelName, Instant t) {
        return productionTimeline(modelName).stream().filter(p -> p.covers(t)).map(ProductionPeriod::version).reduce((a, b) -> b);
    }

    /** The run behind a version: where its model artifact lives. */
    public int runOf(String modelName, int version) {
        Integer run = version(modelName, version).runId();
        if (run == null) {
            throw new RegistryException(modelName + " v" + version + " has no run.");
        }
        return run;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RegistryException("'" + name + "' is not a valid model name: use letters, digits, '.', '_' or '-' (at most 64).");
        }
    }

    /** Work inside one transaction on the writer thread. */
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
