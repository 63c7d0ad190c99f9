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
import kiln.ui.common.Workspace;

/** The Experiments workspace: define and run sweeps in the background, track every run, compare them. */
public final class ExperimentsWorkspace implements Workspace {

    private final KilnStore store;
    private final TaskRunner runner;
    private Consumer<Run> onRegisterRequested;
    private ExperimentsViewModel model;
    private ExperimentsView view;

    public ExperimentsWorkspace(KilnStore store, TaskRunner runner) {
        this.store = store;
        this.runner = runner;
    }

    @Override
    public String id() {
        return "experiments";
    }

    @Override
    public String title() {
        return "Experiments";
    }

    @Override
    public String subtitle() {
        return "Train, sweep, compare";
    }

    @Override
    public Node view() {
        if (view == null) {
            model = new ExperimentsViewModel(new EdaQueries(store), new RunRepository(store), new SweepRunner(store), runner,
                    Platform::runLater);
            model.onRegisterRequestedProperty().set(onRegisterRequested);
            view = new ExperimentsView(model);
            model.start();
        }
        return view.root();
    }

    /**
     * The hook the app sets so that "Register best…" hands a run to the Registry workspace; while
     * none is set the button stays disabled and says why.
     */
    public void setOnRegisterRequested(Consumer<Run> hook) {
        this.onRegisterRequested = hook;
        if (model != null) {
            model.onRegisterRequestedProperty().set(hook);
        }
    }

    @Override
    public void setActive(boolean active) {
        if (active && model != null) {
            model.reloadRuns();
        }
    }

    /** The view-model once the view exists (tests drive it). */
    public ExperimentsViewModel model() {
        return model;
    }

    public ExperimentsView experimentsView() {
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
