package kiln.ui.shell;

import java.io.File;
import java.util.List;
import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import kiln.ui.common.FxmlViews;
import kiln.ui.common.RunningJob;
import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;

/**
 * The main window: menu, workspace navigation, the selected workspace, the status bar, and the help
 * page over the workspace area. Keys: Ctrl+1…6 choose a workspace (the Go menu), F11 switches the
 * presentation theme, F1 the help page; all of them menu accelerators, so the menus show them.
 */
public final class ShellView {

    @FXML
    private VBox navigation;
    @FXML
    private StackPane content;
    @FXML
    private Label databaseLabel;
    @FXML
    private Label statusLabel;
    @FXML
    private HBox jobsBox;
    @FXML
    private Label noJobsLabel;
    @FXML
    private RadioMenuItem lightThemeItem;
    @FXML
    private RadioMenuItem darkThemeItem;
    @FXML
    private RadioMenuItem presentationThemeItem;
    @FXML
    private StackPane bannerSlot;
    @FXML
    private Menu recentMenu;
    @FXML
    private Menu goMenu;
    @FXML
    private MenuBar menuBar;
    @FXML
    private StackPane workspaceArea;
    @FXML
    private StackPane helpSlot;

    private final ShellViewModel model;
    private final ObservableList<RunningJob> jobs;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ToggleGroup navGroup = new ToggleGroup();
    private final Parent root;

    public ShellView(ShellViewModel model, ObservableList<RunningJob> jobs) {
        this.model = model;
        this.jobs = jobs;
        this.root = FxmlViews.load(this);
        installFileDrop(); // needs the loaded root, so not in initialize()
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        databaseLabel.textProperty().bind(model.databaseLabelProperty());
        statusLabel.textProperty().bind(model.statusMessageProperty());
        subscriptions.add(() -> databaseLabel.textProperty().unbind());
        subscriptions.add(() -> statusLabel.textProperty().unbind());
        Tooltip databasePath = new Tooltip();
        databasePath.textProperty().bind(model.databasePathProperty());
        databaseLabel.setTooltip(databasePath);
        subscriptions.add(() -> databasePath.textProperty().unbind());

        // A workspace larger than the area is cut at its edge, not drawn over the status bar.
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(workspaceArea.widthProperty());
        clip.heightProperty().bind(workspaceArea.heightProperty());
        workspaceArea.setClip(clip);
        subscriptions.add(() -> {
            clip.widthProperty().unbind();
            clip.heightProperty().unbind();
        });
        showHelp(model.helpShownProperty().get());
        subscriptions.onChange(model.helpShownProperty(), (obs, was, shown) -> showHelp(shown));

        ToggleGroup themes = new ToggleGroup();
        lightThemeItem.setToggleGroup(themes);
        darkThemeItem.setToggleGroup(themes);
        presentationThemeItem.setToggleGroup(themes);
        syncThemeItems(model.themeProperty().get());
        subscriptions.onChange(model.themeProperty(), (obs, old, theme) -> syncThemeItems(theme));

        rebuildNavigation();
        subscriptions.onListChange(model.workspaces(), (ListChangeListener<Workspace>) change -> rebuildNavigation());
        showSelected(model.selectedProperty().get());
        subscriptions.onChange(model.selectedProperty(), (obs, old, w) -> showSelected(w));
        subscriptions.onChange(navGroup.selectedToggleProperty(), (obs, old, toggle) -> {
            if (toggle == null && old != null) {
                old.setSelected(true); // a nav button stays pressed when clicked again
            } else if (toggle != null) {
                model.select((String) toggle.getUserData());
            }
        });

        rebuildJobs();
        subscriptions.onListChange(jobs, (ListChangeListener<RunningJob>) change -> rebuildJobs());
        rebuildRecent();
        subscriptions.onListChange(model.recentDatabases(), (ListChangeListener<String>) change -> rebuildRecent());
    }

    /** Dropping CSV or Parquet files anywhere on the window imports them. */
    private void installFileDrop() {
        root.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && event.getDragboard().getFiles().stream().allMatch(ShellView::importable)) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        root.setOnDragDropped(event -> {
            var files = event.getDragboard().getFiles().stream().filter(ShellView::importable).map(File::toPath).toList();
            event.setDropCompleted(!files.isEmpty());
            event.consume();
            if (!files.isEmpty()) {
                model.actions().importFiles(files);
            }
        });
        subscriptions.add(() -> {
            root.setOnDragOver(null);
            root.setOnDragDropped(null);
        });
    }

    static boolean importable(File file) {
        String name = file.getName().toLowerCase(Locale.ROOT);
        return file.isFile() && (name.endsWith(".csv") || name.endsWith(".parquet") || name.endsWith(".tsv"));
    }

    private void syncThemeItems(Theme theme) {
        lightThemeItem.setSelected(theme == Theme.LIGHT);
        darkThemeItem.setSelected(theme == Theme.DARK);
        presentationThemeItem.setSelected(theme == Theme.PRESENTATION);
    }

    private static String badgeText(int firing) {
        return firing == 1 ? "1 alert firing" : firing + " alerts firing";
    }

    private void rebuildNavigation() {
        navigation.getChildren().removeIf(n -> n instanceof ToggleButton);
        navGroup.getToggles().clear();
        goMenu.getItems().clear();
        int index = 0;
        for (Workspace w : model.workspaces()) {
            Label title = navLabel(w.title(), StyleClasses.NAV_TITLE);
            Label subtitle = navLabel(w.subtitle(), StyleClasses.NAV_SUBTITLE);
            VBox text = new VBox(2, title, subtitle);
            if (w.attentionCount() != null) {
                // e.g. "2 alerts firing" under the Monitor's name; bound weakly, so a rebuilt navigation leaks nothing
                Label badge = navLabel("", "nav-badge");
                badge.setId("nav-badge-" + w.id());
                badge.textProperty().bind(Bindings.createStringBinding(() -> badgeText(w.attentionCount().get()), w.attentionCount()));
                badge.visibleProperty().bind(w.attentionCount().greaterThan(0));
                badge.managedProperty().bind(badge.visibleProperty());
                text.getChildren().add(badge);
            }
            text.setMinWidth(0);
            ToggleButton button = new ToggleButton();
            // Not a focus stop: after a click the keys stay with the guided demo; Ctrl+1…6 reach every workspace.
            button.setFocusTraversable(false);
            button.setGraphic(text);
            // Wrapping makes the button's height depend on its width, so the navigation asks for the
            // height at the real width (without it, the texts are measured at no width: a word a line).
            button.setWrapText(true);
            button.setUserData(w.id());
            button.setId("nav-" + w.id());
            button.setMaxWidth(Double.MAX_VALUE);
            button.setMaxHeight(Region.USE_PREF_SIZE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.getStyleClass().add(StyleClasses.NAV_BUTTON);
            button.setToggleGroup(navGroup);
            button.setSelected(model.selectedProperty().get() == w);
            navigation.getChildren().add(button);
            index++;
            if (index <= 9) {
                MenuItem go = new MenuItem(w.title());
                go.setMnemonicParsing(false);
                go.setId("go-" + w.id());
                go.setAccelerator(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + index), KeyCombination.SHORTCUT_DOWN));
                int at = index - 1;
                go.setOnAction(e -> model.selectAt(at));
                goMenu.getItems().add(go);
            }
        }
    }

    /** A navigation text that wraps rather than ending in "…" (long subtitles, the presentation theme). */
    private static Label navLabel(String text, String styleClass) {
        Label label = new Label(text);
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        return label;
    }

    private void showHelp(boolean shown) {
        helpSlot.getChildren().setAll(shown ? List.of(new HelpView(model, menuBar, () -> model.helpShownProperty().set(false)).root())
                : List.of());
        helpSlot.setManaged(shown);
        helpSlot.setVisible(shown);
        content.setVisible(!shown); // the page covers the workspace; keys and lookups must not reach behind it
    }

    private void showSelected(Workspace w) {
        content.getChildren().setAll(w == null ? new Label("No workspace") : w.view());
        navGroup.getToggles().forEach(t -> t.setSelected(w != null && w.id().equals(t.getUserData())));
    }

    /**
     * One job shows as a chip with its progress and Cancel; several show as one "N jobs" button whose
     * menu lists them, so a burst of jobs never pushes the status bar wider than the window.
     */
    private void rebuildJobs() {
        jobsBox.getChildren().removeIf(n -> n != noJobsLabel);
        noJobsLabel.setVisible(jobs.isEmpty());
        noJobsLabel.setManaged(jobs.isEmpty());
        if (jobs.size() == 1) {
            jobsBox.getChildren().add(jobChip(jobs.get(0)));
        } else if (jobs.size() > 1) {
            MenuButton list = new MenuButton(jobs.size() + " jobs");
            list.setId("jobs-list");
            list.getStyleClass().add(StyleClasses.STATUS_JOB);
            for (RunningJob job : jobs) {
                CustomMenuItem item = new CustomMenuItem(jobChip(job), false);
                list.getItems().add(item);
            }
            jobsBox.getChildren().add(list);
        }
    }

    private static HBox jobChip(RunningJob job) {
        Label title = new Label(job.title());
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label message = new Label();
        message.textProperty().bind(job.messageProperty());
        message.getStyleClass().add(StyleClasses.MUTED);
        message.setMaxWidth(260);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(110);
        bar.progressProperty().bind(job.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setOnAction(e -> job.cancel());
        cancel.setId("cancel-job");
        HBox chip = new HBox(6, title, bar, message, cancel);
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.getStyleClass().add(StyleClasses.STATUS_JOB);
        return chip;
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (String path : model.recentDatabases()) {
            MenuItem item = new MenuItem(path);
            item.setMnemonicParsing(false);
            item.setOnAction(e -> model.actions().openRecent(path));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(model.recentDatabases().isEmpty());
    }

    @FXML
    private void onNewDatabase() {
        model.actions().newDatabase();
    }

    @FXML
    private void onOpenDatabase() {
        model.actions().openDatabase();
    }

    @FXML
    private void onImport() {
        model.actions().importFiles(List.of());
    }

    @FXML
    private void onQuit() {
        model.actions().quit();
    }

    @FXML
    private void onAbout() {
        model.actions().showAbout();
    }

    @FXML
    private void onLightTheme() {
        model.themeProperty().set(Theme.LIGHT);
    }

    @FXML
    private void onDarkTheme() {
        model.themeProperty().set(Theme.DARK);
    }

    @FXML
    private void onPresentationTheme() {
        model.themeProperty().set(Theme.PRESENTATION);
    }

    @FXML
    private void onTogglePresentation() {
        model.togglePresentation();
    }

    @FXML
    private void onHelp() {
        model.toggleHelp();
    }

    /** Shows a strip above the workspaces (the guided demo), or removes it with null. */
    public void setBanner(Node banner) {
        bannerSlot.getChildren().setAll(banner == null ? List.of() : List.of(banner));
        bannerSlot.setManaged(banner != null);
        bannerSlot.setVisible(banner != null);
    }

    /** Removes every listener this view added. */
    public void dispose() {
        subscriptions.dispose();
    }
}
