package kiln.ui.shell;

import java.util.List;
import java.util.Optional;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;

/** The main window's state: workspaces, the selected one, theme, database and status text. */
public final class ShellViewModel {

    /** What the shell asks the application to do; the application owns files and dialogs. */
    public interface Actions {
        void newDatabase();

        void openDatabase();

        void openRecent(String path);

        /** Imports CSV or Parquet files (chosen in a dialog when {@code files} is empty). */
        void importFiles(java.util.List<java.nio.file.Path> files);

        void quit();

        void showAbout();
    }

    private final ObservableList<Workspace> workspaces = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Workspace> selected = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ReadOnlyStringWrapper databaseLabel = new ReadOnlyStringWrapper("No database");
    private final ReadOnlyStringWrapper statusMessage = new ReadOnlyStringWrapper("Ready");
    private final ObservableList<String> recentDatabases = FXCollections.observableArrayList();
    private final Actions actions;

    public ShellViewModel(Actions actions) {
        this.actions = actions;
    }

    public ObservableList<Workspace> workspaces() {
        return workspaces;
    }

    /** Replaces every workspace (after another database is opened), disposing the old ones. */
    public void setWorkspaces(List<Workspace> newWorkspaces) {
        String keep = selected.get() == null ? null : selected.get().id();
        selected.set(null);
        for (Workspace old : List.copyOf(workspaces)) {
            old.dispose();
        }
        workspaces.setAll(newWorkspaces);
        select(keep != null && find(keep).isPresent() ? keep : newWorkspaces.isEmpty() ? null : newWorkspaces.get(0).id());
    }

    public Optional<Workspace> find(String id) {
        return workspaces.stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Shows the workspace with this id; unknown ids are ignored. */
    public void select(String id) {
        if (id == null) {
            return;
        }
        find(id).ifPresent(w -> {
            Workspace previous = selected.get();
            if (previous == w) {
                return;
            }
            if (previous != null) {
                previous.setActive(false);
            }
            selected.set(w);
            w.setActive(true);
        });
    }

    public ReadOnlyObjectProperty<Workspace> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyStringProperty databaseLabelProperty() {
        return databaseLabel.getReadOnlyProperty();
    }

    public void setDatabaseLabel(String label) {
        databaseLabel.set(label);
    }

    public ReadOnlyStringProperty statusMessageProperty() {
        return statusMessage.getReadOnlyProperty();
    }

    public void setStatusMessage(String message) {
        statusMessage.set(message);
    }

    public ObservableList<String> recentDatabases() {
        return recentDatabases;
    }

    public Actions actions() {
        return actions;
    }

    /** Disposes every workspace. */
    public void dispose() {
        setWorkspaces(List.of());
    }
}
