package kiln.app;

import java.util.List;

import javafx.collections.ObservableList;

import kiln.store.KilnStore;
import kiln.ui.welcome.WelcomeView;
import kiln.ui.welcome.WelcomeViewModel;
import kiln.store.eda.EdaQueries;
import kiln.ui.common.PlaceholderWorkspace;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;
import kiln.ui.data.DataWorkspace;
import kiln.ui.experiments.ExperimentsWorkspace;

/** Builds the four workspaces for one open database. */
final class Workbench {

    private Workbench() {
    }

    static List<Workspace> createWorkspaces(KilnStore store, TaskRunner runner, WelcomeViewModel.Actions welcomeActions,
                                            ObservableList<String> recentDatabases) {
        return List.of(
                new WelcomeView(new WelcomeViewModel(welcomeActions, recentDatabases)),
                new DataWorkspace(new EdaQueries(store), runner),
                new ExperimentsWorkspace(store, runner),
                new PlaceholderWorkspace("registry", "Registry", "Versions and promotion",
                        "Register the best runs as model versions, promote one to production with an audit trail, and shadow-score challengers.",
                        List.of("Versions with lineage", "Promotion, demotion, archive with notes", "Timeline: which version was in production when")),
                new PlaceholderWorkspace("monitor", "Monitor", "Live KPIs, drift, alerts",
                        "Watch the production model: daily accuracy in its band, label-free estimates, feature drift, data quality and alerts.",
                        List.of("KPI chart with band, uncertainty, promotion and alert markers", "Per-feature drift with root cause",
                                "Alert lifecycle and the retraining loop", "Counterfactual: what if we had not retrained")));
    }
}
