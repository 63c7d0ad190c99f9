package kiln.ui.welcome;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Workspace;

/** The start screen, shown first on a first start and always reachable as "Start". */
public final class WelcomeView implements Workspace {

    @FXML
    private VBox recentList;
    @FXML
    private Label noRecentLabel;

    private final WelcomeViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private Parent root;

    public WelcomeView(WelcomeViewModel model) {
        this.model = model;
    }

    @Override
    public String id() {
        return "welcome";
    }

    @Override
    public String title() {
        return "Start";
    }

    @Override
    public String subtitle() {
        return "Demo, open, import";
    }

    @Override
    public Node view() {
        if (root == null) {
            root = FxmlViews.load(this);
        }
        return root;
    }

    @FXML
    private void initialize() {
        rebuildRecent();
        subscriptions.onListChange(model.recentDatabases(), (ListChangeListener<String>) c -> rebuildRecent());
    }

    private void rebuildRecent() {
        recentList.getChildren().removeIf(n -> n != noRecentLabel);
        noRecentLabel.setVisible(model.recentDatabases().isEmpty());
        noRecentLabel.setManaged(model.recentDatabases().isEmpty());
        for (String path : model.recentDatabases()) {
            Hyperlink link = new Hyperlink(path);
            link.setMnemonicParsing(false);
            link.getStyleClass().add("recent-link");
            // a long path wraps onto a second line rather than losing its file name to "…"
            link.setWrapText(true);
            link.setMinHeight(Region.USE_PREF_SIZE);
            link.setOnAction(e -> model.openRecent(path));
            recentList.getChildren().add(link);
        }
    }

    @FXML
    private void onOpenDemo() {
        model.openDemo();
    }

    @FXML
    private void onOpenDatabase() {
        model.openDatabase();
    }

    @FXML
    private void onNewDatabase() {
        model.newDatabase();
    }

    @FXML
    private void onImportFile() {
        model.importFile();
    }

    @Override
    public void dispose() {
        subscriptions.dispose();
    }
}
