package kiln.ui.data;

import java.nio.file.Path;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import kiln.app.DataPort;
import kiln.store.KilnStore;
import kiln.store.eda.GlasswareSql;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.Theme;

/** Shared set-up of the Data workspace's FX tests: a glassware-like store and the workspace on a stage. */
final class DataWorkspaceStage {

    /** Fits Monocle's default 1280x800 headless screen. */
    static final double WIDTH = 1260;
    static final double HEIGHT = 780;

    private DataWorkspaceStage() {}

    static KilnStore glassware(Path dir, int rows) throws Exception {
        KilnStore store = KilnStore.open(dir.resolve("data-" + rows + ".duckdb"));
        GlasswareSql.insert(store, rows);
        return store;
    }

    static DataWorkspace show(Stage stage, KilnStore store, TaskRunner runner) {
        DataWorkspace workspace = new DataWorkspace(new DataPort(store), runner);
        Scene scene = new Scene((Parent) workspace.view(), WIDTH, HEIGHT);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        return workspace;
    }
}
