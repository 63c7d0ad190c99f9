package kiln.ui.monitor;

import java.util.function.Consumer;

import javafx.scene.Node;

import kiln.domain.Alert;
import kiln.domain.MonitorQueries;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;

/**
 * The Monitor workspace: live KPIs against their band, drift and data quality, and the alert
 * lifecycle. Live polling runs only while the workspace is shown. The app may place a simulator
 * panel at the top and set the handler behind "Retrain…" (either before or after the view exists).
 */
public final class MonitorWorkspace implements Workspace {

    private final MonitorQueries queries;
    private final TaskRunner runner;
    private MonitorViewModel model;
    private MonitorView view;
    private Node simulatorPanel;
    private Consumer<Alert> retrainHandler;
    private boolean active;

    public MonitorWorkspace(MonitorQueries queries, TaskRunner runner) {
        this.queries = queries;
        this.runner = runner;
    }

    @Override
    public String id() {
        return "monitor";
    }

    @Override
    public String title() {
        return "Monitor";
    }

    @Override
    public String subtitle() {
        return "Watch deployed models, act on alerts";
    }

    @Override
    public Node view() {
        if (view == null) {
            model = new MonitorViewModel(queries, runner);
            model.retrainHandlerProperty().set(retrainHandler);
            view = new MonitorView(model);
            view.setSimulatorPanel(simulatorPanel);
            model.start();
            model.setLive(active);
        }
        return view.root();
    }

    @Override
    public void setActive(boolean active) {
        this.active = active;
        if (model != null) {
            model.setLive(active);
        }
    }

    /** The simulator panel to show at the top of the workspace (null for none). */
    public void setSimulatorPanel(Node panel) {
        this.simulatorPanel = panel;
        if (view != null) {
            view.setSimulatorPanel(panel);
        }
    }

    /** What "Retrain…" on a firing alert does (the retraining loop); null disables the button. */
    public void setRetrainHandler(Consumer<Alert> handler) {
        this.retrainHandler = handler;
        if (model != null) {
            model.retrainHandlerProperty().set(handler);
        }
    }

    /** The view-model once the view exists (tests drive it). */
    public MonitorViewModel model() {
        return model;
    }

    public MonitorView monitorView() {
        return view;
    }

    @Override
    public void dispose() {
        if (view != null) {
            model.setLive(false);
            view.dispose();
            model.dispose();
            view = null;
            model = null;
        }
    }
}
