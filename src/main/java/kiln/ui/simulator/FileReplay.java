package kiln.ui.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.sim.ReplayEngine;
import kiln.sim.ReplaySetup;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationSummary;
import kiln.store.KilnStore;

/**
 * One replay of a recorded file started from the panel, as {@code kiln replay --score} runs it: staged
 * (or an earlier replay resumed), the live loop attached, played on the simulated clock, and finished
 * (the rest scored, the counterfactual drawn) once the whole file is in. The settings are copied on the
 * FX thread; {@link #run} runs on a worker.
 */
final class FileReplay {

    /**
     * Hooks the live loop into a replay before it plays: scoring, monitoring, the train and promote steps
     * and, when asked, retraining on alerts. Returns what ends the run once the whole file is played.
     */
    @FunctionalInterface
    public interface LiveLoop {
        Consumer<Instant> attach(ReplayEngine engine, boolean autoRetrain);
    }

    private final KilnStore store;
    private final ImportRequest request;
    private final Duration delay;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final String window;
    private final String sweep;
    private final boolean autoRetrain;
    private volatile String staging = "";

    FileReplay(KilnStore store, ReplaySettingsViewModel settings) {
        this.store = store;
        this.request = settings.request();
        this.delay = settings.delay();
        this.windowStart = settings.windowStart();
        this.windowEnd = settings.windowEnd();
        this.window = settings.windowText();
        this.sweep = settings.sweepName();
        this.autoRetrain = settings.autoRetrainProperty().get();
    }

    String dataset() {
        return request.dataset();
    }

    Path file() {
        return request.file();
    }

    /** When the train and promote steps come. */
    Instant trainAt() {
        return windowEnd;
    }

    String window() {
        return window;
    }

    String sweep() {
        return sweep;
    }

    boolean autoRetrain() {
        return autoRetrain;
    }

    /** What staging the file found ("1,200 rows to replay, 3 quarantined"), or that an earlier replay goes on; empty before. */
    String staging() {
        return staging;
    }

    /**
     * Stages and plays. {@code clockReady} gets the clock as soon as it exists (before any row is
     * written), started paused and stepped one hour when {@code stepping}.
     */
    SimulationSummary run(ProgressSink sink, double speed, LongSupplier wallNanos, boolean stepping, boolean modelChanges,
            Consumer<SimulationClock> clockReady, SimulationListener progress, LiveLoop live) throws Exception {
        ReplaySetup.Prepared prepared = ReplaySetup.prepare(store, request, delay, windowStart, windowEnd, window, sweep,
                start -> new SimulationClock(start, speed, wallNanos));
        staging = describe(prepared);
        ReplayEngine engine = prepared.engine();
        engine.allowModelChanges(modelChanges); // before the loop attaches: it reads it
        engine.addListener(progress);
        Consumer<Instant> finish = live == null ? end -> {} : live.attach(engine, autoRetrain && modelChanges);
        if (stepping) {
            engine.clock().pause();
            engine.clock().stepHour();
        }
        clockReady.accept(engine.clock());
        SimulationSummary summary = engine.run(sink, prepared.resumed());
        if (summary.finished()) {
            finish.accept(summary.simulatedTime());
        }
        return summary;
    }

    private String describe(ReplaySetup.Prepared prepared) {
        if (prepared.resumed()) {
            return "went on with the earlier replay of " + request.dataset();
        }
        ImportResult s = prepared.staged();
        return String.format("%,d rows of %s staged", s.rowsImported(), request.file().getFileName())
                + (s.rowsQuarantined() == 0 ? "" : String.format(", %,d quarantined (first: %s)", s.rowsQuarantined(),
                        s.firstBadRows().isEmpty() ? "see the import log" : s.firstBadRows().get(0)));
    }

    /** The sentence the user reads when a replay cannot start or stops on an error: the cause, not its wrapping. */
    static String failure(Path file, Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof UserFacingException)) {
            t = t.getCause();
        }
        String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return "Replay of " + file.getFileName() + " stopped: " + why + (why.endsWith(".") ? "" : ".") + " What was stored before is unchanged.";
    }
}
