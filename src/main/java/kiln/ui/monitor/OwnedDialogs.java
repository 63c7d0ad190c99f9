package kiln.ui.monitor;

import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * Dialogs that belong to the window they are about: owned by it (so they stay above it and close
 * with it), no wider than it, their text wrapped, and centred on it. A dialog without an owner opens
 * where the platform likes, and one with a long unwrapped sentence grows past the window's edge.
 */
public final class OwnedDialogs {

    /** Share of the owner's width a dialog may take. */
    private static final double MAX_WIDTH_SHARE = 0.8;

    private OwnedDialogs() {}

    /** Owns {@code dialog} to {@code owner} (when there is one), bounds its width and centres it when shown. */
    public static <D extends Dialog<?>> D own(D dialog, Window owner) {
        Label content = new Label(dialog.getContentText());
        content.setWrapText(true);
        if (dialog.getDialogPane().getContent() == null && dialog.getContentText() != null && !dialog.getContentText().isEmpty()) {
            dialog.getDialogPane().setContent(content); // a content text is not wrapped by default
        }
        if (owner == null) {
            return dialog;
        }
        dialog.initOwner(owner);
        double maxWidth = Math.max(320, owner.getWidth() * MAX_WIDTH_SHARE);
        dialog.getDialogPane().setMaxWidth(maxWidth);
        dialog.getDialogPane().setPrefWidth(Math.min(maxWidth, Math.max(dialog.getDialogPane().getPrefWidth(), 560)));
        dialog.addEventHandler(DialogEvent.DIALOG_SHOWN, e -> centre(dialog, owner));
        return dialog;
    }

    static void centre(Dialog<?> dialog, Window owner) {
        dialog.setX(owner.getX() + Math.max(0, (owner.getWidth() - dialog.getWidth()) / 2));
        dialog.setY(owner.getY() + Math.max(0, (owner.getHeight() - dialog.getHeight()) / 2));
    }
}
