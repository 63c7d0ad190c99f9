package kiln.sim;

/** Told after each committed batch (on the simulation's thread); scorers and monitors follow along here. */
@FunctionalInterface
public interface SimulationListener {
    void afterBatch(SimulationProgress progress);

    /**
     * True when the listener reads the store and must find it exactly as of the batch it is told
     * about (scoring, monitoring, retraining at a simulated time): the engine then stores batch by
     * batch instead of generating ahead of the writer. Progress displays need not.
     */
    default boolean readsStoreAsOfBatch() {
        return false;
    }
}
