package kiln.ui.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import kiln.domain.ProgressSink;
import kiln.domain.ingest.FilePreview;
import kiln.domain.ingest.ImportResult;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;

/**
 * What the simulator panel reads, starts and plays (decision 0010), in the panel's terms: scenarios and
 * recorded files, played on a clock the panel controls (pause, step, jump, speed). The engines that write
 * to the database, and the live loop the application attaches to them, stay behind this port.
 * Methods marked "on a worker" may block on the database or a file.
 */
public interface SimulatorServices {

    /** The scenarios the chooser offers, in its order. */
    List<String> scenarioNames();

    /** A scenario by name (or a scenario file's path); throws with a sentence for the user when there is none. */
    Scenario scenario(String nameOrFile);

    /** The model versions in production now, as "name vN" (on a worker): playing then asks before changing models. */
    List<String> productionVersions();

    /** The data sets replayed here before, which a replay goes on with (on a worker). */
    List<String> earlierReplays();

    /** A recorded file's first rows, for the replay's column guesses (on a worker). */
    FilePreview preview(Path file);

    /** The sweep a replay trains with unless the user names another. */
    String defaultSweep();

    /**
     * Plays {@code scenario} on {@code clock} until it ends or {@code sink} is cancelled (on a worker), with
     * the application's live loop attached; {@code progress} hears every batch written.
     *
     * @param modelChanges whether the scenario's train and promote steps (and retraining on alerts) happen
     */
    SimulationSummary playScenario(Scenario scenario, SimulationClock clock, boolean modelChanges, SimulationListener progress,
            ProgressSink sink) throws Exception;

    /**
     * Stages the plan's file, or goes on with an earlier replay of its data set, and attaches the live loop
     * (on a worker); nothing is played until {@link StagedReplay#play}. A file that cannot be replayed
     * throws with the reason, and leaves the database as it was.
     *
     * @param clockAt makes the replay's clock for the time of its first reading
     */
    StagedReplay stageReplay(ReplayPlan plan, Function<Instant, SimulationClock> clockAt, boolean modelChanges, SimulationListener progress)
            throws Exception;

    /** A recorded file ready to play. */
    interface StagedReplay {

        SimulationClock clock();

        /** Whether an earlier replay of the data set goes on (nothing was staged now). */
        boolean resumed();

        /** What staging the file did; null when an earlier replay goes on. */
        ImportResult staged();

        /** Plays the rest of the file (on a worker); once all of it is in, the live loop finishes the run. */
        SimulationSummary play(ProgressSink sink) throws Exception;
    }
}
