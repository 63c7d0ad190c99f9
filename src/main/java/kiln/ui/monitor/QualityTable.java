package kiln.ui.monitor;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

import kiln.domain.QualityFinding;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TextColumns;

/** The data-quality findings as a table (feature, since when, kind, severity, what it means). */
final class QualityTable {

    private QualityTable() {}

    static void fill(TableView<QualityFinding> table, ObservableList<QualityFinding> findings, Subscriptions subscriptions) {
        table.setPlaceholder(new Label("No data-quality findings in the monitored period."));
        table.getColumns().add(TextColumns.of("feature", QualityFinding::feature, 90));
        table.getColumns().add(TextColumns.of("since (UTC)", q -> q.since() == null ? "" : UtcTime.format(q.since()), 120));
        table.getColumns().add(TextColumns.of("kind", QualityFinding::kind, 90));
        table.getColumns().add(TextColumns.of("severity", q -> q.severity().stored(), 70));
        table.getColumns().add(TextColumns.of("what it means", QualityFinding::message, 520));
        table.setItems(findings);
        subscriptions.add(() -> table.setItems(FXCollections.observableArrayList()));
    }
}
