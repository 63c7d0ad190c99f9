package kiln.ui.demo;

import java.util.List;
import java.util.Optional;

import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;

/**
 * The guided demo's script as the demo bar drives it (decision 0010): its steps, which has run, and
 * running the next one. The script plays its stories into the demo database behind this port.
 */
public interface DemoScript {

    /** The steps in order; the same for the whole demo. */
    List<DemoStep> steps();

    /** Index of the first step of the second story, the fleet chapter. */
    int fleetChapter();

    /** How many sensors, each with a model of its own, the fleet chapter plays. */
    int fleetSensors();

    /** Index of the step the next run runs; {@code steps().size()} when the demo is at its end. */
    int nextStep();

    /**
     * Runs step {@code index} when it is the next one (on a worker) and returns what happened in a
     * sentence; for a step already run, what it said then. The sweep step reports its runs to
     * {@code sweepListener}. Throws with a sentence for the presenter when {@code index} is not the next step.
     */
    String runStep(int index, ProgressSink sink, SweepListener sweepListener);

    /** What step {@code index} said when it ran; empty while it has not run. */
    Optional<String> outcome(int index);

    /** The sweep the next step runs, when it runs one: the bar shows its grid before it starts. */
    Optional<SweepRequest> sweepAhead();
}
