package kiln.app;

import javafx.beans.property.ObjectProperty;

import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepSpec;
import kiln.ui.demo.DemoBarViewModel;
import kiln.ui.experiments.ExperimentsViewModel;
import kiln.ui.experiments.ExperimentsWorkspace;
import kiln.ui.monitor.MonitorViewModel;
import kiln.ui.monitor.MonitorWorkspace;
import kiln.ui.registry.RegistryViewModel;
import kiln.ui.registry.RegistryWorkspace;
import kiln.ui.shell.ShellViewModel;

/**
 * The guided demo's hold on the workbench: it shows workspaces through the shell, and the sweep step
 * in the Experiments workspace, whose form shows the grid that runs and whose board and runs table
 * follow the runs as they finish.
 */
final class DemoScreens implements DemoBarViewModel.Actions {

    private static final String EXPERIMENTS = "experiments";

    private final ShellViewModel shell;
    private final Runnable reset;

    DemoScreens(ShellViewModel shell, Runnable reset) {
        this.shell = shell;
        this.reset = reset;
    }

    @Override
    public void showWorkspace(String id) {
        shell.selectAndRefresh(id);
    }

    /** Shows the workspace on the step's model: the demo database holds the glassware model and the fleet's family. */
    @Override
    public void showWorkspace(String id, String model) {
        boolean built = viewModelOf(id) != null;
        if (built) {
            choose(id, model);
        }
        shell.selectAndRefresh(id);
        if (!built) {
            choose(id, model); // the workspace's view-model exists once it has been shown
        }
    }

    private Object viewModelOf(String id) {
        return shell.find(id).map(w -> w instanceof RegistryWorkspace r ? r.model() : w instanceof MonitorWorkspace m ? m.model() : null)
                .orElse(null);
    }

    private void choose(String id, String model) {
        Object viewModel = viewModelOf(id);
        ObjectProperty<String> chosen = viewModel instanceof RegistryViewModel r ? r.modelProperty()
                : viewModel instanceof MonitorViewModel m ? m.modelProperty() : null;
        if (chosen != null && model != null && !model.equals(chosen.get())) {
            chosen.set(model);
        }
    }

    @Override
    public SweepListener showSweep(SweepRequest request) {
        shell.select(EXPERIMENTS); // builds the workspace's view-model the first time
        ExperimentsViewModel experiments = shell.find(EXPERIMENTS).filter(ExperimentsWorkspace.class::isInstance)
                .map(w -> ((ExperimentsWorkspace) w).model()).orElse(null);
        if (experiments == null) {
            return SweepListener.NONE;
        }
        SweepSpec spec = request.spec();
        experiments.form().show(new SweepSpec(spec.name(), spec.description(), spec.seed(), spec.split(), spec.metric(), request.dataset(),
                request.window(), request.features(), spec.trainers()));
        experiments.form().workersProperty().set(request.workerCount());
        return experiments.board();
    }

    @Override
    public void reset() {
        reset.run();
    }
}
