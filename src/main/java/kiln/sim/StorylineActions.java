package kiln.sim;

import java.time.Instant;

import kiln.sim.scenario.ScenarioAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a storyline step (train, promote, …) to whoever carries them out; shared by the simulator and the replay. */
final class StorylineActions {

    private static final Logger LOG = LoggerFactory.getLogger(StorylineActions.class);

    private StorylineActions() {}

    /** Carries out {@code a} at {@code now}; false (logged) when nothing carries out actions. Failures name the step. */
    static boolean run(ScenarioActionHandler handler, ScenarioAction a, Instant now) {
        if (handler == null) {
            LOG.info("Action at {} skipped (nothing carries out actions): {} {}", a.at(), a.action(), a.params());
            return false;
        }
        try {
            handler.handle(a, now);
            return true;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Action '" + a.action() + "' at " + a.at() + " failed: " + e.getMessage(), e);
        }
    }
}
