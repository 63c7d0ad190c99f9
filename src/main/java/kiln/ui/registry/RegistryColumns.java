package kiln.ui.registry;

import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/** The text columns of the Registry's tables (versions, members, history); an alias is styled by its name. */
final class RegistryColumns {

    private RegistryColumns() {
    }

    /** A text column; its width follows its header (see {@link ColumnHeaders}) and the user's dragging. */
    static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    /** An "Alias" column whose cells carry style class {@code alias-<alias>} (production, challenger, archived). */
    static <S> TableColumn<S, String> alias(Function<S, String> alias) {
        TableColumn<S, String> c = column("Alias", alias);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                getStyleClass().removeIf(s -> s.startsWith("alias-"));
                setText(empty ? null : value);
                if (!empty && value != null && !value.isEmpty()) {
                    getStyleClass().add("alias-" + value);
                }
            }
        });
        return c;
    }
}
