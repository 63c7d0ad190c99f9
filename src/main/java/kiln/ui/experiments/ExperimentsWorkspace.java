package kiln.ui.experiments;

import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.scene.Node;

import kiln.domain.Run;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.LazyWorkspace;

/** The Experiments workspace: define and run sweeps in the background, track every run, compare them. */
public final class ExperimentsWorkspace extends LazyWorkspace<ExperimentsViewModel, ExperimentsView> {

    private final KilnStore store;
    private final TaskRunner runner;
    private Consumer<Run> onRegisterRequested;

    public ExperimentsWorkspace(KilnStore store, TaskRunner runner) {
        super("experiments", "Experiments", "Train, sweep, compare");
        this.store = store;
        this.runner = runner;
    }

    @Override
    protected ExperimentsViewModel createModel() {
        ExperimentsViewModel model = new ExperimentsViewModel(new EdaQueries(store), new RunRepository(store), new SweepRunner(store), runner,
                Platform::runLater);
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
