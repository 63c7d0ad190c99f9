package kiln.scoring;

import static kiln.scoring.ScoringFixture.START;
import static kiln.scoring.ScoringFixture.count;
import static kiln.scoring.ScoringFixture.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.JobCancelledException;
import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.store.ingest.GlasswareIngestor;
import kiln.store.ingest.GlasswareReadingBatch;
import kiln.store.ingest.LabelBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    final AtomicReference<Instant> clock = new AtomicReference<>(instant(START));
    long[] runs;

    @BeforeEach
    void open() throws Exception {
        store = KilnStore.open(dir.resolve("s.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        runs = ScoringFixture.trainTwoRuns(store);
        registry.register((int) runs[0], null, "shallow", "ann");
        registry.register((int) runs[1], null, "deep", "ann");
        ScoringFixture.stageReadings(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    Scorer scorer() {
        return new Scorer(store, registry, null, clock::get, 500);
    }

    /** Lets readings arrive up to {@code t}, moves the simulated clock there and catches the scorer up. */
    Scorer.CatchUp streamUntil(Scorer scorer, LocalDateTime t) throws Exception {
        ScoringFixture.arriveUntil(store, t);
        clock.set(instant(t));
        return scorer.catchUp(ProgressSink.NONE);
    }

    @Test
    void everyReadingAfterTheFirstPromotionIsScoredOnceByTheVersionLiveAtItsTime() throws Exception {
        Scorer scorer = scorer();
        LocalDateTime t1 = START.plusDays(5);
        LocalDateTime t2 = START.plusDays(10).plusHours(7);
        assertThat(streamUntil(scorer, START.plusDays(3)).scored()).isZero();
        streamUntil(scorer, t1);
        registry.promote(null, 1, ModelVersion.PRODUCTION, "first", "ann");
        for (LocalDateTime t = t1.plusHours(13); t.isBefore(t2); t = t.plusHours(13)) {
            streamUntil(scorer, t);
        }
        streamUntil(scorer, t2);
        registry.promote(null, 2, ModelVersion.PRODUCTION, "retrained", "bob");
        Scorer.CatchUp last = null;
        for (LocalDateTime t = t2.plusHours(9); t.isBefore(START.plusDays(22)); t = t.plusHours(9)) {
            last = streamUntil(scorer, t);
        }
        assertThat(last.fullScan()).isFalse();

        long readings = count(store, "SELECT count(*) FROM sensor_reading");
        assertThat(readings).isEqualTo(ScoringFixture.ROWS);
        long afterT1 = count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '" + t1 + "'");
        assertThat(count(store, "SELECT count(*) FROM predicted_quality")).isEqualTo(afterT1);
        assertThat(count(store, "SELECT count(*) FROM (SELECT pid FROM predicted_quality GROUP BY pid HAVING count(*) > 1)")).isZero();
        assertThat(count(store, "SELECT count(*) FROM sensor_reading r JOIN predicted_quality p USING (pid) "
                + "WHERE r.process_time < TIMESTAMP '" + t1 + "'")).isZero();
        // The version is the one production at the reading's time, and the stored time is the reading's.
        assertThat(count(store, "SELECT count(*) FROM sensor_reading r JOIN predicted_quality p USING (pid) WHERE p.model_version <> "
                + "CASE WHEN r.process_time < TIMESTAMP '" + t2 + "' THEN 1 ELSE 2 END OR p.process_time <> r.process_time")).isZero();
        assertThat(count(store, "SELECT count(*) FROM predicted_quality WHERE model_version = 2")).isPositive();
        assertThat(count(store, "SELECT count(*) FROM predicted_quality WHERE probability NOT BETWEEN 0 AND 1 "
                + "OR predicted_quality <> CASE WHEN probability > 0.5 THEN 1 ELSE 0 END")).isZero();

        // A restart on the same file resumes with nothing rescored.
        store.close();
        store = KilnStore.open(dir.resolve("s.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        Scorer.CatchUp resumed = scorer().catchUp(ProgressSink.NONE);
        assertThat(resumed.scored()).isZero();
        assertThat(resumed.fullScan()).isFalse();
        assertThat(count(store, "SELECT count(*) FROM predicted_quality")).isEqualTo(afterT1);
    }

    @Test
    void predictionsCarryTheCodeAndTimeOfTheirLabelWhicheverArrivesFirst() throws Exception {
        String late = "qualitycheck_time >= TIMESTAMP '" + START.plusDays(9) + "'";
        store.write(conn -> { // these labels have not landed when their readings are scored
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE late_label AS SELECT * FROM product_quality WHERE " + late);
                st.execute("DELETE FROM product_quality WHERE " + late);
            }
            return null;
        });
        Scorer scorer = scorer();
        registry.promote(null, 1, ModelVersion.PRODUCTION, null, "ann");
        streamUntil(scorer, START.plusDays(12));
        String disagreements = "SELECT count(*) FROM predicted_quality p LEFT JOIN product_quality l USING (pid) "
                + "WHERE p.label_code IS DISTINCT FROM l.quality OR p.label_time IS DISTINCT FROM l.qualitycheck_time";
        assertThat(count(store, disagreements)).isZero();
        assertThat(count(store, "SELECT count(label_code) FROM predicted_quality")).isPositive();
        assertThat(count(store, "SELECT count(*) FROM predicted_quality WHERE label_code IS NULL")).isPositive();

        LabelBatch landing = store.read(conn -> {
            LabelBatch b = new LabelBatch(16);
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT pid, epoch_us(qualitycheck_time), quality FROM late_label ORDER BY pid")) {
                while (rs.next()) {
                    b.add(rs.getLong(1), rs.getLong(2), rs.getInt(3));
                }
            }
            return b;
        });
        new GlasswareIngestor(store).ingest(new GlasswareReadingBatch(1), landing);
        assertThat(count(store, disagreements)).isZero();
        assertThat(count(store, "SELECT count(*) FROM predicted_quality WHERE label_code IS NULL")).isZero();
    }

    @Test
    void predictionsMatchTheModelScoringTheReadingDirectly() throws Exception {
        Scorer scorer = scorer();
        registry.promote(null, 2, ModelVersion.PRODUCTION, null, "ann");
        streamUntil(scorer, START.plusDays(30));
        var model = scorer.model("glassware", 2);
        double[][] row = store.read(conn -> {
            try (var st = conn.createStatement();
                    var rs = st.executeQuery(
                            "SELECT r.temp, r.pressure, r.duration, p.probability FROM sensor_reading r JOIN predicted_quality p USING (pid) "
                                    + "ORDER BY r.pid LIMIT 1 OFFSET 123")) {
                rs.next();
                return new double[][] {{rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)}, {rs.getDouble(4)}};
            }
        });
        assertThat(model.features()).containsExactly("temp", "pressure", "duration");
        assertThat(model.probability(row[0])).isEqualTo(row[1][0]);
    }

    @Test
    void aCancelBetweenBatchesKeepsWholeBatchesAndTheNextRunFinishesWithoutDuplicates() throws Exception {
        registry.promote(null, 1, ModelVersion.PRODUCTION, null, "ann");
        ScoringFixture.arriveUntil(store, START.plusDays(30));
        AtomicInteger batches = new AtomicInteger();
        ProgressSink stopAfterTwo = new ProgressSink() {
            @Override
            public void progress(long done, long total, String message) {
                batches.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return batches.get() >= 2;
            }
        };
        assertThatThrownBy(() -> scorer().catchUp(stopAfterTwo)).isInstanceOf(JobCancelledException.class);
        assertThat(count(store, "SELECT count(*) FROM predicted_quality")).isEqualTo(1000);

        Scorer.CatchUp rest = scorer().catchUp(ProgressSink.NONE);
        long covered = count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '" + START + "'");
        assertThat(rest.scored()).isEqualTo(covered - 1000);
        assertThat(count(store, "SELECT count(DISTINCT pid) FROM predicted_quality")).isEqualTo(covered)
                .isEqualTo(count(store, "SELECT count(*) FROM predicted_quality"));
    }

    @Test
    void lateReadingsBelowTheWatermarkAreStillScored() throws Exception {
        Scorer scorer = scorer();
        registry.promote(null, 1, ModelVersion.PRODUCTION, null, "ann");
        // Everything but the readings of day 2 arrives; day 2 comes late.
        store.write(conn -> conn.createStatement().executeUpdate("INSERT INTO sensor_reading SELECT * FROM staged_reading "
                + "WHERE process_time NOT BETWEEN TIMESTAMP '2019-07-02' AND TIMESTAMP '2019-07-03'"));
        scorer.catchUp(ProgressSink.NONE);
        ScoringFixture.arriveUntil(store, START.plusDays(30));
        Scorer.CatchUp late = scorer.catchUp(ProgressSink.NONE);
        assertThat(late.fullScan()).isTrue();
        assertThat(late.scored()).isEqualTo(count(store, "SELECT count(*) FROM sensor_reading "
                + "WHERE process_time BETWEEN TIMESTAMP '2019-07-02' AND TIMESTAMP '2019-07-03'")).isPositive();
        assertThat(count(store, "SELECT count(*) FROM sensor_reading r ANTI JOIN predicted_quality p USING (pid)")).isZero();
    }

    @Test
    void challengersShadowScoreTheSameReadings() throws Exception {
        Scorer scorer = scorer();
        registry.promote(null, 1, ModelVersion.PRODUCTION, null, "ann");
        registry.promote(null, 2, ModelVersion.CHALLENGER, null, "ann");
        Scorer.CatchUp done = streamUntil(scorer, START.plusDays(8));
        streamUntil(scorer, START.plusDays(30));
        assertThat(done.shadowScored()).isEqualTo(done.scored()).isPositive();
        assertThat(count(store, "SELECT count(*) FROM shadow_prediction WHERE model_version = 2"))
                .isEqualTo(count(store, "SELECT count(*) FROM predicted_quality"));
        assertThat(count(store, "SELECT count(*) FROM predicted_quality p ANTI JOIN shadow_prediction s ON s.row_id = p.pid")).isZero();
        // The deep tree disagrees with the shallow one somewhere, so the shadow scores are its own.
        assertThat(count(store, "SELECT count(*) FROM predicted_quality p JOIN shadow_prediction s ON s.row_id = p.pid "
                + "WHERE p.probability <> s.probability")).isPositive();
    }

    @Test
    void counterfactualRescoringIsIdempotentPerReadingAndVersion() throws Exception {
        ScoringFixture.arriveUntil(store, START.plusDays(30));
        Scorer scorer = scorer();
        Instant from = instant(START.plusDays(3));
        Instant to = instant(START.plusDays(6));
        Scorer.Rescore first = scorer.rescore(1, from, to, ProgressSink.NONE);
        long window = count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '" + START.plusDays(3)
                + "' AND process_time < TIMESTAMP '" + START.plusDays(6) + "'");
        assertThat(first.scored()).isEqualTo(window).isPositive();
        Scorer.Rescore again = scorer.rescore(1, from, to, ProgressSink.NONE);
        assertThat(again.scored()).isZero();
        assertThat(again.alreadyScored()).isEqualTo(window);
        Scorer.Rescore wider = scorer.rescore(1, from, null, ProgressSink.NONE);
        assertThat(count(store, "SELECT count(*) FROM rescored_prediction WHERE model_version = 1"))
                .isEqualTo(window + wider.scored())
                .isEqualTo(count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '" + START.plusDays(3) + "'"));
        scorer.rescore(2, null, null, ProgressSink.NONE);
        assertThat(count(store, "SELECT count(*) FROM rescored_prediction WHERE model_version = 2")).isEqualTo(ScoringFixture.ROWS);
        assertThat(count(store, "SELECT count(*) FROM predicted_quality")).isZero();
    }
}
