package kiln.ui.registry;

import java.util.List;
import java.util.function.Function;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import kiln.ui.common.Subscriptions;

/**
 * Sizes a table's columns from what they show: every column is at least as wide as its header's
 * text, so that no header shows "…", and starts as wide as its widest value (up to a cap), so short
 * values such as times and aliases are not cut either. Widths are measured with the header's own
 * font after a layout, so a theme with larger type (Presentation) widens them too; a table too
 * narrow for all of it scrolls sideways. The user can still drag a column wider or narrower.
 */
public final class ColumnHeaders {

    /** Room for the sort arrow next to a header's text. */
    private static final double SORT_ARROW = 14;
    /** Cell padding on both sides of a value. */
    private static final double CELL_PADDING = 14;
    /** How many rows are measured for a column's widest value. */
    private static final int MEASURED_ROWS = 300;

    private ColumnHeaders() {}

    /** Keeps headers whole and leaves the columns' preferred widths alone; the listener belongs to {@code owner}. */
    public static <S> void keepWhole(TableView<S> table, Subscriptions owner) {
        keepWhole(table, 0, owner);
    }

    /**
     * Watches {@code table}'s layout and items; the listeners belong to {@code owner}.
     *
     * @param valueWidthCap a column is widened to its widest value up to this many pixels (0: not at all)
     */
    public static <S> void keepWhole(TableView<S> table, double valueWidthCap, Subscriptions owner) {
        Sizing<S> sizing = new Sizing<>(table, valueWidthCap);
        owner.onChange(table.needsLayoutProperty(), (obs, was, needs) -> {
            if (!needs) {
                sizing.fit();
            }
        });
        owner.onListChange(table.getItems(), (ListChangeListener<S>) c -> sizing.itemsChanged());
    }

    private static final class Sizing<S> {
        private final TableView<S> table;
        private final double cap;
        private boolean valuesMeasured;
        private Font measuredWith;

        Sizing(TableView<S> table, double cap) {
            this.table = table;
            this.cap = cap;
        }

        void itemsChanged() {
            valuesMeasured = false;
        }

        /** Idempotent: equal widths change nothing, so the layout it may trigger ends here. */
        void fit() {
            for (Node n : table.lookupAll(".column-header")) {
                if (n instanceof TableColumnHeader header && header.getTableColumn() instanceof TableColumn<?, ?> column
                        && header.lookup(".label") instanceof Label label) {
                    double needed = Math.ceil(label.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset() + SORT_ARROW);
                    if (column.getMinWidth() != needed) {
                        column.setMinWidth(needed);
                    }
                    if (cap > 0 && (!valuesMeasured || !label.getFont().equals(measuredWith))) {
                        widenToValues(column, label.getFont(), needed);
                    }
                }
            }
            if (!table.getItems().isEmpty()) {
                valuesMeasured = true;
                measuredWith = table.lookup(".column-header .label") instanceof Label l ? l.getFont() : null;
            }
        }

        @SuppressWarnings("unchecked")
        private void widenToValues(TableColumn<?, ?> column, Font font, double headerWidth) {
            if (!table.getColumns().contains(column)) {
                return;
            }
            TableColumn<S, ?> c = (TableColumn<S, ?>) column;
            Text probe = new Text();
            probe.setFont(font);
            double widest = 0;
            List<S> rows = table.getItems().subList(0, Math.min(MEASURED_ROWS, table.getItems().size()));
            Function<S, Object> value = row -> c.getCellObservableValue(row) == null ? null : c.getCellObservableValue(row).getValue();
            for (S row : rows) {
                Object v = value.apply(row);
                if (v != null) {
                    probe.setText(v.toString());
                    widest = Math.max(widest, probe.getLayoutBounds().getWidth());
                }
            }
            double pref = Math.ceil(Math.max(headerWidth, Math.min(cap, widest + CELL_PADDING)));
            if (column.getPrefWidth() != pref) {
                column.setPrefWidth(pref);
            }
        }
    }
}
