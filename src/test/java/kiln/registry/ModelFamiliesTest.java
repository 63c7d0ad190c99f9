package kiln.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Families in the registry: per-scope aliases, family promotion, rollback, paging, and the pooled member answering for the model. */
class ModelFamiliesTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    ModelFamilies families;
    final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2024-05-01T00:00:00Z"));

    @BeforeEach
    void open() {
        store = KilnStore.open(dir.resolve("f.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        families = registry.families();
        try {
            store.write(conn -> conn.createStatement().executeUpdate(
                    "INSERT INTO experiment (experiment_id, name, dataset) VALUES (1, 'per-group', 'fleet')"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A finished run of data set "fleet" (the registry treats artifacts as opaque bytes); {@code group} null: pooled. */
    int run(String group, double accuracy, long rows) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (experiment_id, trainer, metrics, status, dataset, features, "
                    + "artifact, rows_train, rows_test, group_key) VALUES (1, 'cart', ?, 'finished', 'fleet', '[\"x1\"]', ?, ?, 0, ?) RETURNING run_id")) {
                ps.setString(1, "{\"accuracy\":" + accuracy + "}");
                ps.setBytes(2, new byte[] {1});
                ps.setLong(3, rows);
                ps.setString(4, group);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    Map<String, Integer> training(String... groups) throws Exception {
        Map<String, Integer> runs = new LinkedHashMap<>();
        runs.put(ModelVersion.POOLED, run(null, 0.7, 1000));
        for (String g : groups) {
            runs.put(g, run(g, 0.9, 300));
        }
        return runs;
    }

    @Test
    void registerFamilyPicksEachGroupsBestRunAndLeavesSmallGroupsToPooled() throws Exception {
        run(null, 0.70, 5000);
        int pooledBest = run(null, 0.75, 5000);
        run("a", 0.80, 300);
        int aBest = run("a", 0.95, 300);
        int bBest = run("b", 0.90, 300);
        run("small", 0.99, 50);
        FamilyRuns.Plan plan = new FamilyRuns(store).plan("per-group", "accuracy", true, 200);
        assertThat(plan.runs()).containsExactlyInAnyOrderEntriesOf(Map.of("pooled", pooledBest, "a", aBest, "b", bBest));
        assertThat(plan.skipped()).containsExactly(new FamilyRuns.Skipped("small", 50));
        List<ModelVersion> members = families.registerFamily("fleet-model", plan.runs(), null, "ann");
        assertThat(members).extracting(ModelVersion::scope).containsExactly("pooled", "a", "b");
        assertThat(members).extracting(ModelVersion::version).containsExactly(1, 2, 3);
        assertThat(registry.isFamily("fleet-model")).isTrue();
        // lower is better for log_loss: none of these runs has one
        assertThatThrownBy(() -> new FamilyRuns(store).plan("per-group", "log_loss", false, 200)).hasMessageContaining("no finished pooled run");
    }

    @Test
    void promotingAMemberReplacesOnlyItsOwnScopeAndRollbackGoesBack() throws Exception {
        families.registerFamily("fleet-model", training("a", "b"), null, "ann"); // v1 pooled, v2 a, v3 b
        families.promoteFamily("fleet-model", List.of(1, 2, 3), null, "ann", Instant.parse("2024-05-02T00:00:00Z"));
        families.registerFamily("fleet-model", training("a"), "retrained", "ann"); // v4 pooled, v5 a
        families.promoteMember("fleet-model", "a", 5, ModelVersion.PRODUCTION, null, "bob", Instant.parse("2024-05-03T00:00:00Z"));
        assertThat(families.productionMembers("fleet-model")).extractingFromEntries(e -> e.getKey() + "=v" + e.getValue().version())
                .containsExactly("a=v5", "b=v3", "pooled=v1");
        assertThatThrownBy(() -> families.promoteMember("fleet-model", "b", 5, ModelVersion.PRODUCTION, null, "bob", null))
                .hasMessageContaining("member for a, not for b");

        ModelVersion back = families.rollbackMember("fleet-model", "a", null, "bob", Instant.parse("2024-05-04T00:00:00Z"));
        assertThat(back.version()).isEqualTo(2);
        List<ProductionPeriod> a = families.productionTimelines("fleet-model", "a").get("a");
        assertThat(a).extracting(ProductionPeriod::version).containsExactly(2, 5, 2);
        assertThatThrownBy(() -> families.rollbackMember("fleet-model", "b", null, "bob", null)).hasMessageContaining("no earlier production member");
        // The model-level timeline is the pooled member's, untouched by the groups' changes.
        assertThat(registry.productionTimeline("fleet-model")).extracting(ProductionPeriod::version).containsExactly(1);
        assertThat(registry.versions("fleet-model")).extracting(ModelVersion::scope).containsOnly("pooled");
        // The model-level history is the pooled member's; the family's history has every member's events with their scope.
        assertThat(registry.history("fleet-model")).extracting(ModelEvent::scope).containsOnly("pooled");
        assertThat(families.history("fleet-model", "a")).extracting(e -> e.action() + " v" + e.version() + " by " + e.by())
                .containsSubsequence("promote v2 by ann", "demote v2 by bob", "promote v5 by bob", "demote v5 by bob", "promote v2 by bob");
        assertThat(families.history("fleet-model", null)).extracting(ModelEvent::scope).contains("a", "b", "pooled");
    }

    @Test
    void promotingTheFamilyFromANewTrainingHandsGroupsWithoutAMemberToPooled() throws Exception {
        families.registerFamily("fleet-model", training("a", "b"), null, "ann"); // v1 pooled, v2 a, v3 b
        families.promoteFamily("fleet-model", families.latestTraining("fleet-model").stream().map(ModelVersion::version).toList(), null, "ann", null);
        clock.set(clock.get().plusSeconds(60));
        families.registerFamily("fleet-model", training("a"), null, "ann"); // v4 pooled, v5 a
        assertThat(families.latestTraining("fleet-model")).extracting(ModelVersion::version).containsExactly(4, 5);
        int promoted = families.promoteFamily("fleet-model", List.of(4, 5), null, "ann", null);
        assertThat(promoted).isEqualTo(2);
        assertThat(families.productionMembers("fleet-model")).extractingFromEntries(e -> e.getKey() + "=v" + e.getValue().version())
                .containsExactly("a=v5", "pooled=v4");
        assertThat(registry.version("fleet-model", 3).alias()).isNull();
        assertThat(registry.production("fleet-model")).map(ModelVersion::version).contains(4);
    }

    @Test
    void membersArePagedAndFiltered() throws Exception {
        String[] groups = new String[250];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = String.format("s-%03d", i);
        }
        families.registerFamily("fleet-model", training(groups), null, "ann");
        ModelFamilies.MemberPage first = families.members("fleet-model", ModelFamilies.MemberFilter.ALL, 0, 100);
        assertThat(first.total()).isEqualTo(251);
        assertThat(first.members()).hasSize(100);
        assertThat(first.members().get(0).scope()).isEqualTo("pooled");
        assertThat(first.members().get(1).scope()).isEqualTo("s-000");
        assertThat(families.members("fleet-model", ModelFamilies.MemberFilter.ALL, 200, 100).members()).hasSize(51);
        assertThat(families.members("fleet-model", new ModelFamilies.MemberFilter(null, "S-24", null), 0, 100).members())
                .extracting(ModelVersion::scope).containsExactly("s-240", "s-241", "s-242", "s-243", "s-244", "s-245", "s-246", "s-247", "s-248",
                        "s-249");
        assertThat(families.members("fleet-model", new ModelFamilies.MemberFilter(null, null, ModelVersion.PRODUCTION), 0, 100).total()).isZero();
    }
}
