package kiln.app;

import java.time.Instant;
import java.util.List;

import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.common.PlaceholderWorkspace;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Workspace;
import kiln.ui.data.DataWorkspace;
import kiln.ui.registry.RegistryServices;
import kiln.ui.registry.RegistryWorkspace;

/** Builds the four workspaces for one open database. */
final class Workbench {

    private Workbench() {
    }

    static List<Workspace> createWorkspaces(KilnStore store, TaskRunner runner) {
        return List.of(
                new DataWorkspace(new EdaQueries(store), runner),
                new PlaceholderWorkspace("experiments", "Experiments", "Train, sweep, compare",
                        "Train Tribuo tree models on a data window in background sweeps, track every run and compare them.",
                        List.of("Decision trees, random forests, extra trees, logistic baseline", "Grid and random sweeps with live progress and cancel",
                                "Runs table with filter language, metric-vs-parameter and parallel-coordinates charts")),
                new RegistryWorkspace(RegistryServices.of(store, new ModelRegistry(store, Instant::now)), runner, ModelRegistry.currentUser()),
                new PlaceholderWorkspace("monitor", "Monitor", "Live KPIs, drift, alerts",
                        "Watch the production model: daily accuracy in its band, label-free estimates, feature drift, data quality and alerts.",
                        List.of("KPI chart with band, uncertainty, promotion and alert markers", "Per-feature drift with root cause",
                                "Alert lifecycle and the retraining loop", "Counterfactual: what if we had not retrained")));
    }
}
