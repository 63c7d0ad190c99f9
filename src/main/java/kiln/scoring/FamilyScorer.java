package kiln.scoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.DatasetSpec;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.ml.ScoringModel;
import kiln.registry.ModelFamilies;
import kiln.registry.RegistryException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;
import kiln.store.ingest.LabelCodes;

/**
 * Production scoring of a model family (the seed's {@code groupby(SensorId).apply}): each reading is
 * scored exactly once, by the member its group had in production at the reading's time (each
 * scope's own production timeline), else by the pooled member then in production; readings neither
 * covers stay unscored, as for a plain model. Every prediction records its member's scope in the
 * prediction table's {@code model_scope} column, which the first family catch-up adds. Challenger
 * members shadow-score their own group's readings (a pooled challenger: the readings pooled serves).
 *
 * <p>Pending readings are read ordered by group, so each batch needs only a few members and each
 * member is loaded about once per catch-up from the bounded {@link ModelCache}; each member's rows of
 * a batch are one contiguous range, predicted in one call.
 */
final class FamilyScorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KilnStore store;
    private final ModelFamilies families;
    private final ModelCache models;
    private final BatchStream stream;
    private final Supplier<Instant> clock;

    FamilyScorer(KilnStore store, ModelFamilies families, ModelCache models, BatchStream stream, Supplier<Instant> clock) {
        this.store = store;
        this.families = families;
        this.models = models;
        this.stream = stream;
        this.clock = clock;
    }

    /** One scope's production spans as arrays, for a fast look-up per reading. */
    private record Spans(String scope, long[] start, long[] end, int[] version) {

        static Spans of(String scope, List<ProductionPeriod> periods) {
            return new Spans(scope, periods.stream().mapToLong(p -> ReadingBatch.toMicros(p.start())).toArray(),
                    periods.stream().mapToLong(p -> p.end() == null ? Long.MAX_VALUE : ReadingBatch.toMicros(p.end())).toArray(),
                    periods.stream().mapToInt(ProductionPeriod::version).toArray());
        }

        /** The version in production at {@code micros}, or -1. */
        int at(long micros) {
            int found = -1;
            for (int i = 0; i < start.length; i++) {
                if (micros >= start[i] && micros < end[i]) {
                    found = version[i];
                }
            }
            return found;
        }
    }

    Scorer.CatchUp catchUp(String name, ProgressSink sink) {
        Map<String, List<ProductionPeriod>> timelines = families.productionTimelines(name, null);
        if (timelines.isEmpty()) {
            return Scorer.CatchUp.nothing(name);
        }
        ScoringTarget target = read(conn -> {
            ScoringTarget t = ScoringTarget.of(conn, name);
            t.requireNumericIds(conn);
            return t;
        });
        DatasetSpec spec = target.spec();
        if (!spec.hasGroups()) {
            throw new RegistryException("Model family '" + name + "' scores data set '" + spec.name()
                    + "', which has no group column; import it with --group COLUMN.");
        }
        write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("ALTER TABLE " + target.predictions() + " ADD COLUMN IF NOT EXISTS " + PredictionLayout.SCOPE_COLUMN + " VARCHAR");
            }
            return null;
        });
        PredictionLayout layout = read(conn -> PredictionLayout.of(conn, spec));
        Map<String, List<ModelVersion>> challengers = families.challengerMembers(name);
        Map<Integer, Integer> runs = families.memberRuns(name);

        Map<String, Spans> byGroup = new HashMap<>();
        timelines.forEach((scope, periods) -> byGroup.put(scope, Spans.of(scope, periods)));
        Spans pooled = byGroup.remove(ModelVersion.POOLED);
        Set<Integer> involved = new LinkedHashSet<>();
        timelines.values().forEach(ps -> ps.forEach(p -> involved.add(p.version())));
        challengers.values().forEach(vs -> vs.forEach(v -> involved.add(v.version())));
        List<String> features = featureUnion(involved.stream().map(runs::get).filter(r -> r != null).toList());
        boolean[] categorical = new boolean[features.size()];
        for (int f = 0; f < categorical.length; f++) {
            DatasetSpec.FeatureSpec fs = spec.feature(features.get(f));
            categorical[f] = fs != null && !fs.numeric();
        }

        String timelineKey = timelineKey(timelines);
        ScoringWatermark old = read(conn -> ScoringWatermark.load(conn, target, timelineKey));
        ScoringWatermark next = read(conn -> ScoringWatermark.snapshot(conn, target, timelineKey));
        if (next == null) {
            return Scorer.CatchUp.nothing(name);
        }
        Instant from = old != null ? old.time()
                : timelines.values().stream().map(ps -> ps.get(0).start()).min(Instant::compareTo).orElseThrow();
        // The family's groups, numbered: the query joins each reading's key to its number, so no row's key is read as text.
        Set<String> scopes = new LinkedHashSet<>(byGroup.keySet());
        challengers.keySet().forEach(scopes::add);
        scopes.remove(ModelVersion.POOLED);
        String[] keys = scopes.toArray(String[]::new);
        Integer[] numbers = new Integer[keys.length];
        Spans[] spansOf = new Spans[keys.length];
        for (int g = 0; g < keys.length; g++) {
            numbers[g] = g;
            spansOf[g] = byGroup.get(keys[g]);
        }
        String group = KilnStore.quoteIdentifier(spec.groupColumn());
        StringBuilder sql = new StringBuilder("SELECT r.").append(target.id()).append(", epoch_us(r.").append(target.time())
                .append("), k.n");
        features.forEach(f -> sql.append(", r.").append(KilnStore.quoteIdentifier(f)));
        // "Not scored yet" among the predictions since `from` only (a prediction carries its reading's time), as the plain scorer.
        sql.append(" FROM ").append(target.readings()).append(" r ANTI JOIN (SELECT ").append(target.id()).append(" FROM ")
                .append(target.predictions()).append(" WHERE ").append(target.time()).append(" >= ?) p ON p.").append(target.id())
                .append(" = r.").append(target.id())
                .append(" LEFT JOIN (SELECT unnest(?::VARCHAR[]) AS scope, unnest(?::INTEGER[]) AS n) k")
                .append(" ON k.scope = CAST(r.").append(group).append(" AS VARCHAR) WHERE r.").append(target.time())
                .append(" >= ? ORDER BY ");
        // Time order, as the plain scorer reads, keeps each batch's ids together (the prediction table's key takes them
        // fastest so) and needs every member at once; a family larger than the member cache is read group by group
        // instead, so each member is loaded about once per catch-up rather than once per batch.
        boolean groupOrder = involved.size() > models.capacity();
        if (groupOrder) {
            sql.append("r.").append(group).append(", ");
        }
        sql.append("r.").append(target.time()).append(", r.").append(target.id());

        long loadsBefore = models.loads();
        boolean[] prefetched = {groupOrder};
        Map<Integer, long[]> counts = new LinkedHashMap<>();
        long[] totals = new long[3]; // by group members, by pooled, shadow predictions
        long streamed = stream.run(sql.toString(), ps -> {
            Timestamps.bind(ps, 1, from);
            ps.setArray(2, ps.getConnection().createArrayOf("VARCHAR", keys));
            ps.setArray(3, ps.getConnection().createArrayOf("INTEGER", numbers));
            Timestamps.bind(ps, 4, from);
        }, categorical, true, sink, next.readingsBefore() - (old == null ? 0 : old.readingsBefore()), "Scoring family " + name, batch -> {
            if (!prefetched[0]) {
                prefetched[0] = true;
                prefetch(name, timelines, challengers, runs, from);
            }
            int n = batch.size;
            MemberPredictions out = new MemberPredictions(batch);
            // Each group's rows in batch (time) order, by a counting sort on the group's number; bucket 0: no member of its own.
            int[] begin = new int[keys.length + 2];
            for (int i = 0; i < n; i++) {
                begin[batch.groups[i] + 2]++;
            }
            for (int b = 1; b < begin.length; b++) {
                begin[b] += begin[b - 1];
            }
            int[] rows = new int[n];
            int[] fillAt = Arrays.copyOf(begin, begin.length);
            for (int i = 0; i < n; i++) {
                rows[fillAt[batch.groups[i] + 1]++] = i;
            }
            if (groupOrder) {
                preloadGroups(name, keys, begin, byGroup, pooled, challengers, runs);
            }
            for (int b = 0; b <= keys.length; b++) {
                if (begin[b + 1] > begin[b]) {
                    String key = b == 0 ? null : keys[b - 1];
                    scoreGroup(name, key, b == 0 ? null : spansOf[b - 1], pooled, challengers, runs, features, batch,
                            Arrays.copyOfRange(rows, begin[b], begin[b + 1]), out, counts, totals);
                }
            }
            LocalDateTime scoredAt = Timestamps.toDb(clock.get());
            return conn -> {
                out.store(conn, name, target, layout, scoredAt);
                if (!groupOrder) {
                    // A time-ordered batch's ids lie close together: its labels are coded as the plain scorer codes them.
                    out.syncLabelCodes(conn, target);
                }
                return null;
            };
        });
        write(conn -> {
            if (groupOrder) {
                syncLabelCodes(conn, target, from);
            }
            next.save(conn, clock.get());
            return null;
        });
        Map<Integer, Long> perVersion = new LinkedHashMap<>();
        counts.forEach((v, c) -> perVersion.put(v, c[0]));
        long scored = totals[0] + totals[1];
        return new Scorer.CatchUp(name, scored, perVersion, totals[2], next.time(), old == null,
                new Scorer.FamilyCounts(totals[0], totals[1], streamed - scored, models.loads() - loadsBefore));
    }

    /**
     * Scores one group's rows of a batch (in time order): each stretch served by one member is
     * predicted in one call; the group's challengers (or, where pooled serves, pooled's) shadow it.
     */
    private void scoreGroup(String name, String key, Spans own, Spans pooled, Map<String, List<ModelVersion>> challengers,
            Map<Integer, Integer> runs, List<String> features, ReadingBatch batch, int[] rows, MemberPredictions out,
            Map<Integer, long[]> counts, long[] totals) {
        int at = 0;
        while (at < rows.length) {
            int version = own == null ? -1 : own.at(batch.timeMicros[rows[at]]);
            String scope = key;
            if (version < 0) {
                scope = ModelVersion.POOLED;
                version = pooled == null ? -1 : pooled.at(batch.timeMicros[rows[at]]);
            }
            int end = at + 1;
            while (end < rows.length && servedBy(own, pooled, batch.timeMicros[rows[end]], scope, version)) {
                end++;
            }
            if (version >= 0) {
                int[] span = Arrays.copyOfRange(rows, at, end);
                ScoringModel model = models.get(name, version, runs.get(version));
                out.predict(model, features, batch, span, version, scope);
                counts.computeIfAbsent(version, v -> new long[1])[0] += span.length;
                totals[ModelVersion.POOLED.equals(scope) ? 1 : 0] += span.length;
                List<ModelVersion> shadows = challengers.getOrDefault(ModelVersion.POOLED.equals(scope) ? ModelVersion.POOLED : key, List.of());
                for (ModelVersion c : shadows) {
                    out.shadow(models.get(name, c.version(), c.runId()), features, batch, span, c.version());
                    totals[2] += span.length;
                }
            }
            at = end;
        }
    }

    /**
     * Loads the members a time-ordered catch-up will need (those in production at or after {@code from},
     * and the challengers) on all cores at the first batch, which needs nearly all of them at once:
     * loading a member (reading and compiling its trees) costs far more than scoring its rows.
     */
    private void prefetch(String name, Map<String, List<ProductionPeriod>> timelines, Map<String, List<ModelVersion>> challengers,
            Map<Integer, Integer> runs, Instant from) {
        Set<Integer> needed = new LinkedHashSet<>();
        timelines.values().forEach(ps -> ps.stream().filter(p -> p.end() == null || p.end().isAfter(from)).forEach(p -> needed.add(p.version())));
        challengers.values().forEach(vs -> vs.forEach(v -> needed.add(v.version())));
        Map<Integer, Integer> runOf = new LinkedHashMap<>();
        needed.forEach(v -> runOf.put(v, runs.get(v)));
        challengers.values().forEach(vs -> vs.forEach(v -> runOf.putIfAbsent(v.version(), v.runId())));
        models.preload(name, runOf);
    }

    /**
     * Read group by group (a family larger than the cache), a batch holds a few groups: their members
     * (every version in their timelines, pooled's, and their challengers) are loaded together first.
     * {@code begin}: where each group's rows begin in the batch (bucket 0: no member of its own, then group number + 1).
     */
    private void preloadGroups(String name, String[] keys, int[] begin, Map<String, Spans> byGroup, Spans pooled,
            Map<String, List<ModelVersion>> challengers, Map<Integer, Integer> runs) {
        Map<Integer, Integer> runOf = new LinkedHashMap<>();
        for (int g = 0; g < keys.length; g++) {
            if (begin[g + 2] == begin[g + 1]) {
                continue; // no rows of this group in the batch
            }
            Spans own = byGroup.get(keys[g]);
            if (own != null) {
                for (int v : own.version()) {
                    runOf.put(v, runs.get(v));
                }
            }
            challengers.getOrDefault(keys[g], List.of()).forEach(c -> runOf.putIfAbsent(c.version(), c.runId()));
        }
        if (pooled != null) {
            for (int v : pooled.version()) {
                runOf.put(v, runs.get(v));
            }
        }
        challengers.getOrDefault(ModelVersion.POOLED, List.of()).forEach(c -> runOf.putIfAbsent(c.version(), c.runId()));
        models.preload(name, runOf);
    }

    /** Whether the reading at {@code micros} is served by the same member as the span being built. */
    private static boolean servedBy(Spans own, Spans pooled, long micros, String scope, int version) {
        int v = own == null ? -1 : own.at(micros);
        if (v >= 0) {
            return !ModelVersion.POOLED.equals(scope) && v == version;
        }
        return ModelVersion.POOLED.equals(scope) && (pooled == null ? -1 : pooled.at(micros)) == version;
    }

    /**
     * Codes the labels already known into the new predictions, once per catch-up: batches come in
     * group order, so each batch's ids span the whole data set and a per-batch sync (as the plain
     * scorer's time-ordered batches do) would rescan it every batch. Every prediction this catch-up
     * (or an interrupted one before it, which left the watermark where it was) wrote is of a reading
     * at or after {@code from}, so the ids of those readings bound the sync.
     */
    private static void syncLabelCodes(Connection conn, ScoringTarget target, Instant from) throws SQLException {
        Optional<LabelCodes.Target> codes = LabelCodes.of(conn, target.dataset()).filter(LabelCodes.Target::codesPredictions);
        if (codes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + target.id() + "), max(" + target.id() + ") FROM " + target.readings()
                + " WHERE " + target.time() + " >= ?")) {
            Timestamps.bind(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    LabelCodes.syncPredictionRange(conn, codes.get(), rs.getLong(1), rs.getLong(2));
                }
            }
        }
    }

    /** The features any of the runs used, in first-seen order (members may use different ones). */
    private List<String> featureUnion(List<Integer> runIds) {
        return read(conn -> {
            Set<String> union = new LinkedHashSet<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT features::VARCHAR, min(run_id) FROM run WHERE list_contains(?, run_id) GROUP BY 1 ORDER BY 2")) {
                ps.setObject(1, conn.createArrayOf("INTEGER", runIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            union.addAll(JSON.readValue(rs.getString(1), new TypeReference<List<String>>() {
                            }));
                        } catch (IOException e) {
                            throw new SQLException("Run features are not a JSON list: " + rs.getString(1), e);
                        }
                    }
                }
            }
            return new ArrayList<>(union);
        });
    }

    /** A digest of every scope's timeline: a changed one (a promotion, a rollback) makes the next catch-up rescan. */
    private static String timelineKey(Map<String, List<ProductionPeriod>> timelines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            timelines.forEach((scope, periods) -> {
                digest.update(scope.getBytes(StandardCharsets.UTF_8));
                periods.forEach(p -> digest.update((":" + p.version() + "@" + p.start() + ".." + p.end() + ";").getBytes(StandardCharsets.UTF_8)));
                digest.update((byte) '\n');
            });
            return "family:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
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
            throw new DataAccessException("Scoring write failed", e);
        }
    }
}
