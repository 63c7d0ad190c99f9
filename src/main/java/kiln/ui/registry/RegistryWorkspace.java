package kiln.ui.registry;

import javafx.scene.Node;

import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;

/** The Registry workspace: versions with lineage, promotion with an audit trail, and which version was live when. */
public final class RegistryWorkspace implements Workspace {

    private final RegistryServices services;
    private final TaskRunner runner;
    private final String user;
    private RegistryViewModel model;
    private RegistryView view;

    public RegistryWorkspace(RegistryServices services, TaskRunner runner, String user) {
        this.services = services;
        this.runner = runner;
        this.user = user;
    }

    @Override
    public String id() {
        return "registry";
    }

    @Override
    public String title() {
        return "Registry";
    }

    @Override
    public String subtitle() {
        return "Versions and promotion";
    }

    @Override
    public Node view() {
        if (view == null) {
            model = new RegistryViewModel(services, runner, user);
            view = new RegistryView(model);
            model.start();
        }
        return view.root();
    }

    /** The view-model once the view exists (tests drive it). */
    public RegistryViewModel model() {
        return model;
    }

    public RegistryView registryView() {
        return view;
    }

    @Override
    public void setActive(boolean active) {
        if (active && model != null) {
            model.refresh(); // runs may have finished elsewhere meanwhile
        }
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
