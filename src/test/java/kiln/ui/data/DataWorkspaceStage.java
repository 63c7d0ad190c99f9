package kiln.ui.data;

import java.nio.file.Path;

import kiln.store.KilnStore;
import kiln.store.eda.GlasswareSql;

/** The store the Data workspace's FX tests read: glassware-like rows. */
final class DataWorkspaceStage {

    private DataWorkspaceStage() {}

    static KilnStore glassware(Path dir, int rows) throws Exception {
        KilnStore store = KilnStore.open(dir.resolve("data-" + rows + ".duckdb"));
        GlasswareSql.insert(store, rows);
        return store;
    }
}
