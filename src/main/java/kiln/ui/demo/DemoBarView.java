package kiln.ui.demo;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import kiln.ui.common.StyleClasses;

/** The strip above the workspaces while the guided demo runs. Built in code: it is a handful of nodes. */
public final class DemoBarView {

    private final DemoBarViewModel model;
    private final VBox root;

    public DemoBarView(DemoBarViewModel model) {
        this.model = model;
        Label title = new Label();
        title.textProperty().bind(model.stepTitleProperty());
        title.getStyleClass().add("demo-title");
        Label caption = new Label();
        caption.textProperty().bind(model.captionProperty());
        caption.setWrapText(true);
        caption.getStyleClass().add("demo-caption");
        Label outcome = new Label();
        outcome.textProperty().bind(model.outcomeProperty());
        outcome.setWrapText(true);
        outcome.getStyleClass().add(StyleClasses.MUTED);
        Button next = new Button();
        next.textProperty().bind(model.nextLabelProperty());
        next.getStyleClass().add(StyleClasses.ACCENT_BUTTON);
        next.disableProperty().bind(model.runningProperty().or(model.doneProperty()));
        next.setOnAction(e -> model.next());
        next.setId("demo-next");
        Button pause = new Button("❚❚ Pause");
        pause.disableProperty().bind(model.runningProperty().not());
        pause.setOnAction(e -> model.pause());
        Button reset = new Button("↺ Reset");
        reset.setOnAction(e -> model.reset());
        for (Button b : new Button[] {next, pause, reset}) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the caption wraps; the buttons never shrink
        }
        caption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        outcome.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox text = new VBox(2, title, caption, outcome);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(12, text, next, pause, reset);
        row.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(row);
        root.setPadding(new Insets(10, 16, 10, 16));
        root.getStyleClass().add("demo-bar");
        root.setId("demo-bar");
    }

    public Parent root() {
        return root;
    }

    /** Unbinds from the view-model. */
    public void dispose() {
        root.getChildren().clear();
    }

    DemoBarViewModel model() {
        return model;
    }
}
