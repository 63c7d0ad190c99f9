package kiln.sim;

/** Told after each committed batch (on the simulation's thread); scorers and monitors follow along here. */
@FunctionalInterface
public interface SimulationListener {
    void afterBatch(SimulationProgress progress);
}
