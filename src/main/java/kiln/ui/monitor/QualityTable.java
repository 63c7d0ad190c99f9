package kiln.ui.monitor;

import java.util.function.Function;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import kiln.domain.QualityFinding;
import kiln.ui.common.Subscriptions;

/** The data-quality findings as a table (feature, since when, kind, severity, what it means). */
final class QualityTable {

    private QualityTable() {
    }

    static void fill(TableView<QualityFinding> table, ObservableList<QualityFinding> findings, Subscriptions subscriptions) {
        table.setPlaceholder(new Label("No data-quality findings in the monitored period."));
        table.getColumns().add(column("feature", QualityFinding::feature, 90));
        table.getColumns().add(column("since (UTC)", q -> q.since() == null ? "" : UtcTime.format(q.since()), 120));
        table.getColumns().add(column("kind", QualityFinding::kind, 90));
        table.getColumns().add(column("severity", QualityFinding::severity, 70));
        table.getColumns().add(column("what it means", QualityFinding::message, 520));
        table.setItems(findings);
        subscriptions.add(() -> table.setItems(FXCollections.observableArrayList()));
    }

    private static TableColumn<QualityFinding, String> column(String name, Function<QualityFinding, String> value, double width) {
        TableColumn<QualityFinding, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
