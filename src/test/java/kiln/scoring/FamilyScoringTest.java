package kiln.scoring;

import static kiln.scoring.ScoringFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kiln.cli.CliTest;
import kiln.domain.DatasetSpec;
import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model family end to end from the command line: per-sensor runs and pooled runs of one
 * experiment → register-family (small sensors get no member) → promote the family at a past time →
 * score → promote one sensor's new member later, make another's a challenger, roll the first back;
 * readings arrive in between. Asserts from the tables that every reading is scored once by the right
 * member, that model_scope says which, and that the history and the export carry the scope.
 */
class FamilyScoringTest {

    private static final String MODEL = "fleet-model";
    private static final LocalDateTime SWAP = FamilyFixture.TRAIN_END.plusDays(1);
    private static final LocalDateTime BACK = SWAP.plusHours(12);

    @TempDir
    Path dir;

    @Test
    void eachReadingIsScoredOnceByItsGroupsMemberElsePooled() throws Exception {
        Path db = dir.resolve("fleet.duckdb");
        List<FamilyFixture.Row> rows = FamilyFixture.rows(3);
        long experiment;
        DatasetSpec spec;
        try (KilnStore store = KilnStore.open(db)) {
            FamilyFixture.importAll(store, dir, rows);
            experiment = FamilyFixture.trainPerGroup(store, dir, rows);
            spec = store.read(conn -> Catalog.require(conn, FamilyFixture.DATASET));
            stage(store, spec, SWAP);
        }
        String readings = spec.readingTable();
        String predictions = spec.predictionTable();

        CliTest.Result registered = ok(CliTest.run("--db", db.toString(), "model", "register-family", "--name", MODEL, "--experiment",
                String.valueOf(experiment), "--min-rows", "200"));
        assertThat(registered.out()).contains("17 members (v1..v17), pooled v1").contains("3 groups have fewer than 200 labelled rows");
        ok(CliTest.run("--db", db.toString(), "model", "promote", "--name", MODEL, "--family", "--at", "2024-05-03"));
        CliTest.Result scored = ok(CliTest.run("--db", db.toString(), "score", "--name", MODEL, "--json"));
        assertThat(scored.out()).contains("\"scored_by_members\":").contains("\"scored_by_pooled\":");

        int swapped;
        int shadowing;
        int original5;
        try (KilnStore store = KilnStore.open(db)) {
            ModelRegistry registry = new ModelRegistry(store, Instant::now);
            ModelFamilies families = registry.families();
            // Every reading since the family's promotion once; sensors 17-20 (too few rows, first seen later) by pooled.
            long due = count(store, "SELECT count(*) FROM " + readings + " WHERE ts >= TIMESTAMP '2024-05-03'");
            assertThat(due).isPositive();
            assertThat(count(store, "SELECT count(*) FROM " + predictions)).isEqualTo(due);
            assertThat(count(store, "SELECT count(DISTINCT id) FROM " + predictions)).isEqualTo(due);
            assertThat(count(store, "SELECT count(*) FROM " + predictions + " p JOIN " + readings + " r USING (id) "
                    + "WHERE p.model_scope <> CASE WHEN CAST(r.sensor AS INTEGER) >= 17 THEN 'pooled' ELSE CAST(r.sensor AS VARCHAR) END")).isZero();
            assertThat(count(store, "SELECT count(*) FROM " + predictions + " p JOIN " + readings
                    + " r USING (id) WHERE CAST(r.sensor AS VARCHAR) = '20'")).isPositive();
            // Each prediction's version is its scope's member.
            assertThat(count(store, "SELECT count(*) FROM " + predictions + " p LEFT JOIN model_version v ON v.model_name = '" + MODEL
                    + "' AND v.version = p.model_version AND v.scope = p.model_scope WHERE v.version IS NULL")).isZero();
            // Per-sensor members learn their sensor's rule; the pooled member cannot.
            double members = accuracy(store, spec, "p.model_scope <> 'pooled'");
            double pooled = accuracy(store, spec, "p.model_scope = 'pooled'");
            assertThat(members).isGreaterThan(0.85);
            assertThat(pooled).isLessThan(members - 0.15);

            Map<String, ModelVersion> production = families.productionMembers(MODEL);
            assertThat(production).hasSize(17).containsKeys("pooled", "1", "16").doesNotContainKeys("17", "18", "19", "20");
            assertThat(registry.production(MODEL)).map(ModelVersion::scope).contains("pooled");
            original5 = production.get("5").version();
            // A second training of sensors 5 and 7: their other run.
            int other5 = otherRun(store, "5", production.get("5").runId());
            int other7 = otherRun(store, "7", production.get("7").runId());
            List<ModelVersion> retrained = families.registerFamily(MODEL, Map.of("pooled", production.get("pooled").runId(), "5", other5, "7",
                    other7),
                    "retrained", "test");
            assertThat(retrained).extracting(ModelVersion::scope).containsExactly("pooled", "5", "7");
            swapped = retrained.get(1).version();
            shadowing = retrained.get(2).version();

            ModelFamilies.MemberPage page = families.members(MODEL, ModelFamilies.MemberFilter.ALL, 0, 5);
            assertThat(page.total()).isEqualTo(20);
            assertThat(page.members()).hasSize(5);
            assertThat(page.members().get(0).scope()).isEqualTo("pooled");
            assertThat(families.members(MODEL, ModelFamilies.MemberFilter.scope("5"), 0, 100).total()).isEqualTo(2);
            assertThatThrownBy(() -> registry.register(other5, MODEL, null, "test")).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("model family");
        }

        ok(CliTest.run("--db", db.toString(), "model", "promote", "--name", MODEL, "--group", "5", "--version", String.valueOf(swapped),
                "--at", "2024-05-04"));
        ok(CliTest.run("--db", db.toString(), "model", "promote", "--name", MODEL, "--group", "7", "--version", String.valueOf(shadowing),
                "--alias", "challenger"));
        arrive(db, spec, BACK);
        ok(CliTest.run("--db", db.toString(), "score", "--name", MODEL));
        CliTest.Result rolledBack = ok(CliTest.run("--db", db.toString(), "model", "rollback", "--name", MODEL, "--group", "5", "--at",
                "2024-05-04T12:00"));
        assertThat(rolledBack.out()).contains("v" + original5 + " [5]");
        arrive(db, spec, FamilyFixture.END);
        ok(CliTest.run("--db", db.toString(), "score", "--name", MODEL));

        try (KilnStore store = KilnStore.open(db)) {
            long all = count(store, "SELECT count(*) FROM " + readings + " WHERE ts >= TIMESTAMP '2024-05-03'");
            assertThat(count(store, "SELECT count(*) FROM " + predictions)).isEqualTo(all);
            assertThat(count(store, "SELECT count(DISTINCT id) FROM " + predictions)).isEqualTo(all);
            String sensor5 = "SELECT count(*) FROM " + predictions + " p JOIN " + readings
                    + " r USING (id) WHERE CAST(r.sensor AS VARCHAR) = '5' AND ";
            // Sensor 5: its first member before the swap and after the rollback, the new one in between; no other sensor changed.
            assertThat(count(store, sensor5 + "r.ts < TIMESTAMP '2024-05-04' AND p.model_version <> " + original5)).isZero();
            assertThat(count(store, sensor5 + "r.ts >= TIMESTAMP '2024-05-04' AND r.ts < TIMESTAMP '2024-05-04 12:00' AND p.model_version <> "
                    + swapped)).isZero();
            assertThat(count(store, sensor5 + "r.ts >= TIMESTAMP '2024-05-04' AND r.ts < TIMESTAMP '2024-05-04 12:00'")).isPositive();
            assertThat(count(store, sensor5 + "r.ts >= TIMESTAMP '2024-05-04 12:00' AND p.model_version <> " + original5)).isZero();
            assertThat(count(store, "SELECT count(*) FROM " + predictions + " p JOIN " + readings
                    + " r USING (id) WHERE CAST(r.sensor AS VARCHAR) <> '5' "
                    + "AND p.model_version > 17")).isZero();
            // Sensor 7's challenger shadowed sensor 7's readings that arrived after it became challenger, and nothing else.
            long shadowed = count(store, "SELECT count(*) FROM shadow_prediction WHERE model_name = '" + MODEL + "' AND model_version = "
                    + shadowing);
            assertThat(shadowed).isEqualTo(count(store, "SELECT count(*) FROM " + readings
                    + " WHERE CAST(sensor AS VARCHAR) = '7' AND ts >= TIMESTAMP '2024-05-04'"));
            assertThat(count(store, "SELECT count(*) FROM shadow_prediction s JOIN " + readings
                    + " r ON r.id = s.row_id WHERE CAST(r.sensor AS VARCHAR) <> '7'")).isZero();
            // The history says which member each event was about.
            List<String> events = texts(store, "SELECT action || ' v' || version FROM model_event WHERE model_name = '" + MODEL
                    + "' AND scope = '5' AND alias = 'production' ORDER BY \"at\", event_id");
            assertThat(events).containsExactly("promote v" + original5, "demote v" + original5, "promote v" + swapped, "demote v" + swapped,
                    "promote v" + original5);
        }

        CliTest.Result history = ok(CliTest.run("--db", db.toString(), "model", "history", "--name", MODEL, "--group", "5"));
        assertThat(history.out()).contains("promote  " + MODEL + " v" + swapped + " {5} [production]")
                .contains("Production timeline of " + MODEL + " for 5:")
                .contains("v" + original5 + "  2024-05-04 12:00:00 .. now");
        CliTest.Result members = ok(CliTest.run("--db", db.toString(), "model", "members", "--name", MODEL, "--group", "7", "--json"));
        assertThat(members.out()).contains("\"total\":2").contains("\"alias\":\"challenger\"");
        CliTest.Result list = ok(CliTest.run("--db", db.toString(), "model", "list"));
        assertThat(list.out()).containsPattern(MODEL + " is a family of \\d+ members; \\d+ groups are served by their own member in production");
        Path exported = dir.resolve("predictions.csv");
        ok(CliTest.run("--db", db.toString(), "export", "--dataset", FamilyFixture.DATASET, "--predictions", "--format", "csv", "--out",
                exported.toString()));
        List<String> lines = Files.readAllLines(exported);
        assertThat(lines.get(0)).isEqualTo("id,time,group,model_version,model_scope,predicted,probability,label,label_time");
        assertThat(lines).anyMatch(l -> l.matches("\\d+,[^,]+,18,1,pooled,[01],.*"));
        assertThat(lines).anyMatch(l -> l.matches("\\d+,[^,]+,3,\\d+,3,[01],.*"));
    }

    @Test
    void aFamilyNeedsAPooledMemberAndPlainModelsRefuseFamilyCommands() throws Exception {
        Path db = dir.resolve("f.duckdb");
        try (KilnStore store = KilnStore.open(db)) {
            List<FamilyFixture.Row> rows = FamilyFixture.rows(5).stream().filter(r -> r.sensor() <= 2).toList();
            FamilyFixture.importAll(store, dir, rows);
            long experiment = FamilyFixture.trainPerGroup(store, dir, rows);
            ModelRegistry registry = new ModelRegistry(store, Instant::now);
            int run = (int) count(store, "SELECT min(run_id) FROM run WHERE experiment_id = " + experiment + " AND group_key = '1'");
            assertThatThrownBy(() -> registry.families().registerFamily("f", Map.of("1", run), null, "test"))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("pooled member");
            registry.register(run, "plain", null, "test");
            assertThatThrownBy(() -> registry.families().members("plain", null, 0, 10)).hasMessageContaining("plain model");
            // A plain model scores as before: no model_scope column, no family counts.
            registry.promote("plain", 1, ModelVersion.PRODUCTION, null, "test", FamilyFixture.TRAIN_END.toInstant(ZoneOffset.UTC));
            Scorer.CatchUp plain = new Scorer(store, registry, "plain", Instant::now).catchUp(ProgressSink.NONE);
            assertThat(plain.scored()).isPositive();
            assertThat(plain.family()).isNull();
            assertThat(count(store, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'model_scope' "
                    + "AND table_name = 'fleet_prediction'")).isZero();
        }
        CliTest.Result refused = CliTest.run("--db", db.toString(), "model", "promote", "--name", "plain", "--family");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("plain model");
    }

    @Test
    void aFamilyLargerThanTheMemberCacheIsReadGroupByGroupAndScoresTheSame() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("g.duckdb"))) {
            List<FamilyFixture.Row> rows = FamilyFixture.rows(9);
            FamilyFixture.importAll(store, dir, rows);
            long experiment = FamilyFixture.trainPerGroup(store, dir, rows);
            ModelRegistry registry = new ModelRegistry(store, Instant::now);
            FamilyRuns.Plan plan = new FamilyRuns(store).plan(String.valueOf(experiment), "accuracy", true, 200);
            List<ModelVersion> members = registry.families().registerFamily(MODEL, plan.runs(), null, "test");
            registry.families().promoteFamily(MODEL, members.stream().map(ModelVersion::version).toList(), null, "test",
                    FamilyFixture.TRAIN_END.toInstant(ZoneOffset.UTC));
            DatasetSpec spec = store.read(conn -> Catalog.require(conn, FamilyFixture.DATASET));
            long due = count(store, "SELECT count(*) FROM " + spec.readingTable() + " WHERE ts >= TIMESTAMP '2024-05-03'");

            // 17 members, a cache of 4, small batches: read in group order, each member loaded once.
            Scorer.CatchUp small = new Scorer(store, registry, MODEL, Instant::now, 500, 4).catchUp(ProgressSink.NONE);
            assertThat(small.scored()).isEqualTo(due);
            assertThat(small.family().membersLoaded()).isEqualTo(17);
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("CREATE TABLE first_pass AS SELECT * FROM " + spec.predictionTable());
                    st.execute("DELETE FROM " + spec.predictionTable());
                    st.execute("DELETE FROM scoring_watermark");
                }
                return null;
            });
            // Every member in the cache: read in time order, as the plain scorer reads; the same predictions.
            Scorer.CatchUp large = new Scorer(store, registry, MODEL, Instant::now).catchUp(ProgressSink.NONE);
            assertThat(large.scored()).isEqualTo(due);
            assertThat(count(store, "SELECT count(*) FROM first_pass f JOIN " + spec.predictionTable() + " p USING (id) WHERE "
                    + "f.model_version = p.model_version AND f.model_scope = p.model_scope AND f.probability = p.probability "
                    + "AND f.label_code IS NOT DISTINCT FROM p.label_code AND p.label_code IS NOT NULL")).isEqualTo(due);
        }
    }

    private static CliTest.Result ok(CliTest.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /** Moves readings from {@code from} on to {@code staged_reading}, to arrive later. */
    private static void stage(KilnStore store, DatasetSpec spec, LocalDateTime from) throws Exception {
        store.write(conn -> {
            try (var ps = conn.prepareStatement("CREATE TABLE staged_reading AS SELECT * FROM " + spec.readingTable() + " WHERE ts >= ?")) {
                ps.setObject(1, from);
                ps.execute();
            }
            try (var ps = conn.prepareStatement("DELETE FROM " + spec.readingTable() + " WHERE ts >= ?")) {
                ps.setObject(1, from);
                ps.execute();
            }
            return null;
        });
    }

    private static void arrive(Path db, DatasetSpec spec, LocalDateTime until) throws Exception {
        try (KilnStore store = KilnStore.open(db)) {
            store.write(conn -> {
                try (var ps = conn.prepareStatement("INSERT INTO " + spec.readingTable() + " SELECT s.* FROM staged_reading s WHERE s.ts < ? "
                        + "AND s.id NOT IN (SELECT id FROM " + spec.readingTable() + ") ORDER BY s.ts")) {
                    ps.setObject(1, until);
                    return ps.executeUpdate();
                }
            });
        }
    }

    private static int otherRun(KilnStore store, String group, int not) throws Exception {
        return (int) count(store, "SELECT min(run_id) FROM run WHERE group_key = '" + group + "' AND run_id <> " + not);
    }

    private static double accuracy(KilnStore store, DatasetSpec spec, String where) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT avg(CASE WHEN CAST(p." + spec.predictionColumn()
                            + " AS VARCHAR) = CAST(l.ok AS VARCHAR) THEN 1.0 ELSE 0.0 END) FROM " + spec.predictionTable() + " p JOIN "
                            + spec.labelTable() + " l USING (id) WHERE " + where)) {
                rs.next();
                return rs.getDouble(1);
            }
        });
    }

    private static List<String> texts(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            List<String> out = new ArrayList<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
