package kiln.ui.data;

import javafx.scene.Node;

import kiln.store.eda.EdaQueries;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;

/** The Data workspace: what the readings look like and what separates good products from bad. */
public final class DataWorkspace implements Workspace {

    private final EdaQueries queries;
    private final TaskRunner runner;
    private DataViewModel model;
    private DataView view;

    public DataWorkspace(EdaQueries queries, TaskRunner runner) {
        this.queries = queries;
        this.runner = runner;
    }

    @Override
    public String id() {
        return "data";
    }

    @Override
    public String title() {
        return "Data";
    }

    @Override
    public String subtitle() {
        return "Explore readings and labels";
    }

    @Override
    public Node view() {
        if (view == null) {
            model = new DataViewModel(queries, runner);
            view = new DataView(model);
            model.start();
        }
        return view.root();
    }

    /** The view-model once the view exists (tests drive it). */
    public DataViewModel model() {
        return model;
    }

    public DataView dataView() {
        return view;
    }

    @Override
    public void dispose() {
        if (view != null) {
            view.dispose();
            model.dispose();
            view = null;
            model = null;
        }
    }
}
