package kiln.ui.demo;

import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;

/**
 * The strip above the workspaces while the guided demo runs: the step's title and buttons on one
 * row, its caption and outcome below at the full width of the window. Built in code: it is a handful
 * of nodes. The buttons never shrink; the texts wrap instead, so nothing is cut off in a narrow
 * window or in the presentation theme.
 *
 * <p>Keys, as presentation clickers send them: → , Space or Page Down for the next step, ← or Page
 * Up for the previous one, anywhere in the window, except in a control that uses the key itself
 * (text fields, tables, lists, combo boxes; Space also presses a focused button).
 */
public final class DemoBarView {

    /** What a key press means to the demo. */
    enum DemoKey {
        NEXT, BACK, NONE
    }

    /** The keys for the next step and the one before, as the help page and the tooltips name them. */
    public static final String NEXT_KEYS = "→, Space, Page Down";
    public static final String BACK_KEYS = "←, Page Up";

    private final DemoBarViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final VBox root;
    private final Button next;
    private final EventHandler<KeyEvent> keys = this::onKeyPressed;

    public DemoBarView(DemoBarViewModel model) {
        this.model = model;
        Label title = wrappingLabel(model.stepTitleProperty(), "demo-title");
        Label caption = wrappingLabel(model.captionProperty(), "demo-caption");
        Label outcome = wrappingLabel(model.outcomeProperty(), "demo-outcome");
        outcome.getStyleClass().add(StyleClasses.MUTED);
        outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
        subscriptions.add(() -> outcome.managedProperty().unbind());

        Button back = button("◀ Back", "demo-back", "The step before, as it was shown (" + BACK_KEYS + "). The data stay as they are.");
        back.setOnAction(e -> model.back());
        next = button("", "demo-next", "The next step (" + NEXT_KEYS + ")");
        next.textProperty().bind(model.nextLabelProperty());
        subscriptions.add(() -> next.textProperty().unbind());
        next.getStyleClass().add(StyleClasses.ACCENT_BUTTON);
        next.setOnAction(e -> model.next());
        Button pause = button("❚❚ Pause", "demo-pause", "Stop the step that runs; press the step again to continue");
        pause.setOnAction(e -> model.pause());
        Button reset = button("↺ Reset", "demo-reset", "Start the story over on a fresh demo database");
        reset.setOnAction(e -> model.reset());
        back.disableProperty().bind(model.canGoBackProperty().not());
        next.disableProperty().bind(model.canGoNextProperty().not());
        pause.disableProperty().bind(model.runningProperty().not());
        subscriptions.add(() -> {
            back.disableProperty().unbind();
            next.disableProperty().unbind();
            pause.disableProperty().unbind();
        });

        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox heading = new HBox(8, title, back, next, pause, reset);
        heading.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(4, heading, caption, outcome);
        root.setPadding(new Insets(10, 16, 10, 16));
        root.getStyleClass().add("demo-bar");
        root.setId("demo-bar");

        // After a step, Space goes on from the Next button, wherever the presenter clicked meanwhile. While a
        // step runs (and at the end) the bar itself holds the focus: a second Space must not land on Pause.
        subscriptions.onChange(next.disabledProperty(), (obs, was, disabled) -> {
            if (!disabled) {
                focusNext();
            } else if (root.getScene() != null && inBar(root.getScene().getFocusOwner())) {
                root.requestFocus();
            }
        });
        subscriptions.onChange(root.sceneProperty(), (obs, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
                focusNext();
            }
        });
        subscriptions.add(() -> {
            Scene scene = root.getScene();
            if (scene != null) {
                scene.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
    }

    /** A label showing {@code text}, with the id also as its style class. */
    private Label wrappingLabel(ObservableValue<String> text, String id) {
        Label label = new Label();
        label.textProperty().bind(text);
        subscriptions.add(() -> label.textProperty().unbind());
        label.setId(id);
        label.getStyleClass().add(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE); // a wrapped text takes the lines it needs
        label.setMinWidth(0);
        return label;
    }

    private static Button button(String text, String id, String tooltip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE); // the texts wrap; the buttons never shrink
        b.setTooltip(new Tooltip(tooltip));
        return b;
    }

    private void focusNext() {
        Scene scene = root.getScene();
        if (scene != null && !(scene.getFocusOwner() instanceof TextInputControl) && !next.isDisabled()) {
            next.requestFocus();
        }
    }

    private boolean inBar(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == root) {
                return true;
            }
        }
        return node == null;
    }

    private void onKeyPressed(KeyEvent event) {
        if (!root.isVisible() || event.isConsumed()) {
            return;
        }
        switch (demoKey(event, root.getScene() == null ? null : root.getScene().getFocusOwner())) {
            case NEXT -> {
                model.next();
                event.consume();
            }
            case BACK -> {
                model.back();
                event.consume();
            }
            default -> {
            }
        }
    }

    /** What {@code event} means to the demo while {@code focusOwner} has the focus. */
    static DemoKey demoKey(KeyEvent event, Node focusOwner) {
        if (event.isShortcutDown() || event.isControlDown() || event.isAltDown() || event.isMetaDown() || event.isShiftDown()) {
            return DemoKey.NONE;
        }
        KeyCode code = event.getCode();
        boolean next = code == KeyCode.RIGHT || code == KeyCode.PAGE_DOWN || code == KeyCode.SPACE;
        boolean back = code == KeyCode.LEFT || code == KeyCode.PAGE_UP;
        if (!next && !back || focusOwner instanceof TextInputControl || usesArrowsAndPaging(focusOwner)) {
            return DemoKey.NONE;
        }
        if (code == KeyCode.SPACE && focusOwner instanceof ButtonBase) {
            return DemoKey.NONE; // a focused button presses itself on Space (the Next button then runs the next step anyway)
        }
        return next ? DemoKey.NEXT : DemoKey.BACK;
    }

    /** Controls whose arrows, page keys and Space choose or move something of their own. */
    private static boolean usesArrowsAndPaging(Node focusOwner) {
        return focusOwner instanceof ComboBoxBase || focusOwner instanceof ChoiceBox || focusOwner instanceof ListView
                || focusOwner instanceof TableView || focusOwner instanceof TreeView || focusOwner instanceof TreeTableView
                || focusOwner instanceof Slider || focusOwner instanceof Spinner || focusOwner instanceof ScrollBar;
    }

    public Parent root() {
        return root;
    }

    /** Removes the key filter and every listener on the view-model. */
    public void dispose() {
        subscriptions.dispose();
    }
}
