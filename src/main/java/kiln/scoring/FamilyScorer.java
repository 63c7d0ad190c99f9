package kiln.scoring;

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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

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
        String group = KilnStore.quoteIdentifier(spec.groupColumn());
        StringBuilder sql = new StringBuilder("SELECT r.").append(target.id()).append(", epoch_us(r.").append(target.time())
                .append("), CAST(r.").append(group).append(" AS VARCHAR)");
        features.forEach(f -> sql.append(", r.").append(KilnStore.quoteIdentifier(f)));
        sql.append(" FROM ").append(target.readings()).append(" r WHERE r.").append(target.time()).append(" >= ? AND NOT EXISTS (SELECT 1 FROM ")
                .append(target.predictions()).append(" p WHERE p.").append(target.id()).append(" = r.").append(target.id())
                .append(") ORDER BY r.").append(group).append(", r.").append(target.time()).append(", r.").append(target.id());

        Map<Integer, long[]> counts = new LinkedHashMap<>();
        long[] totals = new long[3]; // by group members, by pooled, shadow predictions
        long loadsBefore = models.loads();
        long streamed = stream.run(sql.toString(), ps -> Timestamps.bind(ps, 1, from), categorical, true, sink,
                next.readingsBefore() - (old == null ? 0 : old.readingsBefore()), "Scoring family " + name, batch -> {
            int n = batch.size;
            Out out = new Out(n);
            int row = 0;
            while (row < n) {
                String key = batch.groups[row];
                int end = row + 1;
                while (end < n && java.util.Objects.equals(batch.groups[end], key)) {
                    end++;
                }
                scoreGroup(name, key, byGroup.get(key), pooled, challengers, runs, features, batch, row, end, out, counts, totals);
                row = end;
            }
            LocalDateTime scoredAt = Timestamps.toDb(clock.get());
            return conn -> {
                out.store(conn, name, target, layout, scoredAt);
                return null;
            };
        });
        write(conn -> {
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
     * Scores rows {@code [from, to)} of one group (in time order): each contiguous span served by one
     * member is predicted in one call; the group's challengers (or, where pooled serves, pooled's) shadow it.
     */
    private void scoreGroup(String name, String key, Spans own, Spans pooled, Map<String, List<ModelVersion>> challengers,
                            Map<Integer, Integer> runs, List<String> features, ReadingBatch batch, int from, int to, Out out,
                            Map<Integer, long[]> counts, long[] totals) {
        int row = from;
        while (row < to) {
            int version = own == null ? -1 : own.at(batch.timeMicros[row]);
            String scope = key;
            if (version < 0) {
                scope = ModelVersion.POOLED;
                version = pooled == null ? -1 : pooled.at(batch.timeMicros[row]);
            }
            int end = row + 1;
            while (end < to && servedBy(own, pooled, batch.timeMicros[end], scope, version)) {
                end++;
            }
            if (version >= 0) {
                ScoringModel model = models.get(name, version, runs.get(version));
                out.predict(model, Scorer.columnsFor(model, features, batch), batch, row, end, version, scope);
                counts.computeIfAbsent(version, v -> new long[1])[0] += end - row;
                totals[ModelVersion.POOLED.equals(scope) ? 1 : 0] += end - row;
                List<ModelVersion> shadows = challengers.getOrDefault(ModelVersion.POOLED.equals(scope) ? ModelVersion.POOLED : key, List.of());
                for (ModelVersion c : shadows) {
                    ScoringModel challenger = models.get(name, c.version(), c.runId());
                    out.shadow(challenger, Scorer.columnsFor(challenger, features, batch), batch, row, end, c.version());
                    totals[2] += end - row;
                }
            }
            row = end;
        }
    }

    /** Whether the reading at {@code micros} is served by the same member as the span being built. */
    private static boolean servedBy(Spans own, Spans pooled, long micros, String scope, int version) {
        int v = own == null ? -1 : own.at(micros);
        if (v >= 0) {
            return !ModelVersion.POOLED.equals(scope) && v == version;
        }
        return ModelVersion.POOLED.equals(scope) && (pooled == null ? -1 : pooled.at(micros)) == version;
    }

    /** One batch's predictions and shadow predictions, gathered for one write. */
    private static final class Out {
        final long[] ids;
        final long[] times;
        final int[] versions;
        final String[] scopes;
        final byte[] labels;
        final double[] probs;
        int size;
        final List<long[]> shadowIds = new ArrayList<>();
        final List<Integer> shadowVersions = new ArrayList<>();
        final List<byte[]> shadowLabels = new ArrayList<>();
        final List<double[]> shadowProbs = new ArrayList<>();

        Out(int capacity) {
            ids = new long[capacity];
            times = new long[capacity];
            versions = new int[capacity];
            scopes = new String[capacity];
            labels = new byte[capacity];
            probs = new double[capacity];
        }

        void predict(ScoringModel model, double[][] columns, ReadingBatch batch, int from, int to, int version, String scope) {
            int k = to - from;
            double[] p = new double[k];
            byte[] l = new byte[k];
            model.predict(columns, from, to, p, l);
            System.arraycopy(batch.ids, from, ids, size, k);
            System.arraycopy(batch.timeMicros, from, times, size, k);
            System.arraycopy(p, 0, probs, size, k);
            System.arraycopy(l, 0, labels, size, k);
            java.util.Arrays.fill(versions, size, size + k, version);
            java.util.Arrays.fill(scopes, size, size + k, scope);
            size += k;
        }

        void shadow(ScoringModel model, double[][] columns, ReadingBatch batch, int from, int to, int version) {
            int k = to - from;
            double[] p = new double[k];
            byte[] l = new byte[k];
            model.predict(columns, from, to, p, l);
            shadowIds.add(java.util.Arrays.copyOfRange(batch.ids, from, to));
            shadowVersions.add(version);
            shadowLabels.add(l);
            shadowProbs.add(p);
        }

        void store(Connection conn, String name, ScoringTarget target, PredictionLayout layout, LocalDateTime scoredAt) throws SQLException {
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            Optional<LabelCodes.Target> codes = LabelCodes.of(conn, target.dataset()).filter(LabelCodes.Target::codesPredictions);
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            try (DuckDBAppender app = duck.createAppender("main", target.predictionTable())) {
                for (int i = 0; i < size; i++) {
                    layout.append(app, ids[i], versions[i], scopes[i], ReadingBatch.toTime(times[i]), labels[i], probs[i], scoredAt);
                    lo = Math.min(lo, ids[i]);
                    hi = Math.max(hi, ids[i]);
                }
            }
            if (codes.isPresent() && size > 0) {
                LabelCodes.syncPredictionRange(conn, codes.get(), lo, hi);
            }
            if (!shadowIds.isEmpty()) {
                try (DuckDBAppender app = duck.createAppender("main", "shadow_prediction")) {
                    for (int s = 0; s < shadowIds.size(); s++) {
                        long[] sid = shadowIds.get(s);
                        for (int i = 0; i < sid.length; i++) {
                            app.beginRow().append(name).append(sid[i]).append((int) shadowVersions.get(s)).append((int) shadowLabels.get(s)[i])
                                    .append(shadowProbs.get(s)[i]).append(scoredAt).endRow();
                        }
                    }
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
                            union.addAll(JSON.readValue(rs.getString(1), new TypeReference<List<String>>() { }));
                        } catch (java.io.IOException e) {
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
