package kiln.ui.welcome;

import javafx.collections.ObservableList;

/** The start screen: the demo, opening or importing data, and recent databases. */
public final class WelcomeViewModel {

    /** What the start screen asks the application to do. */
    public interface Actions {
        /** Opens (creating it the first time) the glassware demo database and shows the guided demo. */
        void openDemo();

        void openDatabase();

        void newDatabase();

        /** Imports a CSV or Parquet file into the open database. */
        void importFile();

        void openRecent(String path);
    }

    private final Actions actions;
    private final ObservableList<String> recentDatabases;

    public WelcomeViewModel(Actions actions, ObservableList<String> recentDatabases) {
        this.actions = actions;
        this.recentDatabases = recentDatabases;
    }

    public ObservableList<String> recentDatabases() {
        return recentDatabases;
    }

    public void openDemo() {
        actions.openDemo();
    }

    public void openDatabase() {
        actions.openDatabase();
    }

    public void newDatabase() {
        actions.newDatabase();
    }

    public void importFile() {
        actions.importFile();
    }

    public void openRecent(String path) {
        actions.openRecent(path);
    }
}
