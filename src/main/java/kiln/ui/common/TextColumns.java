package kiln.ui.common;

import java.util.function.Function;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;

/** Read-only text columns, the way every workspace's tables show a value of a row as text. */
public final class TextColumns {

    private TextColumns() {}

    /** A column showing {@code value} of each row (nothing for an empty row); its width is the table's to choose. */
    public static <S> TableColumn<S, String> of(String title, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue() == null ? null : value.apply(cell.getValue())));
        return c;
    }

    /** Likewise, starting at {@code width} pixels. */
    public static <S> TableColumn<S, String> of(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = of(title, value);
        c.setPrefWidth(width);
        return c;
    }
}
