package kiln.ui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;

/** The main window's state: workspaces, the selected one, theme, help, database and status text. */
public final class ShellViewModel {

    /** What the shell asks the application to do; the application owns files and dialogs. */
    public interface Actions {
        void newDatabase();

        void openDatabase();

        void openRecent(String path);

        /** Imports CSV or Parquet files (chosen in a dialog when {@code files} is empty). */
        void importFiles(List<Path> files);

        void quit();

        void showAbout();
    }

    private final ObservableList<Workspace> workspaces = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Workspace> selected = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    /** Where a kind of Kiln's files lives on this machine, for the help page. */
    public record DataLocation(String what, String where) {
    }

    private final ReadOnlyStringWrapper databaseLabel = new ReadOnlyStringWrapper("No database");
    private final ReadOnlyStringWrapper databasePath = new ReadOnlyStringWrapper("");
    private final BooleanProperty helpShown = new SimpleBooleanProperty(this, "helpShown");
    private final ObservableList<DataLocation> dataLocations = FXCollections.observableArrayList();
    /** The theme to return to when presentation is switched off again. */
    private Theme themeBeforePresentation = Theme.LIGHT;
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

    /** Shows the workspace with this id (closing the help page over it); unknown ids are ignored. */
    public void select(String id) {
        if (id == null) {
            return;
        }
        find(id).ifPresent(w -> {
            helpShown.set(false);
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

    /**
     * Shows the workspace with this id; when it is already shown, tells it so again, so it reloads
     * what may have changed meanwhile (the guided demo changes data under a shown screen).
     */
    public void selectAndRefresh(String id) {
        Workspace current = selected.get();
        if (current != null && current.id().equals(id)) {
            current.setActive(true);
        } else {
            select(id);
        }
    }

    /** Selects the workspace at {@code index} in navigation order (Ctrl+1 is index 0); out of range is ignored. */
    public void selectAt(int index) {
        if (index >= 0 && index < workspaces.size()) {
            select(workspaces.get(index).id());
        }
    }

    /** Switches the presentation theme on, or off again to the theme it replaced. */
    public void togglePresentation() {
        Theme current = theme.get();
        if (current == Theme.PRESENTATION) {
            theme.set(themeBeforePresentation);
        } else {
            themeBeforePresentation = current == null ? Theme.LIGHT : current;
            theme.set(Theme.PRESENTATION);
        }
    }

    /** Whether the help page covers the workspace area. */
    public BooleanProperty helpShownProperty() {
        return helpShown;
    }

    public void toggleHelp() {
        helpShown.set(!helpShown.get());
    }

    /** Where the database, demo, settings and logs live on this machine; the help page lists them. */
    public ObservableList<DataLocation> dataLocations() {
        return dataLocations;
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

    /** Shows the open database by its file name; the full path is one hover away. */
    public void setDatabase(Path file) {
        Path name = file.getFileName();
        databaseLabel.set(name == null ? file.toString() : name.toString());
        databasePath.set(file.toAbsolutePath().toString());
    }

    /** The open database's full path, or empty. */
    public ReadOnlyStringProperty databasePathProperty() {
        return databasePath.getReadOnlyProperty();
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
