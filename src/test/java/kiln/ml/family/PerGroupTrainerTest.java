package kiln.ml.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import kiln.cli.CliTest;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.ScoringModel;
import kiln.ml.family.PerGroupResult.GroupBest;
import kiln.ml.sweep.SweepSpec;
import kiln.ml.tracking.GroupRunWriter;
import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerGroupTrainerTest {

    private static final SweepSpec SWEEP = SweepSpec.parse("""
            name: per-group-test
            seed: 7
            split: random:0.25
            metric: accuracy
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [2, 4, 6]
            """, "test sweep");
    private static final int GROUPS = 20;
    private static final int FULL_GROUPS = 17;

    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void importFleet() {
        db = dir.resolve("fleet.duckdb");
        GroupedRules.importGrouped(db.toString(), GroupedRules.write(dir, GROUPS, FULL_GROUPS, 400, 100, 5), "fleet");
    }

    private static PerGroupRequest request(int workers) {
        return new PerGroupRequest(SWEEP, "fleet", DataWindow.parse(GroupedRules.WINDOW), List.of(), PerGroupRequest.DEFAULT_MIN_ROWS,
                workers);
    }

    @Test
    void everyGroupWithEnoughRowsGetsTheSweepAndKeepsItsBestWhichBeatsThePooledModelOnItsRule() throws Exception {
        try (KilnStore store = KilnStore.open(db)) {
            List<PerGroupListener.Progress> reports = new ArrayList<>();
            PerGroupResult result = new PerGroupTrainer(store).run(request(2), ProgressSink.NONE, p -> {
                synchronized (reports) {
                    reports.add(p);
                }
            });

            assertThat(result.cancelled()).isFalse();
            assertThat(result.groupsInWindow()).isEqualTo(GROUPS);
            assertThat(result.groups()).extracting(GroupBest::group)
                    .containsExactlyElementsOf(IntStream.range(0, FULL_GROUPS).mapToObj(GroupedRules::key).toList());
            assertThat(result.skipped()).extracting(PerGroupResult.SkippedGroup::group).containsExactly("s17", "s18", "s19");
            assertThat(result.skipped()).allSatisfy(s -> assertThat(s.reason()).isEqualTo("100 labelled rows, fewer than 200"));
            assertThat(result.groups()).allSatisfy(g -> assertThat(g.rows()).isEqualTo(400));
            assertThat(result.runs()).isEqualTo((FULL_GROUPS + 1) * 3);
            assertThat(result.pooled()).isNotNull();
            assertThat(result.pooled().group()).isNull();
            assertThat(result.pooled().rows()).isEqualTo(FULL_GROUPS * 400 + 3 * 100);
            // Coalesced: far fewer reports than groups and runs, the last one complete.
            assertThat(reports.size()).isLessThan(result.runs());
            assertThat(reports.get(reports.size() - 1).groupsDone()).isEqualTo(FULL_GROUPS);

            Map<String, long[]> perGroup = perGroupCounts(store, result.experimentId());
            assertThat(perGroup).hasSize(FULL_GROUPS + 1); // the groups, and the pooled runs under ""
            for (GroupBest g : result.groups()) {
                long[] counts = perGroup.get(g.group());
                assertThat(counts[0]).as("runs of %s", g.group()).isEqualTo(3);
                assertThat(counts[1]).as("artifacts of %s", g.group()).isEqualTo(1);
                assertThat(g.metric()).as("best of %s", g.group()).isEqualTo(maxAccuracy(store, result.experimentId(), g.group()));
                assertThat(artifactRunOf(store, result.experimentId(), g.group())).isEqualTo(g.runId());
            }
            assertThat(perGroup.get("")).containsExactly(3, 3);
            assertThat(result.pooled().metric()).isEqualTo(maxAccuracy(store, result.experimentId(), null));

            // On fresh rows of each group, its own best model beats the pooled one.
            ScoringModel pooled = ScoringModel.load(artifact(store, result.pooled().runId()));
            SplittableRandom rng = new SplittableRandom(99);
            int beaten = 0;
            for (GroupBest g : result.groups()) {
                int k = Integer.parseInt(g.group().substring(1));
                ScoringModel own = ScoringModel.load(artifact(store, g.runId()));
                int ownRight = 0;
                int pooledRight = 0;
                for (int i = 0; i < 500; i++) {
                    double[] x = GroupedRules.draw(rng);
                    boolean bad = GroupedRules.bad(k, x);
                    ownRight += (own.probability(x) >= 0.5) == bad ? 1 : 0;
                    pooledRight += (pooled.probability(x) >= 0.5) == bad ? 1 : 0;
                }
                assertThat(ownRight).as("own model of %s on its rule", g.group()).isGreaterThan(450);
                beaten += ownRight > pooledRight + 50 ? 1 : 0;
            }
            assertThat(beaten).as("groups whose own model beats the pooled one by 10 points").isGreaterThanOrEqualTo(FULL_GROUPS - 2);
        }
    }

    @Test
    void aCancelStopsTrainingAndKeepsNoHalfTrainedGroup() throws Exception {
        try (KilnStore store = KilnStore.open(db)) {
            AtomicBoolean cancelled = new AtomicBoolean();
            // Cancelled at the first report: with one worker that is when the first pooled run is recorded.
            ProgressSink sink = new ProgressSink() {
                @Override
                public void progress(long done, long total, String message) {
                    if (message.contains("pooled runs")) {
                        cancelled.set(true);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.get();
                }
            };
            PerGroupResult result = new PerGroupTrainer(store).run(request(1), sink, PerGroupListener.NONE);
            assertThat(result.cancelled()).isTrue();
            assertThat(result.notTrained()).isEqualTo(FULL_GROUPS);
            assertThat(result.groups()).isEmpty();
            assertThat(result.runs()).isEqualTo(1);
            assertThat(perGroupCounts(store, result.experimentId())).containsOnlyKeys("");
        }
    }

    @Test
    void aDataSetWithoutAGroupColumnIsRefused() throws Exception {
        Path file = GroupedRules.write(dir, 2, 2, 50, 50, 1);
        CliTest.Result r = CliTest.run("--db", db.toString(), "import", file.toString(), "--dataset", "flat", "--time", "ts",
                "--label", "status", "--positive", "bad", "--features", "x1,x2,x3");
        assertThat(r.exit()).as(r.err()).isZero();
        try (KilnStore store = KilnStore.open(db)) {
            PerGroupRequest flat = new PerGroupRequest(SWEEP, "flat", DataWindow.parse(GroupedRules.WINDOW), List.of(), 10, 1);
            assertThatThrownBy(() -> new PerGroupTrainer(store).run(flat, ProgressSink.NONE, PerGroupListener.NONE))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("'flat' has no group column");
        }
    }

    /** Per group key ("" for the pooled runs): {runs, runs with an artifact}. */
    private static Map<String, long[]> perGroupCounts(KilnStore store, long experimentId) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(group_key, ''), count(*), count(artifact) FROM run "
                    + "WHERE experiment_id = ? GROUP BY 1")) {
                ps.setLong(1, experimentId);
                Map<String, long[]> m = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        m.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
                return m;
            }
        });
    }

    private static double maxAccuracy(KilnStore store, long experimentId, String group) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT max(CAST(metrics->>'accuracy' AS DOUBLE)) FROM run "
                    + "WHERE experiment_id = ? AND group_key IS NOT DISTINCT FROM ?")) {
                ps.setLong(1, experimentId);
                ps.setString(2, group);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        });
    }

    private static long artifactRunOf(KilnStore store, long experimentId, String group) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT run_id FROM run WHERE experiment_id = ? AND group_key = ? "
                    + "AND artifact IS NOT NULL AND list_contains(tags, ?)")) {
                ps.setLong(1, experimentId);
                ps.setString(2, group);
                ps.setString(3, GroupRunWriter.GROUP_BEST_TAG);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static byte[] artifact(KilnStore store, long runId) {
        return new RunRepository(store).artifact(runId).orElseThrow();
    }
}
