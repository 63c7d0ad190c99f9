package kiln.app;

import java.time.Instant;
import java.util.List;

import javafx.collections.ObservableList;
import javafx.scene.Node;

import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;
import kiln.ui.data.DataWorkspace;
import kiln.ui.experiments.ExperimentsWorkspace;
import kiln.ui.monitor.MonitorWorkspace;
import kiln.ui.simulator.SimulatorPanelView;
import kiln.ui.simulator.SimulatorPanelViewModel;
import kiln.ui.welcome.WelcomeView;
import kiln.ui.welcome.WelcomeViewModel;
import kiln.ui.registry.RegistryServices;
import kiln.ui.registry.RegistryWorkspace;

/** Builds the workspaces for one open database and the services behind them. */
final class Workbench {

    private Workbench() {
    }

    static List<Workspace> createWorkspaces(KilnStore store, TaskRunner runner, WelcomeViewModel.Actions welcomeActions,
                                            ObservableList<String> recentDatabases) {
        MonitorService monitor = new MonitorService(store, MonitorService.newestReadingClock(store));
        SimulatorPanelViewModel simulator = new SimulatorPanelViewModel(store, runner);
        // While a scenario plays, the monitor follows every committed batch.
        simulator.setEngineSetup(engine -> engine.addListener(progress -> monitor.update()));
        SimulatorPanelView simulatorView = new SimulatorPanelView(simulator);
        MonitorWorkspace monitorWorkspace = new MonitorWorkspace(monitor, runner);
        monitorWorkspace.setSimulatorPanel(simulatorView.root());
        return List.of(
                new WelcomeView(new WelcomeViewModel(welcomeActions, recentDatabases)),
                new DataWorkspace(new EdaQueries(store), runner),
                new ExperimentsWorkspace(store, runner),
                new RegistryWorkspace(RegistryServices.of(store, new ModelRegistry(store, Instant::now)), runner, ModelRegistry.currentUser()),
                new AlsoDisposing(monitorWorkspace, () -> {
                    simulator.stop();
                    simulatorView.dispose();
                }));
    }

    /** A workspace that also disposes something it does not own itself (e.g. a panel placed in it). */
    private static final class AlsoDisposing implements Workspace {
        private final Workspace inner;
        private final Runnable extra;

        AlsoDisposing(Workspace inner, Runnable extra) {
            this.inner = inner;
            this.extra = extra;
        }

        @Override public String id() {
            return inner.id();
        }

        @Override public String title() {
            return inner.title();
        }

        @Override public String subtitle() {
            return inner.subtitle();
        }

        @Override public Node view() {
            return inner.view();
        }

        @Override public void setActive(boolean active) {
            inner.setActive(active);
        }

        @Override public void dispose() {
            extra.run();
            inner.dispose();
        }
    }
}
