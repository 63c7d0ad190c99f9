package kiln.store.ingest;

import static kiln.sim.SimTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlasswareIngestorTest {

    @TempDir
    Path dir;

    private static GlasswareReadingBatch readings(long... pids) {
        GlasswareReadingBatch b = new GlasswareReadingBatch(4);
        for (long pid : pids) {
            b.add(pid, 1, pid * 1_000_000L, 350 + pid % 10, Double.NaN, 30);
        }
        return b;
    }

    private static LabelBatch labels(long... pids) {
        LabelBatch b = new LabelBatch(4);
        for (long pid : pids) {
            b.add(pid, pid * 1_000_000L, (int) (pid % 2));
        }
        return b;
    }

    @Test
    void resentOverlappingAndOutOfOrderBatchesNeverDuplicate() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("i.duckdb"))) {
            GlasswareIngestor in = new GlasswareIngestor(store);
            assertThat(in.ingest(readings(1, 2, 3), labels(1, 2))).isEqualTo(new IngestResult(3, 3, 2, 2));
            assertThat(in.ingest(readings(1, 2, 3), labels(1, 2))).isEqualTo(new IngestResult(3, 0, 2, 0));
            assertThat(in.ingest(readings(5, 4, 3), labels(3))).isEqualTo(new IngestResult(3, 2, 1, 1));
            assertThat(in.ingest(readings(6, 6, 7), labels())).isEqualTo(new IngestResult(3, 2, 0, 0));
            // Another writer stored pid 9 behind the ingestor's back: the direct route fails and the staged one takes over.
            store.write(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("INSERT INTO sensor_reading VALUES (9, 1, TIMESTAMP '2020-01-01', 1, 2, 3, NULL)");
                }
            });
            assertThat(in.ingest(readings(8, 9, 10), labels())).isEqualTo(new IngestResult(3, 2, 0, 0));
            assertThat(count(store, "SELECT count(*) FROM sensor_reading")).isEqualTo(10);
            assertThat(count(store, "SELECT count(DISTINCT pid) FROM sensor_reading")).isEqualTo(10);
            assertThat(count(store, "SELECT count(*) FROM sensor_reading WHERE pressure IS NULL")).isEqualTo(9);
            assertThat(count(store, "SELECT count(*) FROM product_quality")).isEqualTo(3);
        }
    }

    @Test
    void labelsCodeTheirReadingsWhicheverArrivesFirst() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            GlasswareIngestor in = new GlasswareIngestor(store);
            in.ingest(readings(1, 2, 3, 4), labels());
            assertThat(count(store, "SELECT count(label_code) FROM sensor_reading")).isZero();
            in.ingest(readings(), labels(2, 3)); // labels land two days later
            in.ingest(readings(), labels(2, 3)); // a resend changes nothing
            in.ingest(readings(8), labels(6)); // a label before its reading...
            in.ingest(readings(5, 6, 7), labels()); // ...codes the reading when it comes
            String mismatches = "SELECT count(*) FROM sensor_reading r FULL JOIN product_quality l USING (pid) "
                    + "WHERE r.pid IS NOT NULL AND r.label_code IS DISTINCT FROM l.quality";
            assertThat(count(store, mismatches)).isZero();
            assertThat(count(store, "SELECT count(label_code) FROM sensor_reading")).isEqualTo(3);
            assertThat(count(store, "SELECT sum(label_code) FROM sensor_reading")).isEqualTo(1); // pid 3 is the one good (odd) of 2, 3, 6
        }
    }

    @Test
    void submittedBatchesAreStoredInOrderAndEachAcknowledgedWithItsOwnCounts() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("g.duckdb"))) {
            GlasswareIngestor in = new GlasswareIngestor(store);
            List<CompletableFuture<IngestResult>> done = new ArrayList<>();
            // hold the writer so the batches queue up behind it and share commits
            CountDownLatch release = new CountDownLatch(1);
            store.writeAsync(c -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            for (long b = 0; b < 50; b++) {
                done.add(in.submit(readings(3 * b + 1, 3 * b + 2, 3 * b + 3), b > 0 ? labels(3 * b - 2) : labels()));
            }
            release.countDown();
            for (int b = 0; b < 50; b++) {
                assertThat(done.get(b).get()).isEqualTo(new IngestResult(3, 3, b > 0 ? 1 : 0, b > 0 ? 1 : 0));
            }
            long[] queued = in.groupCommitCounts();
            assertThat(queued[1]).isEqualTo(50);
            assertThat(queued[0]).isLessThan(50); // the queued batches shared transactions
            // a resend: stored on its own route, counted right
            assertThat(in.submit(readings(2, 151), labels(1)).get()).isEqualTo(new IngestResult(2, 1, 1, 0));
            assertThat(count(store, "SELECT count(*) FROM sensor_reading")).isEqualTo(151);
            assertThat(count(store, "SELECT count(*) FROM product_quality")).isEqualTo(49);
            assertThat(count(store, "SELECT count(label_code) FROM sensor_reading")).isEqualTo(49);
        }
    }
}
