package kiln.ui.data;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.util.StringConverter;

/** A combo box of label codes that reads as the data set's class names. */
final class ClassPicker {

    private ClassPicker() {}

    /**
     * Names the box's codes after {@code classes}. A new button cell redraws the chosen class at once:
     * the default one keeps the text it drew with the previous data set's names.
     */
    static void showNames(ComboBox<Integer> box, ClassNames classes) {
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer code) {
                return code == null ? "" : classes.name(code);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        box.setCellFactory(list -> cell(classes));
        box.setButtonCell(cell(classes));
    }

    private static ListCell<Integer> cell(ClassNames classes) {
        return new ListCell<>() {
            @Override
            protected void updateItem(Integer code, boolean empty) {
                super.updateItem(code, empty);
                setText(empty || code == null ? "" : classes.name(code));
            }
        };
    }
}
