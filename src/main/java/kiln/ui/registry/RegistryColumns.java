package kiln.ui.registry;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.collections.ObservableList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import kiln.domain.ModelEvent;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TextColumns;

/** The columns of the Registry's versions and history tables, and the alias column styled by the alias's name. */
final class RegistryColumns {

    private RegistryColumns() {}

    static void versions(TableView<VersionRow> table, ObservableList<VersionRow> rows, Subscriptions subscriptions) {
        table.setItems(rows);
        table.getColumns().setAll(List.of(
                TextColumns.of("Version", VersionRow::label),
                alias(VersionRow::alias),
                TextColumns.of("Trainer", VersionRow::trainer),
                TextColumns.of("Accuracy", r -> format(r.metric("accuracy"))),
                TextColumns.of("Window", VersionRow::window),
                TextColumns.of("Fingerprint", VersionRow::fingerprint),
                TextColumns.of("Params", VersionRow::params)));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        ColumnHeaders.keepWhole(table, RegistryView.VALUE_WIDTH_CAP, subscriptions);
    }

    static void events(TableView<ModelEvent> table, ObservableList<ModelEvent> rows, Subscriptions subscriptions) {
        table.setItems(rows);
        table.getColumns().setAll(List.of(
                TextColumns.of("At (UTC)", (ModelEvent e) -> EffectiveTime.format(e.at())),
                TextColumns.of("Action", ModelEvent::action),
                TextColumns.of("Version", (ModelEvent e) -> e.version() == null ? "" : "v" + e.version()),
                TextColumns.of("Alias / verdict", (ModelEvent e) -> e.alias() == null ? "" : e.alias()),
                TextColumns.of("By", ModelEvent::by),
                TextColumns.of("Note", (ModelEvent e) -> e.note() == null ? "" : e.note())));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        ColumnHeaders.keepWhole(table, RegistryView.VALUE_WIDTH_CAP, subscriptions);
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** An "Alias" column whose cells carry style class {@code alias-<alias>} (production, challenger, archived). */
    static <S> TableColumn<S, String> alias(Function<S, String> alias) {
        TableColumn<S, String> c = TextColumns.of("Alias", alias);
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
