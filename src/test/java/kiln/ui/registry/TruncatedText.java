package kiln.ui.registry;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Dimension2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * Finds the visible labels, buttons, tabs and column headers whose text is drawn cut short (the
 * skin shows the ellipsis instead of the full text). Table and list cells are left out: a long
 * value in a cell may be cut, and its column can be widened.
 */
public final class TruncatedText {

    /** The workspace area of a 1440x900 window: the shell's sidebar takes ~220 px, its menu and status bars ~56 px. */
    public static final Dimension2D WORKSPACE_AT_1440_BY_900 = new Dimension2D(1440 - 220, 900 - 56);

    private TruncatedText() {}

    /** "text shown as 'shown'" for each cut text under {@code root}; empty when every text is whole. */
    public static List<String> in(Parent root) {
        List<String> found = new ArrayList<>();
        visit(root, found);
        return found;
    }

    private static void visit(Node node, List<String> found) {
        if (!node.isVisible() || node instanceof IndexedCell<?>) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            for (Node child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof Text shown && shown.isVisible() && !labeled.getText().equals(shown.getText())
                        && shown.getText().contains(labeled.getEllipsisString())) {
                    found.add(labeled.getClass().getSimpleName() + " '" + labeled.getText() + "' shown as '" + shown.getText() + "'");
                }
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                visit(child, found);
            }
        }
    }
}
