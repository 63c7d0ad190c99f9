package kiln.sim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

import kiln.domain.ProgressSink;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioAction;
import kiln.store.KilnStore;
import kiln.store.ingest.GlasswareIngestor;
import kiln.store.ingest.GlasswareReadingBatch;
import kiln.store.ingest.IngestResult;
import kiln.store.ingest.LabelBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a scenario into the store: readings as their process time passes on the simulated clock,
 * labels when their inspection time comes, each batch committed through the one ingest path.
 * Resumes a partly written scenario: the clock starts where the stored readings end and resent
 * rows are ignored by the idempotent ingest, so nothing is duplicated or skipped.
 */
public final class SimulationEngine implements Playback {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationEngine.class);
    /** Wall time between steps at a finite speed (how often readings that came due are written). */
    private static final long TICK_MILLIS = 50;
    /** Rows that may wait for the writer at once (at least two batches): bounds memory and how far reports lag. */
    private static final long MIN_IN_FLIGHT_ROWS = 20_000;
    /** The built-in sweep for any data set (sample-data/sweeps/seed-grid.yaml). */
    public static final String SEED_GRID = "seed-grid";

    private final KilnStore store;
    private final Scenario scenario;
    private final long seed;
    private final SimulationClock clock;
    private final GlasswareIngestor ingestor;
    private final List<SimulationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ScenarioActionHandler actionHandler;
    private volatile boolean modelChangesAllowed = true;
    private Instant until;
    private int batchRows = 100_000;
    private final int tempIndex;
    private final int pressureIndex;
    private final int durationIndex;

    public SimulationEngine(KilnStore store, Scenario scenario, long seed, SimulationClock clock) {
        this.store = Objects.requireNonNull(store);
        this.scenario = Objects.requireNonNull(scenario);
        this.seed = seed;
        this.clock = Objects.requireNonNull(clock);
        this.ingestor = new GlasswareIngestor(store);
        this.tempIndex = scenario.featureIndex("temp");
        this.pressureIndex = scenario.featureIndex("pressure");
        this.durationIndex = scenario.featureIndex("duration");
    }

    /** A clock at the scenario's start. */
    public static SimulationClock clockFor(Scenario scenario, double speed) {
        return new SimulationClock(scenario.start(), speed);
    }

    /** {@link #clockFor(Scenario, double)} on the given wall clock (nanoseconds). */
    public static SimulationClock clockFor(Scenario scenario, double speed, LongSupplier wallNanos) {
        return new SimulationClock(scenario.start(), speed, wallNanos);
    }

    public SimulationEngine until(Instant until) {
        this.until = until;
        return this;
    }

    /** Most readings committed per transaction (at max speed, or when catching up); 100,000 by default, where commit costs stop mattering. */
    public SimulationEngine batchRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch rows must be positive");
        }
        this.batchRows = rows;
        return this;
    }

    @Override
    public void addListener(SimulationListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SimulationListener listener) {
        listeners.remove(listener);
    }

    /** Who carries out the scenario's actions; without one they are logged and skipped. */
    @Override
    public void setActionHandler(ScenarioActionHandler handler) {
        this.actionHandler = handler;
    }

    /**
     * Whether the scenario's train and promote steps are carried out (default true). Off, they are
     * skipped and counted as skipped; whoever retrains on alerts while the engine runs should ask
     * {@link #modelChangesAllowed()} too (set this before attaching them).
     */
    public SimulationEngine allowModelChanges(boolean allowed) {
        this.modelChangesAllowed = allowed;
        return this;
    }

    @Override
    public boolean modelChangesAllowed() {
        return modelChangesAllowed;
    }

    @Override
    public SimulationClock clock() {
        return clock;
    }

    /** Scenarios write the built-in data set's tables (see {@link GlasswareIngestor}). */
    @Override
    public String dataset() {
        return GlasswareIngestor.DATASET;
    }

    /** The sweep the scenario's own training names, else the seed grid. */
    @Override
    public String retrainSweep() {
        return scenario.actions().stream().filter(a -> a.action().equals("train") && a.params().containsKey("sweep"))
                .map(a -> a.params().get("sweep")).findFirst().orElse(SEED_GRID);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Transactions the ingest used so far and the batches they stored (group commit, for benchmarks). */
    public long[] groupCommitCounts() {
        return ingestor.groupCommitCounts();
    }

    /** Runs until everything is out, {@code until} is reached, or the sink is cancelled. Blocks. */
    public SimulationSummary run(ProgressSink sink) throws SQLException, InterruptedException {
        long wallStart = System.nanoTime();
        long resumeAt = storedUpTo();
        if (resumeAt != Long.MIN_VALUE) {
            clock.startAt(resumeAt);
            LOG.info("Resuming scenario {}: stored readings reach {}", scenario.name(), Instant.ofEpochMilli(resumeAt));
        }
        long untilMillis = until == null ? Long.MAX_VALUE : until.toEpochMilli();
        ScenarioGenerator gen = new ScenarioGenerator(scenario, seed);
        PendingLabels pending = new PendingLabels();
        GlasswareReadingBatch readings = new GlasswareReadingBatch(Math.min(batchRows, 1 << 16));
        LabelBatch labels = new LabelBatch(1024);
        // Batches handed to the writer and not yet reported: generating the next batch overlaps storing
        // the last ones, and batches that queue up share a commit (GlasswareIngestor.submit).
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        long inFlightRows = 0;
        boolean lockstep = listeners.stream().anyMatch(SimulationListener::readsStoreAsOfBatch);
        long maxInFlightRows = lockstep ? 0 : Math.max(2L * batchRows, MIN_IN_FLIGHT_ROWS);
        Totals totals = new Totals();
        List<ScenarioAction> actions = scenario.actions();
        int nextAction = 0;
        int handled = 0;
        int skipped = 0;
        long eff = clock.nowMillis();
        boolean cancelled = false;
        boolean finished = false;
        long nextTime = gen.peekTimeMillis();
        while (true) {
            if (sink.isCancelled()) {
                cancelled = true;
                break;
            }
            long target = Math.min(clock.target(100), untilMillis);
            long actionTime = nextAction < actions.size() ? actions.get(nextAction).at().toEpochMilli() : Long.MAX_VALUE;
            long cap = Math.min(target, actionTime);
            readings.clear();
            labels.clear();
            long lastTime = Long.MIN_VALUE;
            // While the loop follows batch by batch, a batch ends where the next labels fall due, so they are seen
            // when they land (the midnight inspection batch), not with the next half day of readings.
            long labelsDue = lockstep && !pending.isEmpty() && pending.peekDue() > eff ? pending.peekDue() : Long.MAX_VALUE;
            while (gen.hasNext() && nextTime <= cap && nextTime <= labelsDue && readings.size() < batchRows) {
                gen.next();
                readings.add(gen.pid, gen.sensorId, gen.processTimeMillis * 1000, value(gen, tempIndex),
                        value(gen, pressureIndex), value(gen, durationIndex));
                pending.add(gen.labelTimeMillis, gen.pid, gen.quality);
                lastTime = gen.processTimeMillis;
                nextTime = gen.peekTimeMillis();
            }
            boolean full = readings.size() >= batchRows;
            if (full) {
                eff = Math.max(eff, lastTime);
            } else if (labelsDue < cap && gen.hasNext() && nextTime > labelsDue) {
                eff = Math.max(eff, labelsDue);
            } else if (cap != Long.MAX_VALUE) {
                eff = Math.max(eff, cap);
            } else if (!gen.hasNext()) {
                // At max speed with every reading out, simulated time runs on to the last label.
                long lastDue = pending.isEmpty() ? eff : pending.maxDue();
                eff = Math.max(eff, Math.max(lastTime, Math.min(lastDue, untilMillis)));
            } else {
                eff = Math.max(eff, lastTime);
            }
            while (!pending.isEmpty() && pending.peekDue() <= eff) {
                pending.pollInto(labels);
            }
            clock.advanceTo(eff);
            if (readings.size() > 0 || labels.size() > 0) {
                int rows = readings.size() + labels.size();
                inFlight.add(new InFlight(ingestor.submit(readings, labels), eff, rows));
                inFlightRows += rows;
                readings = new GlasswareReadingBatch(Math.min(batchRows, 1 << 16)); // the ingestor owns the submitted ones now
                labels = new LabelBatch(1024);
                while (inFlightRows > maxInFlightRows || (!inFlight.isEmpty() && inFlight.peek().done().isDone())) {
                    inFlightRows -= settle(inFlight.poll(), totals, sink);
                }
            }
            boolean dataDone = !gen.hasNext() && pending.isEmpty();
            boolean actionDue = nextAction < actions.size() && (actions.get(nextAction).at().toEpochMilli() <= eff
                    || (dataDone && actions.get(nextAction).at().toEpochMilli() <= untilMillis));
            boolean willIdle = !full && clock.speed() != SimulationClock.MAX && !clock.isPaused();
            if (actionDue || willIdle || clock.isPaused() || dataDone || eff >= untilMillis) {
                // actions train on what is stored; listeners and screens see every batch before a pause
                while (!inFlight.isEmpty()) {
                    inFlightRows -= settle(inFlight.poll(), totals, sink);
                }
            }
            while (nextAction < actions.size() && (actions.get(nextAction).at().toEpochMilli() <= eff
                    || (dataDone && actions.get(nextAction).at().toEpochMilli() <= untilMillis))) {
                ScenarioAction a = actions.get(nextAction++);
                clock.advanceTo(a.at().toEpochMilli());
                if (runAction(a)) {
                    handled++;
                } else {
                    skipped++;
                }
            }
            if (dataDone && nextAction >= actions.size()) {
                finished = true;
                break;
            }
            if (eff >= untilMillis) {
                break;
            }
            if (willIdle) {
                clock.idle(TICK_MILLIS);
            }
        }
        while (!inFlight.isEmpty()) {
            settle(inFlight.poll(), totals, sink);
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        return new SimulationSummary(scenario.name(), seed, clock.now(), totals.readingsSent, totals.readingsWritten, totals.labelsSent,
                totals.labelsWritten, handled, skipped, finished, cancelled, wallMillis);
    }

    /** A batch submitted to the ingestor: its outcome, the simulated time it reached and its row count. */
    private record InFlight(CompletableFuture<IngestResult> done, long effMillis, int rows) {
    }

    /** What the ingest reported so far. */
    private static final class Totals {
        long readingsSent;
        long readingsWritten;
        long labelsSent;
        long labelsWritten;
    }

    /** Waits for one submitted batch, counts it and tells the listeners; returns its row count. */
    private int settle(InFlight batch, Totals t, ProgressSink sink) throws SQLException, InterruptedException {
        IngestResult r;
        try {
            r = batch.done().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        t.readingsSent += r.readingsOffered();
        t.readingsWritten += r.readingsInserted();
        t.labelsSent += r.labelsOffered();
        t.labelsWritten += r.labelsInserted();
        Instant at = Instant.ofEpochMilli(batch.effMillis());
        SimulationProgress progress = new SimulationProgress(at, r.readingsOffered(), r.labelsOffered(), t.readingsWritten, t.labelsWritten,
                t.readingsSent, t.labelsSent, scenario.products());
        for (SimulationListener l : listeners) {
            l.afterBatch(progress);
        }
        sink.progress(t.readingsSent, scenario.products(), "Simulated time " + at);
        return batch.rows();
    }

    private boolean runAction(ScenarioAction a) {
        if (!modelChangesAllowed && a.changesModels()) {
            LOG.info("Scenario action at {} skipped (played without model changes): {} {}", a.at(), a.action(), a.params());
            return false;
        }
        return StorylineActions.run(actionHandler, a, clock.now());
    }

    /** The measured value for a sensor_reading column, NaN (NULL) when the scenario has no such feature. */
    private static double value(ScenarioGenerator gen, int featureIndex) {
        return featureIndex < 0 ? Double.NaN : gen.measured[featureIndex];
    }

    /** The latest process time already stored for this scenario's pids, or Long.MIN_VALUE. */
    private long storedUpTo() throws SQLException {
        return store.read(conn -> latestStored(conn, scenario.pidOffset() + scenario.firstId(),
                scenario.pidOffset() + scenario.lastId()));
    }

    private static long latestStored(Connection conn, long fromPid, long toPid) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT max(process_time) FROM sensor_reading WHERE pid BETWEEN ? AND ?")) {
            ps.setLong(1, fromPid);
            ps.setLong(2, toPid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LocalDateTime t = rs.getObject(1, LocalDateTime.class);
                return t == null ? Long.MIN_VALUE : epochMillisUtc(t);
            }
        }
    }

    private static long epochMillisUtc(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
