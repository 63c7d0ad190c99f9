package kiln.sim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import kiln.domain.DatasetSpec;
import kiln.domain.ProgressSink;
import kiln.sim.scenario.ScenarioAction;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;
import kiln.store.ingest.LabelCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a recorded history into its data set on the simulated clock: each reading when its time comes,
 * each label when its label time comes, a batch per transaction, moved from the staging table the
 * replay's import filled (see {@code ImportRequest.staged}). Rows are moved with an anti-join on the
 * id, so a replay that is stopped and started again continues where the stored rows end, without
 * losing or doubling any. The storyline (train at the end of the training window, promote the best)
 * goes to the action handler like a scenario's.
 */
public final class ReplayEngine implements Playback {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);
    private static final long TICK_MILLIS = 50;

    private final KilnStore store;
    private final DatasetSpec spec;
    private final String stageTable;
    private final SimulationClock clock;
    private final String retrainSweep;
    private final List<ScenarioAction> actions;
    private final List<SimulationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ScenarioActionHandler actionHandler;
    private volatile boolean modelChangesAllowed = true;
    private Instant until;
    private int batchRows = 100_000;
    private Duration maxStep = Duration.ofDays(36_500);
    private int minRowsPerStep = 1;

    /**
     * @param actions the storyline, in time order (e.g. train and promote at the end of the training window)
     */
    public ReplayEngine(KilnStore store, DatasetSpec spec, String stageTable, SimulationClock clock, String retrainSweep,
            List<ScenarioAction> actions) {
        this.store = Objects.requireNonNull(store);
        this.spec = Objects.requireNonNull(spec);
        this.stageTable = Objects.requireNonNull(stageTable);
        this.clock = Objects.requireNonNull(clock);
        this.retrainSweep = retrainSweep;
        this.actions = List.copyOf(actions);
    }

    /** The first reading's time in a staging table: where a replay's clock starts. */
    public static Instant firstTime(KilnStore store, DatasetSpec spec, String stageTable) throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + q(spec.timeColumn()) + ") FROM " + q(stageTable));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Timestamps.read(rs, 1);
            }
        });
    }

    public ReplayEngine until(Instant t) {
        this.until = t;
        return this;
    }

    /**
     * Most readings per transaction, and the most simulated time one batch may span (how often the live
     * loop looks), stretched for sparse histories so that a batch holds about {@code minRows} readings:
     * the loop's work per look would otherwise dwarf the rows it looks at.
     */
    public ReplayEngine batches(int rows, Duration step, int minRows) {
        if (rows < 1 || minRows < 1 || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("batches need a positive size and step");
        }
        this.batchRows = rows;
        this.maxStep = step;
        this.minRowsPerStep = minRows;
        return this;
    }

    /**
     * The batches for a replay the live loop follows: it looks every 12 simulated hours, as the simulator
     * does for glassware, or every ~200 readings when the history is sparser than that.
     */
    public ReplayEngine liveBatches() {
        return batches(100_000, Duration.ofHours(12), 200);
    }

    /**
     * Whether the storyline's train and promote steps are carried out (the default); without, only the
     * readings and labels are played. The live loop reads {@link #modelChangesAllowed()} too (set this before attaching it).
     */
    public ReplayEngine allowModelChanges(boolean allowed) {
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

    @Override
    public String dataset() {
        return spec.name();
    }

    @Override
    public String retrainSweep() {
        return retrainSweep;
    }

    @Override
    public void addListener(SimulationListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SimulationListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void setActionHandler(ScenarioActionHandler handler) {
        this.actionHandler = handler;
    }

    /**
     * WAL size at which DuckDB checkpoints while a replay runs. A replay commits a batch, its predictions
     * and its monitor windows every simulated half day; at the default 16 MB every few pulses paid for a
     * checkpoint (about a tenth of a 2M-row replay). The default is back when the replay ends.
     */
    static final String REPLAY_CHECKPOINT_THRESHOLD = "256MB";

    /** Runs until every row and label is in, {@code until} is reached, or the sink is cancelled. Blocks. */
    public SimulationSummary run(ProgressSink sink, boolean resumed) throws SQLException, InterruptedException {
        setCheckpointThreshold("SET checkpoint_threshold = '" + REPLAY_CHECKPOINT_THRESHOLD + "'");
        try {
            return play(sink, resumed);
        } finally {
            setCheckpointThreshold("RESET checkpoint_threshold");
        }
    }

    private void setCheckpointThreshold(String statement) throws SQLException {
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute(statement);
            }
            return null;
        });
    }

    private SimulationSummary play(ProgressSink sink, boolean resumed) throws SQLException, InterruptedException {
        long wallStart = System.nanoTime();
        long[] extent = extent();
        long total = extent[3];
        if (total == 0) {
            return new SimulationSummary(spec.name(), 0, clock.now(), 0, 0, 0, 0, 0, 0, true, false, 0);
        }
        long stored = storedUpTo();
        if (stored != Long.MIN_VALUE) {
            clock.startAt(stored);
            LOG.info("Resuming the replay of {}: stored readings reach {}", spec.name(), Instant.ofEpochMilli(stored));
        }
        long untilMillis = until == null ? Long.MAX_VALUE : until.toEpochMilli();
        long end = Math.max(extent[1], extent[2]);
        long stepMillis = Math.max(maxStep.toMillis(), (long) ((double) (extent[1] - extent[0]) * minRowsPerStep / total));
        long eff = clock.nowMillis();
        // Rows at the start instant count as due: the first interval is closed on the left.
        long from = stored != Long.MIN_VALUE ? stored : extent[0] - 1;
        int nextAction = 0;
        int handled = 0;
        int skipped = 0;
        long readingsWritten = 0;
        long labelsWritten = 0;
        boolean cancelled = false;
        boolean finished = false;
        while (true) {
            if (sink.isCancelled()) {
                cancelled = true;
                break;
            }
            long actionTime = nextAction < actions.size() ? actions.get(nextAction).at().toEpochMilli() : Long.MAX_VALUE;
            long cap = Math.min(Math.min(clock.target(100), untilMillis), Math.min(actionTime, end));
            cap = Math.min(cap, Math.max(from, eff) + stepMillis);
            long batchEnd = Math.min(cap, nthReadingTime(from, batchRows, cap));
            if (batchEnd > from) {
                long[] written = moveRows(from, batchEnd);
                readingsWritten += written[0];
                labelsWritten += written[1];
                from = batchEnd;
                eff = Math.max(eff, batchEnd);
                clock.advanceTo(eff);
                SimulationProgress progress = new SimulationProgress(Instant.ofEpochMilli(eff), (int) written[0], (int) written[1], readingsWritten,
                        labelsWritten, readingsWritten, labelsWritten, total);
                for (SimulationListener l : listeners) {
                    l.afterBatch(progress);
                }
                sink.progress(Math.min(total, readingsWritten), total, "Replayed to " + Instant.ofEpochMilli(eff));
            }
            while (nextAction < actions.size() && actions.get(nextAction).at().toEpochMilli() <= Math.max(eff, from)) {
                ScenarioAction a = actions.get(nextAction++);
                if (resumed && a.at().toEpochMilli() < stored) {
                    skipped++; // carried out before the replay was stopped
                    continue;
                }
                clock.advanceTo(a.at().toEpochMilli());
                if (runAction(a)) {
                    handled++;
                } else {
                    skipped++;
                }
            }
            if (from >= end && nextAction >= actions.size()) {
                finished = true;
                break;
            }
            if (from >= untilMillis) {
                break;
            }
            if (clock.speed() != SimulationClock.MAX && cap <= from) {
                clock.idle(TICK_MILLIS); // nothing is due until the wall clock moves on
            }
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        return new SimulationSummary(spec.name(), 0, clock.now(), readingsWritten, readingsWritten, labelsWritten, labelsWritten,
                handled, skipped, finished, cancelled, wallMillis);
    }

    private boolean runAction(ScenarioAction a) {
        if (!modelChangesAllowed && a.changesModels()) {
            LOG.info("Replay step at {} skipped (played without model changes): {} {}", a.at(), a.action(), a.params());
            return false;
        }
        return StorylineActions.run(actionHandler, a, clock.now());
    }

    /** {first reading, last reading, last label, rows} of the staging table, times in epoch millis. */
    private long[] extent() throws SQLException {
        String t = q(spec.timeColumn());
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT epoch_ms(min(" + t + ")), epoch_ms(max(" + t + ")), "
                    + "epoch_ms(max(kiln_label_time) FILTER (WHERE kiln_label IS NOT NULL)), count(*) FROM " + q(stageTable));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                long last = rs.getLong(2);
                long lastLabel = rs.getObject(3) == null ? last : rs.getLong(3);
                return new long[] {rs.getLong(1), last, lastLabel, rs.getLong(4)};
            }
        });
    }

    /** The newest stored reading of the replayed rows (epoch millis), or Long.MIN_VALUE. */
    private long storedUpTo() throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT epoch_ms(max(" + q(spec.timeColumn()) + ")) FROM " + q(spec.readingTable()));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1) == null ? Long.MIN_VALUE : rs.getLong(1);
            }
        });
    }

    /**
     * The time of the n-th reading in (after, cap] (a batch ends there), or Long.MAX_VALUE when fewer lie there. Bounded by
     * the cap, the query reads one step of the staged rows, not all that remain (which made a replay quadratic).
     */
    private long nthReadingTime(long after, int n, long cap) throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT epoch_ms(" + q(spec.timeColumn()) + ") FROM " + q(stageTable) + " WHERE "
                    + q(spec.timeColumn()) + " > make_timestamp(? * 1000) AND " + q(spec.timeColumn()) + " <= make_timestamp(? * 1000) ORDER BY "
                    + q(spec.timeColumn()) + " LIMIT 1 OFFSET ?")) {
                ps.setLong(1, after);
                ps.setLong(2, Math.min(cap, Long.MAX_VALUE / 1000));
                ps.setInt(3, n - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
                }
            }
        });
    }

    /**
     * Moves the readings with time in (from, to] and the labels with label time in (from, to] from the
     * staging table, in one transaction, and codes them; returns {readings, labels} written.
     */
    private long[] moveRows(long from, long to) throws SQLException {
        String id = q(spec.idColumn());
        String time = q(spec.timeColumn());
        String readingColumns = readingColumns();
        return store.writeTransaction(conn -> {
            long readings;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + q(spec.readingTable()) + " (" + readingColumns + ") SELECT "
                    + readingColumns + " FROM " + q(stageTable) + " s WHERE s." + time + " > make_timestamp(? * 1000) AND s." + time
                    + " <= make_timestamp(? * 1000) AND NOT EXISTS (SELECT 1 FROM " + q(spec.readingTable()) + " r WHERE r." + id + " = s." + id
            // a row moved before carries its staged time: looking for it among the batch's times spares a scan of every reading
                    + " AND r." + time + " > make_timestamp(? * 1000) AND r." + time + " <= make_timestamp(? * 1000)) ORDER BY s." + time + ", s."
                    + id)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setLong(3, from);
                ps.setLong(4, to);
                readings = ps.executeUpdate();
            }
            long labels;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + q(spec.labelTable()) + " (" + id + ", " + q(spec.labelTimeColumn())
                    + ", " + q(spec.labelColumn()) + ") SELECT s." + id + ", s.kiln_label_time, s.kiln_label FROM " + q(stageTable) + " s WHERE "
                    + "s.kiln_label IS NOT NULL AND s.kiln_label_time > make_timestamp(? * 1000) AND s.kiln_label_time <= make_timestamp(? * 1000) "
                    + "AND NOT EXISTS (SELECT 1 FROM " + q(spec.labelTable()) + " l WHERE l." + id + " = s." + id + " AND l." + q(spec
                            .labelTimeColumn())
                    + " > make_timestamp(? * 1000) AND l." + q(spec.labelTimeColumn())
                    + " <= make_timestamp(? * 1000)) ORDER BY s.kiln_label_time, s." + id)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setLong(3, from);
                ps.setLong(4, to);
                labels = ps.executeUpdate();
            }
            code(conn, from, to);
            return new long[] {readings, labels};
        });
    }

    /** Codes the labels just moved and the readings just moved whose labels were already in. */
    private void code(Connection conn, long from, long to) throws SQLException {
        var target = LabelCodes.of(conn, spec.name());
        if (target.isEmpty()) {
            return;
        }
        String id = q(spec.idColumn());
        String time = q(spec.timeColumn());
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + id + "), max(" + id + ") FROM " + q(stageTable) + " WHERE ("
                + time + " > make_timestamp(? * 1000) AND " + time + " <= make_timestamp(? * 1000)) OR (kiln_label_time > make_timestamp(? * 1000) "
                + "AND kiln_label_time <= make_timestamp(? * 1000))")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setLong(3, from);
            ps.setLong(4, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) != null) {
                    LabelCodes.syncIdRange(conn, target.get(), rs.getLong(1), rs.getLong(2));
                }
            }
        }
    }

    private String readingColumns() throws SQLException {
        List<String> columns = store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                    + "AND table_name = ? AND column_name <> 'label_code' ORDER BY ordinal_position")) {
                ps.setString(1, spec.readingTable());
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    return names;
                }
            }
        });
        return columns.stream().map(ReplayEngine::q).collect(Collectors.joining(", "));
    }

    /** The catalogue entry of a data set (for callers that staged it). */
    public static DatasetSpec spec(KilnStore store, String dataset) throws SQLException {
        return store.read(conn -> Catalog.require(conn, dataset));
    }

    private static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }
}
