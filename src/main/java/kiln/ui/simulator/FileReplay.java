package kiln.ui.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportResult;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationSummary;

/**
 * One replay of a recorded file started from the panel, as {@code kiln replay --score} runs it: staged
 * (or an earlier replay resumed) with the live loop attached, played on the simulated clock, and finished
 * (the rest scored, the counterfactual drawn) once the whole file is in, all through the panel's
 * {@link SimulatorServices}. The settings are copied on the FX thread; {@link #run} runs on a worker.
 */
final class FileReplay {

    private final SimulatorServices services;
    private final ReplayPlan plan;
    private volatile String staging = "";

    FileReplay(SimulatorServices services, ReplayPlan plan) {
        this.services = services;
        this.plan = plan;
    }

    String dataset() {
        return plan.request().dataset();
    }

    Path file() {
        return plan.request().file();
    }

    /** When the train and promote steps come. */
    Instant trainAt() {
        return plan.trainTo();
    }

    String window() {
        return plan.window();
    }

    String sweep() {
        return plan.sweep();
    }

    boolean autoRetrain() {
        return plan.autoRetrain();
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
            Consumer<SimulationClock> clockReady, SimulationListener progress) throws Exception {
        SimulatorServices.StagedReplay staged = services.stageReplay(plan, start -> new SimulationClock(start, speed, wallNanos), modelChanges,
                progress);
        staging = describe(staged);
        if (stepping) {
            staged.clock().pause();
            staged.clock().stepHour();
        }
        clockReady.accept(staged.clock());
        return staged.play(sink);
    }

    private String describe(SimulatorServices.StagedReplay staged) {
        if (staged.resumed()) {
            return "went on with the earlier replay of " + dataset();
        }
        ImportResult s = staged.staged();
        return String.format("%,d rows of %s staged", s.rowsImported(), file().getFileName())
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
