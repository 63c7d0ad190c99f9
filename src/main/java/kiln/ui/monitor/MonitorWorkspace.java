package kiln.ui.monitor;

import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.Node;
import javafx.scene.control.Dialog;

import kiln.domain.Alert;
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
    private final LivePoller.Ticker pollTicker;
    private MonitorViewModel model;
    private MonitorView view;
    private Node simulatorPanel;
    private Consumer<Alert> retrainHandler;
    private FileOpener fileOpener;
    private boolean active;
    /** Outlives the view: whoever shows the count (e.g. the sidebar) binds once, before or after the Monitor is opened. */
    private final ReadOnlyIntegerWrapper firingAlertCount = new ReadOnlyIntegerWrapper(this, "firingAlertCount");

    public MonitorWorkspace(MonitorQueries queries, TaskRunner runner) {
        this(queries, runner, LivePoller.Ticker.DAEMON_THREAD);
    }

    /** @param pollTicker what runs the live poll while the workspace is shown (tests tick it by hand) */
    MonitorWorkspace(MonitorQueries queries, TaskRunner runner, LivePoller.Ticker pollTicker) {
        this.queries = queries;
        this.runner = runner;
        this.pollTicker = pollTicker;
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
            model = new MonitorViewModel(queries, runner, Platform::runLater, pollTicker);
            model.alertList().retrainHandlerProperty().set(retrainHandler);
            firingAlertCount.bind(model.firingAlertCountProperty());
            ReportExport export = new ReportExport(runner, queries);
            export.setOpener(fileOpener);
            view = new MonitorView(model, export);
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
            model.alertList().retrainHandlerProperty().set(handler);
        }
    }

    /**
     * What opens a saved report (e.g. the application's {@code HostServices}); null asks the AWT
     * desktop where there is one. Takes effect the next time the view is built.
     */
    public void setFileOpener(FileOpener opener) {
        this.fileOpener = opener;
    }

    /**
     * Firing alerts of the model shown in the Monitor: 0 until the Monitor has been opened, then kept
     * current while it is shown (it polls only while shown), and kept after it is closed.
     */
    @Override
    public ReadOnlyIntegerProperty attentionCount() {
        return firingAlertCountProperty();
    }

    public ReadOnlyIntegerProperty firingAlertCountProperty() {
        return firingAlertCount.getReadOnlyProperty();
    }

    /**
     * Makes {@code dialog} belong to the Monitor's window: owned by it, no wider than it, centred on it.
     * For dialogs the app opens about the Monitor (e.g. promoting a version retrained from an alert).
     */
    public <D extends Dialog<?>> D ownDialog(D dialog) {
        return OwnedDialogs.own(dialog, view == null ? null : view.window());
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
            firingAlertCount.unbind();
            model.setLive(false);
            view.dispose();
            model.dispose();
            view = null;
            model = null;
        }
    }
}
