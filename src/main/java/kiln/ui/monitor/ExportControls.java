package kiln.ui.monitor;

import java.nio.file.Path;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;

/**
 * The report controls of the Monitor's title row: "Export report…" (disabled while nothing is loaded
 * or a report is being written) and the line that says where the report went, with "Open", or why
 * it did not and what to do.
 */
final class ExportControls {

    private final ReportExport export;

    ExportControls(ReportExport export, ReadOnlyObjectProperty<MonitorSnapshot> snapshot, Button exportButton, HBox result, Label message,
            Hyperlink open, Subscriptions subscriptions) {
        this.export = export;
        message.textProperty().bind(export.messageProperty());
        result.visibleProperty().bind(export.messageProperty().isNotEmpty());
        result.managedProperty().bind(result.visibleProperty());
        open.visibleProperty().bind(export.savedProperty().isNotNull());
        open.managedProperty().bind(open.visibleProperty());
        exportButton.disableProperty().bind(snapshot.isNull().or(export.busyProperty()));
        subscriptions.onChange(export.failedProperty(), (obs, old, failed) -> {
            message.getStyleClass().remove(StyleClasses.ERROR);
            if (failed) {
                message.getStyleClass().add(StyleClasses.ERROR);
            }
        });
        subscriptions.add(() -> {
            message.textProperty().unbind();
            result.visibleProperty().unbind();
            result.managedProperty().unbind();
            open.visibleProperty().unbind();
            open.managedProperty().unbind();
            exportButton.disableProperty().unbind();
        });
    }

    /** Hands the shown snapshot to the export, which draws the report's charts and writes the file in the background. */
    void exportTo(Path file, MonitorSnapshot snapshot) {
        export.export(snapshot, file);
    }

    void openSaved() {
        export.openSaved();
    }

    void dismiss() {
        export.dismiss();
    }
}
