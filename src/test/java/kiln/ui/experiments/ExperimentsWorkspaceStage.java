package kiln.ui.experiments;

import java.nio.file.Path;

import javafx.scene.Parent;
import javafx.stage.Stage;

import kiln.app.ExperimentsPort;
import kiln.cli.bench.GlasswareRows;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.WorkspaceFxTestBase;

/** The Experiments workspace's FX tests and screenshots: glassware-like rows and the workspace over them. */
final class ExperimentsWorkspaceStage {

    private ExperimentsWorkspaceStage() {}

    static KilnStore glassware(Path dir, int rows) throws Exception {
        KilnStore store = KilnStore.open(dir.resolve("experiments-" + rows + ".duckdb"));
        GlasswareRows.insert(store, rows, 17);
        return store;
    }

    static ExperimentsWorkspace workspace(KilnStore store, TaskRunner runner) {
        return new ExperimentsWorkspace(new ExperimentsPort(store), runner);
    }

    /** The workspace shown on a stage of its own size (the screenshots'). */
    static ExperimentsWorkspace show(Stage stage, KilnStore store, TaskRunner runner, double width, double height) {
        ExperimentsWorkspace workspace = workspace(store, runner);
        WorkspaceFxTestBase.show(stage, (Parent) workspace.view(), width, height);
        return workspace;
    }
}
