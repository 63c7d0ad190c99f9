package kiln.sim;

import java.time.Instant;

import kiln.sim.scenario.ScenarioAction;

/**
 * Carries out a scenario's storyline steps (train, promote, ...) when simulated time reaches them.
 * Called on the simulation's thread after every reading up to the action's time is committed;
 * the simulation waits for it to return.
 */
@FunctionalInterface
public interface ScenarioActionHandler {
    void handle(ScenarioAction action, Instant simulatedTime) throws Exception;
}
