package kiln.ui.registry;

import javafx.scene.Node;

import kiln.ui.common.LazyWorkspace;
import kiln.ui.common.TaskRunner;

/** The Registry workspace: versions with lineage, promotion with an audit trail, and which version was live when. */
public final class RegistryWorkspace extends LazyWorkspace<RegistryViewModel, RegistryView> {

    private final RegistryServices services;
    private final TaskRunner runner;
    private final String user;

    public RegistryWorkspace(RegistryServices services, TaskRunner runner, String user) {
        super("registry", "Registry", "Versions and promotion");
        this.services = services;
        this.runner = runner;
        this.user = user;
    }

    @Override
    protected RegistryViewModel createModel() {
        return new RegistryViewModel(services, runner, user);
    }

    @Override
    protected RegistryView createView(RegistryViewModel model) {
        return new RegistryView(model);
    }

    @Override
    protected void start(RegistryViewModel model) {
        model.start();
    }

    @Override
    protected Node root(RegistryView view) {
        return view.root();
    }

    public RegistryView registryView() {
        return currentView();
    }

    @Override
    public void setActive(boolean active) {
        if (active && model() != null) {
            model().refresh(); // runs may have finished elsewhere meanwhile
        }
    }

    @Override
    protected void dispose(RegistryView view, RegistryViewModel model) {
        view.dispose();
        model.dispose();
    }
}
