package kiln.monitor;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import kiln.store.KilnStore;
import kiln.store.Timestamps;

/** A store with a synthetic history that tests grow hour by hour, and a monitor on a simulated clock. */
final class MonitorFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2019-07-01T00:00:00Z");
    final KilnStore store;
    final SyntheticHistory history;
    final AtomicReference<Instant> clock = new AtomicReference<>(START);
    final MonitorService monitor;
    long nextPid;
    Instant labelsReleasedUntil = START;

    MonitorFixture(Path dir, SyntheticHistory history) {
        this.store = KilnStore.open(dir.resolve("m.duckdb"));
        this.history = history;
        this.monitor = new MonitorService(store, clock::get);
    }

    /** Produces data until {@code until}: readings and predictions, and labels released by then. */
    void advanceTo(Instant until, int version) throws Exception {
        long toPid = Duration.between(history.start(), until).getSeconds() / history.secondsPerRow();
        long fromPid = nextPid;
        Instant releasedFrom = labelsReleasedUntil;
        store.writeTransaction(conn -> {
            history.insertReadingsAndPredictions(conn, fromPid, toPid, version);
            history.insertLabels(conn, 0, toPid, releasedFrom, until.plusNanos(1000));
            return null;
        });
        nextPid = toPid;
        labelsReleasedUntil = until.plusNanos(1000);
        clock.set(until);
    }

    /** Registers a finished run with a training window and promotes it as version {@code version} of "glass". */
    void registerProduction(int version, Instant trainFrom, Instant trainTo, Instant promotedAt, String metricsJson) throws Exception {
        store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (run_id, trainer, status, dataset, window_start, "
                    + "window_end, metrics) VALUES (?, 'cart', 'finished', 'glassware', ?, ?, ?)")) {
                ps.setInt(1, 100 + version);
                Timestamps.bind(ps, 2, trainFrom);
                Timestamps.bind(ps, 3, trainTo);
                ps.setString(4, metricsJson);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT OR IGNORE INTO registered_model (model_name, dataset) VALUES ('glass', 'glassware')")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_version (model_name, version, run_id, created_at, alias, source) "
                    + "VALUES ('glass', ?, ?, ?, 'production', 'run')")) {
                ps.setInt(1, version);
                ps.setInt(2, 100 + version);
                Timestamps.bind(ps, 3, promotedAt);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\") "
                    + "VALUES ('glass', ?, 'promote', 'production', ?, 'test')")) {
                ps.setInt(1, version);
                Timestamps.bind(ps, 2, promotedAt);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void close() {
        store.close();
    }
}
