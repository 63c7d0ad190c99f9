package kiln.sim;

/**
 * Something that plays data into a data set on a simulated clock, batch by batch: the scenario
 * simulator or the replay of a recorded file. The live loop (scoring, monitoring, retraining) attaches
 * to either the same way.
 */
public interface Playback {

    SimulationClock clock();

    /** The catalogued data set the rows go to. */
    String dataset();

    /** The sweep retraining uses unless told otherwise (a built-in name or a file). */
    String retrainSweep();

    void addListener(SimulationListener listener);

    void removeListener(SimulationListener listener);

    /** Whether the storyline may train and promote models (and the live loop retrain on alerts). */
    default boolean modelChangesAllowed() {
        return true;
    }

    /** Who carries out the storyline's actions (train, promote); without one they are skipped. */
    void setActionHandler(ScenarioActionHandler handler);
}
