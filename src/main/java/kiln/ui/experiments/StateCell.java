package kiln.ui.experiments;

import javafx.scene.control.TableCell;

/** A table cell showing a run state ("finished", "cancelled", …) styled by a {@code state-NAME} class from experiments.css. */
final class StateCell<S> extends TableCell<S, String> {

    @Override
    protected void updateItem(String state, boolean empty) {
        super.updateItem(state, empty);
        getStyleClass().removeIf(k -> k.startsWith("state-"));
        setText(empty ? null : state);
        if (!empty && state != null) {
            getStyleClass().add("state-" + state);
        }
    }
}
