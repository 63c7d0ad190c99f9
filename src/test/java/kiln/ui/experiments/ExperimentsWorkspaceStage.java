package kiln.ui.experiments;

import java.nio.file.Path;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.ExperimentsPort;
import kiln.cli.bench.GlasswareRows;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Theme;

/** Shared set-up of the Experiments workspace's FX tests and screenshots: glassware-like rows and the workspace on a stage. */
final class ExperimentsWorkspaceStage {

    /** Fits Monocle's default 1280x800 headless screen. */
    static final double WIDTH = 1260;
    static final double HEIGHT = 780;

    private ExperimentsWorkspaceStage() {}

    static KilnStore glassware(Path dir, int rows) throws Exception {
        KilnStore store = KilnStore.open(dir.resolve("experiments-" + rows + ".duckdb"));
        GlasswareRows.insert(store, rows, 17);
        return store;
    }

    static ExperimentsWorkspace show(Stage stage, KilnStore store, TaskRunner runner, double width, double height) {
        ExperimentsWorkspace workspace = new ExperimentsWorkspace(new ExperimentsPort(store), runner);
        Scene scene = new Scene((Parent) workspace.view(), width, height);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        return workspace;
    }
}
