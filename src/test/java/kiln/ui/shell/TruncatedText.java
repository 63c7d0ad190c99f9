package kiln.ui.shell;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.text.Text;

/**
 * Finds labels and buttons (tab titles and table column headers are labels too) that are on screen
 * but show their text cut short: the text the skin draws (the Labeled's Text child) differs from
 * {@code getText()}, e.g. it ends in "..." or "…". Only nodes that are visible and inside the window
 * and every clip around them count (a row scrolled out of its table does not). Table cells and combo
 * box cells are not checked: they cut data by design and show it in full elsewhere.
 *
 * <p>Each finding names the part of the window it is in: {@link #SHELL_AREAS} for the shell's own
 * parts, else the workspace ("data", "monitor", …) from the workspace view's id. Call on the FX thread.
 */
public final class TruncatedText {

    /** Parts of the window the shell owns (the demo bar is shown by the shell). */
    public static final List<String> SHELL_AREAS = List.of("demo bar", "navigation", "status bar", "menu bar", "help");

    /**
     * One label or button shown cut short.
     *
     * @param area  the part of the window: one of {@link #SHELL_AREAS} or a workspace id
     * @param what  the node: its kind, id or nearest ids, and its full text
     * @param shown the text as drawn
     */
    public record Finding(String area, String what, String text, String shown) {
        @Override
        public String toString() {
            return area + ": " + what + " \"" + text + "\" shown as \"" + shown + "\"";
        }

        public boolean inShell() {
            return SHELL_AREAS.contains(area);
        }
    }

    private TruncatedText() {}

    /** Every truncated label or button in the scene, after CSS and layout. */
    public static List<Finding> in(Scene scene) {
        Parent root = scene.getRoot();
        root.applyCss();
        root.layout();
        List<Finding> found = new ArrayList<>();
        walk(root, new BoundingBox(0, 0, scene.getWidth(), scene.getHeight()), found);
        return found;
    }

    private static void walk(Node node, Bounds visible, List<Finding> found) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        Bounds inScene = node.localToScene(node.getBoundsInLocal());
        if (!overlaps(inScene, visible)) {
            return;
        }
        Bounds inside = visible;
        if (node.getClip() != null) {
            inside = intersection(visible, node.localToScene(node.getClip().getBoundsInParent()));
            if (inside == null) {
                return;
            }
        }
        if (node instanceof Labeled labeled && (node instanceof Label || node instanceof ButtonBase)) {
            check(labeled, found);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                walk(child, inside, found);
            }
        }
    }

    private static void check(Labeled labeled, List<Finding> found) {
        String text = labeled.getText();
        if (text == null || text.isBlank()) {
            return;
        }
        Text drawn = null;
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text t) {
                drawn = t;
            }
        }
        if (drawn == null || !drawn.isVisible()) {
            return; // no skin yet, or an icon-only button
        }
        String shown = drawn.getText() == null ? "" : drawn.getText();
        if (!normalise(shown).equals(normalise(text))) {
            found.add(new Finding(area(labeled), describe(labeled), text, shown));
        }
    }

    /** Mnemonic markers and line breaks do not count as differences. */
    private static String normalise(String s) {
        return s.replace("_", "").replaceAll("\\s+", " ").strip();
    }

    private static String area(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            String id = n.getId();
            if ("demo-bar".equals(id)) {
                return "demo bar";
            }
            if ("help-page".equals(id)) {
                return "help";
            }
            if ("navigation".equals(id)) {
                return "navigation";
            }
            if ("status-bar".equals(id)) {
                return "status bar";
            }
            if (n instanceof MenuBar) {
                return "menu bar";
            }
            if (id != null && id.endsWith("-workspace")) {
                return id.substring(0, id.length() - "-workspace".length());
            }
        }
        return "window";
    }

    /** "Label#sim-status" or "Label in #runs-table > column header" : the node's kind and where it sits. */
    private static String describe(Labeled node) {
        StringBuilder s = new StringBuilder(node.getClass().getSimpleName());
        if (node.getId() != null) {
            return s.append('#').append(node.getId()).toString();
        }
        String header = null;
        String owner = null;
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            String kind = n.getClass().getSimpleName();
            if (header == null && kind.endsWith("ColumnHeader")) {
                header = "column header";
            } else if (header == null && kind.equals("TabHeaderSkin")) {
                header = "tab";
            }
            if (n.getId() != null && !n.getId().endsWith("-workspace")) {
                owner = n.getId();
                break;
            }
        }
        if (owner != null) {
            s.append(" in #").append(owner);
        }
        if (header != null) {
            s.append(" (").append(header).append(')');
        }
        return s.toString();
    }

    private static boolean overlaps(Bounds a, Bounds b) {
        return a.getMaxX() > b.getMinX() && a.getMinX() < b.getMaxX() && a.getMaxY() > b.getMinY() && a.getMinY() < b.getMaxY();
    }

    private static Bounds intersection(Bounds a, Bounds b) {
        double minX = Math.max(a.getMinX(), b.getMinX());
        double minY = Math.max(a.getMinY(), b.getMinY());
        double maxX = Math.min(a.getMaxX(), b.getMaxX());
        double maxY = Math.min(a.getMaxY(), b.getMaxY());
        return maxX > minX && maxY > minY ? new BoundingBox(minX, minY, maxX - minX, maxY - minY) : null;
    }
}
