package kiln.ui.data;

import javafx.scene.Node;

import kiln.ui.common.LazyWorkspace;
import kiln.ui.common.TaskRunner;

/** The Data workspace: what the readings look like and what separates good products from bad. */
public final class DataWorkspace extends LazyWorkspace<DataViewModel, DataView> {

    private final DataQueries queries;
    private final TaskRunner runner;

    public DataWorkspace(DataQueries queries, TaskRunner runner) {
        super("data", "Data", "Explore readings and labels");
        this.queries = queries;
        this.runner = runner;
    }

    @Override
    protected DataViewModel createModel() {
        return new DataViewModel(queries, runner);
    }

    @Override
    protected DataView createView(DataViewModel model) {
        return new DataView(model);
    }

    @Override
    protected void start(DataViewModel model) {
        model.start();
    }

    @Override
    protected Node root(DataView view) {
        return view.root();
    }

    public DataView dataView() {
        return currentView();
    }

    @Override
    protected void dispose(DataView view, DataViewModel model) {
        view.dispose();
        model.dispose();
    }
}
