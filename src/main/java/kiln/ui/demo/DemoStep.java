package kiln.ui.demo;

/**
 * One step of the guided demo: what the presenter says and which workspace shows it.
 *
 * @param followsRun the workspace shows the step's work as it happens (the sweep board, the live
 *                   Monitor), so it is worth showing while the step runs and not only once it is done
 * @param model      the model the workspace should show (the demo database holds both stories' models)
 */
public record DemoStep(String title, String caption, String workspace, boolean followsRun, String model) {
}
