package kiln.ui.fleet;

import javafx.scene.Node;

import kiln.ui.common.LazyWorkspace;
import kiln.ui.common.TaskRunner;

/** The Fleet workspace: a model per group (sensor, line, machine) watched as a fleet. */
public final class FleetWorkspace extends LazyWorkspace<FleetViewModel, FleetView> {

    private final FleetQueries queries;
    private final TaskRunner runner;

    public FleetWorkspace(FleetQueries queries, TaskRunner runner) {
        super("fleet", "Fleet", "A model per group, watched per group");
        this.queries = queries;
        this.runner = runner;
    }

    @Override
    protected FleetViewModel createModel() {
        return new FleetViewModel(queries, runner);
    }

    @Override
    protected FleetView createView(FleetViewModel model) {
        return new FleetView(model);
    }

    @Override
    protected void start(FleetViewModel model) {
        model.start();
    }

    @Override
    protected Node root(FleetView view) {
        return view.root();
    }

    /** The view once shown, else null (tests). */
    public FleetView fleetView() {
        return currentView();
    }

    @Override
    public void setActive(boolean active) {
        if (active && model() != null) {
            model().refresh(); // the monitor may have written new windows meanwhile
        }
    }

    @Override
    protected void dispose(FleetView view, FleetViewModel model) {
        view.dispose();
        model.dispose();
    }
}
