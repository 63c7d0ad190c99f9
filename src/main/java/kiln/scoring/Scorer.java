package kiln.scoring;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.ml.ScoringModel;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;
import kiln.store.ingest.LabelCodes;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Scores readings with a registered model.
 *
 * <p><b>Production scoring</b> ({@link #catchUp}): every reading gets exactly one row in the data
 * set's prediction table, made by the version that was production at the reading's process time
 * (the registry's production timeline). Pending readings are found by anti-join on the id, so a
 * crash, a cancel or a restart between batches neither duplicates nor skips anything; a watermark
 * (the newest process time already considered, with the count of readings below it and the
 * timeline it was computed against) keeps a routine catch-up from scanning old readings. Readings
 * whose process time no production period covers are left unscored for good: the production
 * decision belongs to the version live at that time, and when there was none there was no decision.
 * A promotion at T changes which version scores readings after T; nothing already scored is redone.
 * Current challengers score the same readings into {@code shadow_prediction}.
 *
 * <p><b>Counterfactual rescoring</b> ({@link #rescore}): any version over any window into
 * {@code rescored_prediction}, once per (reading, version).
 *
 * <p>One catch-up per model runs at a time in this process; {@code shadow_prediction} and
 * {@code rescored_prediction} are keyed by (reading, version), so two models scoring the same data
 * set share those tables' version numbers.
 */
public final class Scorer {

    public static final int DEFAULT_BATCH_ROWS = 65_536;
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final KilnStore store;
    private final ModelRegistry registry;
    private final String requestedModel;
    private final Supplier<Instant> clock;
    private final ModelCache models;
    private final BatchStream stream;

    /** {@code modelName} null: the only registered model (catch-up does nothing while none is registered). */
    public Scorer(KilnStore store, ModelRegistry registry, String modelName, Supplier<Instant> clock) {
        this(store, registry, modelName, clock, DEFAULT_BATCH_ROWS);
    }

    public Scorer(KilnStore store, ModelRegistry registry, String modelName, Supplier<Instant> clock, int batchRows) {
        this(store, registry, modelName, clock, batchRows, ModelCache.DEFAULT_CAPACITY);
    }

    /** @param cachedModels how many loaded models (a family's members) to keep at most */
    public Scorer(KilnStore store, ModelRegistry registry, String modelName, Supplier<Instant> clock, int batchRows, int cachedModels) {
        this.store = store;
        this.registry = registry;
        this.requestedModel = modelName;
        this.clock = clock;
        this.models = new ModelCache(store, registry, cachedModels);
        this.stream = new BatchStream(store, batchRows);
    }

    /**
     * What a catch-up did: production predictions per version, shadow predictions, and the new
     * watermark; for a family, also how its predictions split between members and pooled (else null).
     */
    public record CatchUp(String modelName, long scored, Map<Integer, Long> scoredByVersion, long shadowScored, Instant watermark,
            boolean fullScan, FamilyCounts family) {
        static CatchUp nothing(String modelName) {
            return new CatchUp(modelName, 0, Map.of(), 0, null, false, null);
        }
    }

    /**
     * A family catch-up's split: predictions by group members and by the pooled member, readings read
     * that no production member covered (left unscored), and members loaded from their artifacts.
     */
    public record FamilyCounts(long byMembers, long byPooled, long uncovered, long membersLoaded) {
    }

    /**
     * What a rescore did: rows newly written, and rows of the window that already had a rescored
     * prediction; {@code skipped} says why nothing was rescored when the model cannot be (else null).
     */
    public record Rescore(String modelName, int version, long scored, long alreadyScored, String skipped) {
    }

    /** Loaded scoring model of a version (cached). */
    public ScoringModel model(String modelName, int version) {
        return models.get(modelName, version);
    }

    /**
     * Scores every reading that had a production version at its process time and has no prediction
     * yet; challengers shadow-score the same readings. Cheap when there is little to do.
     */
    public CatchUp catchUp(ProgressSink sink) {
        List<String> registered = registry.modelNames();
        if (registered.isEmpty() || (requestedModel != null && !registered.contains(requestedModel))) {
            // Nothing to score with yet (e.g. a simulation before its first promotion).
            return CatchUp.nothing(requestedModel);
        }
        String name = registry.resolveName(requestedModel);
        ReentrantLock lock = LOCKS.computeIfAbsent(store.path().toAbsolutePath() + "#" + name, k -> new ReentrantLock());
        lock.lock();
        try {
            return catchUpLocked(name, sink);
        } finally {
            lock.unlock();
        }
    }

    private CatchUp catchUpLocked(String name, ProgressSink sink) {
        if (registry.isFamily(name)) {
            return new FamilyScorer(store, registry.families(), models, stream, clock).catchUp(name, sink);
        }
        List<ProductionPeriod> timeline = registry.productionTimeline(name);
        if (timeline.isEmpty()) {
            return CatchUp.nothing(name);
        }
        ScoringTarget target = read(conn -> {
            ScoringTarget t = ScoringTarget.of(conn, name);
            t.requireNumericIds(conn);
            return t;
        });
        PredictionLayout layout = read(conn -> PredictionLayout.of(conn, target.spec()));
        String timelineKey = timeline.stream().map(p -> p.version() + "@" + p.start() + ".." + p.end()).collect(Collectors.joining(";"));
        List<Integer> challengers = registry.versions(name).stream()
                .filter(v -> ModelVersion.CHALLENGER.equals(v.alias())).map(ModelVersion::version).toList();

        // Every version involved, and the union of their features (versions may use different ones).
        Map<Integer, ScoringModel> byVersion = new LinkedHashMap<>();
        timeline.forEach(p -> byVersion.computeIfAbsent(p.version(), v -> models.get(name, v)));
        challengers.forEach(v -> byVersion.computeIfAbsent(v, x -> models.get(name, x)));
        List<String> features = new ArrayList<>(byVersion.values().stream().flatMap(m -> m.features().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new)));

        ScoringWatermark old = read(conn -> ScoringWatermark.load(conn, target, timelineKey));
        ScoringWatermark next = read(conn -> ScoringWatermark.snapshot(conn, target, timelineKey));
        if (next == null) {
            return CatchUp.nothing(name);
        }

        StringBuilder sql = new StringBuilder("SELECT r.").append(target.id()).append(", epoch_us(r.").append(target.time()).append(")");
        features.forEach(f -> sql.append(", r.").append(KilnStore.quoteIdentifier(f)));
        // A reading's prediction carries its time, so "not scored yet" is looked up among the predictions since `from`
        // only (a live loop catches up every batch; the whole table grew with every one).
        sql.append(" FROM ").append(target.readings()).append(" r ANTI JOIN (SELECT ").append(target.id()).append(" FROM ")
                .append(target.predictions()).append(" WHERE ").append(target.time()).append(" >= ?) p ON p.").append(target.id())
                .append(" = r.").append(target.id()).append(" WHERE r.").append(target.time()).append(" >= ? AND (");
        for (int i = 0; i < timeline.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(r.").append(target.time()).append(" >= ?")
                    .append(timeline.get(i).end() == null ? "" : " AND r." + target.time() + " < ?").append(")");
        }
        sql.append(") ORDER BY r.").append(target.time()).append(", r.").append(target.id());
        // Readings before the first promotion are never covered, so a full scan starts there.
        Instant from = old == null ? timeline.get(0).start() : old.time();

        Map<Integer, long[]> counts = new LinkedHashMap<>();
        long[] shadow = {0};
        long[] periodStart = timeline.stream().mapToLong(p -> ReadingBatch.toMicros(p.start())).toArray();
        long[] periodEnd = timeline.stream().mapToLong(p -> p.end() == null ? Long.MAX_VALUE : ReadingBatch.toMicros(p.end())).toArray();
        int[] periodVersion = timeline.stream().mapToInt(ProductionPeriod::version).toArray();

        long scored = stream.run(sql.toString(), ps -> {
            int k = 1;
            Timestamps.bind(ps, k++, from);
            Timestamps.bind(ps, k++, from);
            for (ProductionPeriod p : timeline) {
                Timestamps.bind(ps, k++, p.start());
                if (p.end() != null) {
                    Timestamps.bind(ps, k++, p.end());
                }
            }
        }, categorical(features, byVersion.values()), sink, next.readingsBefore() - (old == null ? 0 : old.readingsBefore()),
                "Scoring with " + name, batch -> {
                    int n = batch.size;
                    double[] prob = new double[n];
                    byte[] label = new byte[n];
                    int[] version = new int[n];
                    // Rows come in time order, so each period's rows are one contiguous range.
                    int row = 0;
                    while (row < n) {
                        int v = versionAt(batch.timeMicros[row], periodStart, periodEnd, periodVersion);
                        int end = row + 1;
                        while (end < n && versionAt(batch.timeMicros[end], periodStart, periodEnd, periodVersion) == v) {
                            end++;
                        }
                        ScoringModel model = byVersion.get(v);
                        double[] p = new double[end - row];
                        byte[] l = new byte[end - row];
                        model.predict(columnsFor(model, features, batch), row, end, p, l);
                        System.arraycopy(p, 0, prob, row, end - row);
                        System.arraycopy(l, 0, label, row, end - row);
                        Arrays.fill(version, row, end, v);
                        counts.computeIfAbsent(v, x -> new long[1])[0] += end - row;
                        row = end;
                    }
                    Map<Integer, double[]> shadowProb = new LinkedHashMap<>();
                    Map<Integer, byte[]> shadowLabel = new LinkedHashMap<>();
                    for (int c : challengers) {
                        double[] p = new double[n];
                        byte[] l = new byte[n];
                        byVersion.get(c).predict(columnsFor(byVersion.get(c), features, batch), 0, n, p, l);
                        shadowProb.put(c, p);
                        shadowLabel.put(c, l);
                    }
                    shadow[0] += (long) n * challengers.size();
                    long[] ids = batch.ids.clone();
                    long[] times = batch.timeMicros.clone();
                    LocalDateTime scoredAt = Timestamps.toDb(clock.get());
                    return conn -> {
                        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
                        Optional<LabelCodes.Target> codes = LabelCodes.of(conn, target.dataset()).filter(LabelCodes.Target::codesPredictions);
                        long lo = Long.MAX_VALUE;
                        long hi = Long.MIN_VALUE;
                        try (DuckDBAppender out = duck.createAppender("main", target.predictionTable())) {
                            for (int i = 0; i < n; i++) {
                                layout.append(out, ids[i], version[i], null, ReadingBatch.toTime(times[i]), label[i], prob[i], scoredAt);
                                lo = Math.min(lo, ids[i]);
                                hi = Math.max(hi, ids[i]);
                            }
                        }
                        if (codes.isPresent() && n > 0) {
                            LabelCodes.syncPredictionRange(conn, codes.get(), lo, hi);
                        }
                        if (!shadowProb.isEmpty()) {
                            try (DuckDBAppender out = duck.createAppender("main", "shadow_prediction")) {
                                for (Map.Entry<Integer, double[]> e : shadowProb.entrySet()) {
                                    double[] p = e.getValue();
                                    byte[] l = shadowLabel.get(e.getKey());
                                    for (int i = 0; i < n; i++) {
                                        out.beginRow().append(name).append(ids[i]).append((int) e.getKey()).append((int) l[i]).append(p[i])
                                                .append(scoredAt).endRow();
                                    }
                                }
                            }
                        }
                        return null;
                    };
                });
        write(conn -> {
            next.save(conn, clock.get());
            return null;
        });
        Map<Integer, Long> perVersion = new LinkedHashMap<>();
        counts.forEach((v, c) -> perVersion.put(v, c[0]));
        return new CatchUp(name, scored, perVersion, shadow[0], next.time(), old == null, null);
    }

    /**
     * Scores readings in {@code [from, to)} (either end may be null: open) with {@code version} into
     * {@code rescored_prediction}, skipping readings this version already rescored.
     */
    public Rescore rescore(int version, Instant from, Instant to, ProgressSink sink) {
        String name = registry.resolveName(requestedModel);
        if (registry.isFamily(name)) {
            // A family's counterfactual would need a member per group and time; one version alone answers nothing.
            return new Rescore(name, version, 0, 0, name + " is a model family: counterfactual rescoring covers plain models only "
                    + "(each group's readings would need that group's member).");
        }
        ModelVersion v = registry.version(name, version);
        ScoringTarget target = read(conn -> {
            ScoringTarget t = ScoringTarget.of(conn, name);
            t.requireNumericIds(conn);
            return t;
        });
        ScoringModel model = models.get(name, v.version());
        List<String> features = model.features();
        String where = " FROM " + target.readings() + " r WHERE r." + target.time() + " IS NOT NULL"
                + (from == null ? "" : " AND r." + target.time() + " >= ?") + (to == null ? "" : " AND r." + target.time() + " < ?");
        // the window's bounds (when given) bind from parameter `first` on
        IntFunction<BatchStream.Binder> window = first -> ps -> {
            int k = first;
            if (from != null) {
                Timestamps.bind(ps, k++, from);
            }
            if (to != null) {
                Timestamps.bind(ps, k, to);
            }
        };
        String rescored = "EXISTS (SELECT 1 FROM rescored_prediction p WHERE p.model_name = ? AND p.model_version = ? AND p.row_id = r."
                + target.id() + ")";
        int windowParams = (from == null ? 0 : 1) + (to == null ? 0 : 1);
        long[] totals = read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*), count(*) FILTER (WHERE NOT " + rescored + ")" + where)) {
                ps.setString(1, name);
                ps.setInt(2, version);
                window.apply(3).bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        StringBuilder sql = new StringBuilder("SELECT r.").append(target.id()).append(", epoch_us(r.").append(target.time()).append(")");
        features.forEach(f -> sql.append(", r.").append(KilnStore.quoteIdentifier(f)));
        sql.append(where).append(" AND NOT ").append(rescored).append(" ORDER BY r.").append(target.time()).append(", r.").append(target.id());
        BatchStream.Binder windowThenVersion = ps -> {
            window.apply(1).bind(ps);
            ps.setString(windowParams + 1, name);
            ps.setInt(windowParams + 2, version);
        };
        long scored = stream.run(sql.toString(), windowThenVersion, categorical(features, List.of(model)), sink, totals[1],
                "Rescoring with " + name + " v" + version, batch -> {
                    int n = batch.size;
                    double[] prob = new double[n];
                    byte[] label = new byte[n];
                    model.predict(columnsFor(model, features, batch), 0, n, prob, label);
                    long[] ids = batch.ids.clone();
                    long[] times = batch.timeMicros.clone();
                    return conn -> {
                        try (DuckDBAppender out = conn.unwrap(DuckDBConnection.class).createAppender("main", "rescored_prediction")) {
                            for (int i = 0; i < n; i++) {
                                out.beginRow().append(name).append(ids[i]).append(version).append(ReadingBatch.toTime(times[i])).append(
                                        (int) label[i])
                                        .append(prob[i]).endRow();
                            }
                        }
                        return null;
                    };
                });
        return new Rescore(name, version, scored, totals[0] - totals[1], null);
    }

    private static int versionAt(long micros, long[] start, long[] end, int[] version) {
        int found = -1;
        for (int i = 0; i < start.length; i++) {
            if (micros >= start[i] && micros < end[i]) {
                found = version[i];
            }
        }
        return found;
    }

    /** The batch's columns in {@code model}'s feature order, categorical ones coded with the model's own categories. */
    static double[][] columnsFor(ScoringModel model, List<String> features, ReadingBatch batch) {
        List<String> own = model.features();
        double[][] cols = new double[own.size()][];
        for (int f = 0; f < cols.length; f++) {
            int column = features.indexOf(own.get(f));
            cols[f] = model.categorical(f) ? model.categoryCodes(f, batch.categories[column], batch.size) : batch.columns[column];
        }
        return cols;
    }

    /** Per feature, whether any of the models takes it as categorical (it is then read as text). */
    private static boolean[] categorical(List<String> features, Collection<ScoringModel> models) {
        boolean[] out = new boolean[features.size()];
        for (ScoringModel m : models) {
            for (int f = 0; f < m.features().size(); f++) {
                if (m.categorical(f)) {
                    out[features.indexOf(m.features().get(f))] = true;
                }
            }
        }
        return out;
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException("Scoring query failed", e);
        }
    }

    private void write(SqlWork<Void> work) {
        try {
            store.writeTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException("Saving the scoring watermark failed", e);
        }
    }
}
