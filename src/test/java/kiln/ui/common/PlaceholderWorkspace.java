package kiln.ui.common;

import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A workspace with no services behind it (a title, a summary, a list), for the shell and leak tests. */
public final class PlaceholderWorkspace implements Workspace {

    private final String id;
    private final String title;
    private final String subtitle;
    private final String summary;
    private final List<String> plans;
    private Node view;

    public PlaceholderWorkspace(String id, String title, String subtitle, String summary, List<String> plans) {
        this.id = id;
        this.title = title;
        this.subtitle = subtitle;
        this.summary = summary;
        this.plans = List.copyOf(plans);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String subtitle() {
        return subtitle;
    }

    @Override
    public Node view() {
        if (view == null) {
            Label heading = new Label(title);
            heading.getStyleClass().add(StyleClasses.WORKSPACE_TITLE);
            Label text = new Label(summary);
            text.setWrapText(true);
            text.getStyleClass().add(StyleClasses.WORKSPACE_SUMMARY);
            VBox list = new VBox(6);
            for (String plan : plans) {
                Label item = new Label("•  " + plan);
                item.setWrapText(true);
                list.getChildren().add(item);
            }
            Label coming = new Label("Coming in this workspace");
            coming.getStyleClass().add(StyleClasses.SECTION_TITLE);
            VBox card = new VBox(12, coming, list);
            card.getStyleClass().add(StyleClasses.CARD);
            VBox root = new VBox(16, heading, text, card);
            root.setPadding(new Insets(28));
            root.setMaxWidth(760);
            root.getStyleClass().add(StyleClasses.PLACEHOLDER);
            root.setId(id + "-workspace");
            view = root;
        }
        return view;
    }

    @Override
    public void dispose() {
        view = null;
    }
}
