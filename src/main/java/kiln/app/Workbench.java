package kiln.app;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Alert.AlertType;
import javafx.scene.control.ButtonType;

import kiln.domain.AlertState;
import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepSpec;
import kiln.monitor.MonitorService;
import kiln.notify.Notifications;
import kiln.ops.LiveOps;
import kiln.ops.Retrainer;
import kiln.registry.ModelRegistry;
import kiln.sim.SimulationClock;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;
import kiln.ui.data.DataWorkspace;
import kiln.ui.experiments.ExperimentsWorkspace;
import kiln.ui.fleet.FleetWorkspace;
import kiln.ui.monitor.AlertNotices;
import kiln.ui.monitor.MonitorWorkspace;
import kiln.ui.registry.RegistryWorkspace;
import kiln.ui.simulator.SimulatorPanelView;
import kiln.ui.simulator.SimulatorPanelViewModel;
import kiln.ui.welcome.WelcomeView;
import kiln.ui.welcome.WelcomeViewModel;

/**
 * Builds the workspaces for one open database and the services behind them. Public for the pulse bench
 * ({@code kiln.app.bench}), which measures the Monitor workspace exactly as the application builds it.
 */
public final class Workbench {

    private Workbench() {}

    public static List<Workspace> createWorkspaces(KilnStore store, TaskRunner runner, WelcomeViewModel.Actions welcomeActions,
            ObservableList<String> recentDatabases, Consumer<String> showWorkspace) {
        return createWorkspaces(store, monitorFor(store), runner, welcomeActions, recentDatabases, showWorkspace);
    }

    /** The monitor service of a database, on the newest reading's clock. */
    static MonitorService monitorFor(KilnStore store) {
        return new MonitorService(store, MonitorService.newestReadingClock(store));
    }

    /**
     * @param monitor shared with whatever else changes the monitor's tables in this window (the guided
     *                demo): the Monitor workspace polls its change count to know when to reload
     */
    static List<Workspace> createWorkspaces(KilnStore store, MonitorService monitor, TaskRunner runner, WelcomeViewModel.Actions welcomeActions,
            ObservableList<String> recentDatabases, Consumer<String> showWorkspace) {
        Supplier<Instant> dataClock = MonitorService.newestReadingClock(store);
        // Registry events use the simulated clock once a scenario has been played here, the wall clock otherwise.
        AtomicReference<SimulationClock> simulatedClock = new AtomicReference<>();
        Supplier<Instant> registryClock = () -> {
            SimulationClock sim = simulatedClock.get();
            return sim != null ? sim.now() : Instant.now();
        };
        SimulatorPort simulatorPort = new SimulatorPort(store);
        SimulatorPanelViewModel simulator = new SimulatorPanelViewModel(simulatorPort, runner);
        simulator.setRetrainsOnAlerts(true); // the live loop below retrains on alerts: Play says so before it changes models
        // While a scenario plays, the live loop scores, monitors, carries out its actions and retrains on KPI and confirmed detector alerts.
        simulatorPort.setEngineSetup(engine -> {
            simulatedClock.set(engine.clock());
            LiveOps live = LiveOps.attach(store, engine, monitor, true, 0);
            engine.batchRows(LiveOps.BATCH_PRODUCTS);
            // When the scenario is fully played, draw the "if we had not retrained" line.
            AtomicBoolean finished = new AtomicBoolean();
            engine.addListener(progress -> {
                if (progress.readingsSent() >= progress.readingsTotal() && progress.labelsSent() >= progress.readingsTotal()
                        && finished.compareAndSet(false, true)) {
                    live.finish(progress.simulatedTime(), ProgressSink.NONE);
                }
            });
        });
        // A replayed file runs the same loop, as `kiln replay --score` does; retraining on alerts as ticked in its settings.
        simulatorPort.setReplayLoop((engine, autoRetrain) -> {
            simulatedClock.set(engine.clock());
            LiveOps live = LiveOps.attach(store, engine, monitor, autoRetrain, 0);
            engine.liveBatches();
            return end -> live.finish(end, ProgressSink.NONE);
        });
        SimulatorPanelView simulatorView = new SimulatorPanelView(simulator);
        ModelRegistry registry = new ModelRegistry(store, registryClock);
        ExperimentsWorkspace experiments = new ExperimentsWorkspace(new ExperimentsPort(store), runner);
        // "Register best…" in Experiments registers the run as a new version and shows it in the Registry.
        experiments.setOnRegisterRequested(run -> runner.submit("Registering run " + run.runId(),
                sink -> registry.register((int) run.runId(), null, "registered from Experiments", ModelRegistry.currentUser()),
                version -> showWorkspace.accept("registry"),
                error -> info(AlertType.ERROR, "Registering run " + run.runId() + " failed", error.getMessage())));
        MonitorWorkspace monitorWorkspace = new MonitorWorkspace(new MonitorPort(monitor), runner);
        // The desktop notification channel: a notice in the window for each firing alert routed to it.
        Notifications notifications = new Notifications(store);
        AlertNotices notices = new AlertNotices(runner, () -> notifications.takeDesktopDue(monitor.alerts(null, true), dataClock.get()));
        notices.start();
        monitorWorkspace.setSimulatorPanel(simulatorView.root());
        monitorWorkspace.setRetrainHandler(alert -> retrain(alert, store, runner, monitor, registry, dataClock, monitorWorkspace));
        return List.of(
                new WelcomeView(new WelcomeViewModel(welcomeActions, recentDatabases)),
                new DataWorkspace(new DataPort(store), runner),
                experiments,
                new RegistryWorkspace(new RegistryPort(store, registry, monitor::update), runner, ModelRegistry.currentUser()),
                new AlsoDisposing(monitorWorkspace, () -> {
                    notices.stop();
                    simulator.stop();
                    simulatorView.dispose();
                }),
                new FleetWorkspace(new FleetPort(store), runner));
    }

    /**
     * The Monitor's "Retrain…" on an alert: a background sweep on the labelled data since the change,
     * then the verdict against production, and promotion only when the user confirms.
     */
    private static void retrain(kiln.domain.Alert alert, KilnStore store, TaskRunner runner, MonitorService monitor,
            ModelRegistry registry, Supplier<Instant> dataClock, MonitorWorkspace owner) {
        String user = ModelRegistry.currentUser();
        Retrainer retrainer = new Retrainer(store, registry, alert.modelName(), registry.datasetOf(alert.modelName()),
                SweepSpec.resolve(LiveOps.DEFAULT_SWEEP), 300, 0);
        runner.submit("Retraining after alert #" + alert.alertId(), sink -> retrainer.propose(alert, dataClock.get(), sink, user), proposal -> {
            if (proposal.candidate().isEmpty()) {
                info(owner, AlertType.WARNING, "No run finished", proposal.summary());
                return;
            }
            int version = proposal.candidate().get().version();
            Alert confirm = new Alert(AlertType.CONFIRMATION,
                    proposal.summary(), ButtonType.OK, ButtonType.CANCEL);
            confirm.setTitle("Promote the retrained model?");
            confirm.setHeaderText((proposal.verdict().passed() ? "v" + version + " beats production." : "v" + version + " does NOT beat production.")
                    + " Promote v" + version + " to production?");
            confirm.getDialogPane().setMinWidth(640);
            owner.ownDialog(confirm); // on the Monitor's window, centred, its text wrapped within the window
            if (confirm.showAndWait().filter(b -> b == ButtonType.OK).isPresent()) {
                runner.submit("Promoting v" + version, sink -> {
                    retrainer.promote(proposal, "retrain after alert #" + alert.alertId() + ": " + proposal.summary(), user);
                    // Retrain is offered on acknowledged alerts too; only a firing one can (and needs to) be acknowledged
                    if (monitor.alerts(alert.modelName(), true).stream()
                            .anyMatch(a -> a.alertId() == alert.alertId() && AlertState.FIRING == a.state())) {
                        monitor.acknowledge(alert.alertId(), proposal.summary() + "; v" + version + " promoted by " + user, user);
                    }
                    return null;
                }, done -> {}, error -> info(owner, AlertType.ERROR, "Promotion failed", error.getMessage()));
            }
        }, error -> info(owner, AlertType.ERROR, "Retraining failed", error.getMessage()));
    }

    private static void info(AlertType type, String header, String text) {
        Alert dialog = new Alert(type, text);
        dialog.setHeaderText(header);
        dialog.show();
    }

    /** Like {@link #info}, on the Monitor's window (owned, centred, wrapped within it). */
    private static void info(MonitorWorkspace owner, Alert.AlertType type, String header, String text) {
        Alert dialog = new Alert(type, text);
        dialog.setHeaderText(header);
        owner.ownDialog(dialog).show();
    }

    /** A workspace that also disposes something it does not own itself (e.g. a panel placed in it). */
    private static final class AlsoDisposing implements Workspace {
        private final Workspace inner;
        private final Runnable extra;

        AlsoDisposing(Workspace inner, Runnable extra) {
            this.inner = inner;
            this.extra = extra;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public String title() {
            return inner.title();
        }

        @Override
        public String subtitle() {
            return inner.subtitle();
        }

        @Override
        public Node view() {
            return inner.view();
        }

        @Override
        public void setActive(boolean active) {
            inner.setActive(active);
        }

        @Override
        public ReadOnlyIntegerProperty attentionCount() {
            return inner.attentionCount();
        }

        @Override
        public void dispose() {
            extra.run();
            inner.dispose();
        }
    }
}
