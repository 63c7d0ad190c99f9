package kiln.ui.experiments;

import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.scene.Node;

import kiln.domain.Run;
import kiln.ui.common.LazyWorkspace;
import kiln.ui.common.TaskRunner;

/** The Experiments workspace: define and run sweeps in the background, track every run, compare them. */
public final class ExperimentsWorkspace extends LazyWorkspace<ExperimentsViewModel, ExperimentsView> {

    private final ExperimentsServices services;
    private final TaskRunner runner;
    private Consumer<Run> onRegisterRequested;

    public ExperimentsWorkspace(ExperimentsServices services, TaskRunner runner) {
        super("experiments", "Experiments", "Train, sweep, compare");
        this.services = services;
        this.runner = runner;
    }

    @Override
    protected ExperimentsViewModel createModel() {
        ExperimentsViewModel model = new ExperimentsViewModel(services, runner, Platform::runLater);
        model.onRegisterRequestedProperty().set(onRegisterRequested);
        return model;
    }

    @Override
    protected ExperimentsView createView(ExperimentsViewModel model) {
        return new ExperimentsView(model);
    }

    @Override
    protected void start(ExperimentsViewModel model) {
        model.start();
    }

    @Override
    protected Node root(ExperimentsView view) {
        return view.root();
    }

    /**
     * The hook the app sets so that "Register best…" hands a run to the Registry workspace; while
     * none is set the button stays disabled and says why.
     */
    public void setOnRegisterRequested(Consumer<Run> hook) {
        this.onRegisterRequested = hook;
        if (model() != null) {
            model().onRegisterRequestedProperty().set(hook);
        }
    }

    @Override
    public void setActive(boolean active) {
        if (active && model() != null) {
            model().reloadRuns();
        }
    }

    public ExperimentsView experimentsView() {
        return currentView();
    }

    @Override
    protected void dispose(ExperimentsView view, ExperimentsViewModel model) {
        view.dispose();
        model.dispose();
    }
}
