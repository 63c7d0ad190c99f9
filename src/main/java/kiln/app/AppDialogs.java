package kiln.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import kiln.domain.UserFacingException;
import kiln.store.KilnStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window's own dialogs: errors, the unexpected-error report and About. */
final class AppDialogs {

    private static final Logger LOG = LoggerFactory.getLogger(AppDialogs.class);

    private final Stage stage;
    /** Under {@code --smoke-test} an unexpected error fails the run instead of opening a dialog. */
    private final boolean smokeTest;
    private boolean errorDialogOpen;

    AppDialogs(Stage stage, boolean smokeTest) {
        this.stage = stage;
        this.smokeTest = smokeTest;
    }

    void showError(String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR, error instanceof UserFacingException ? error.getMessage() : String.valueOf(error));
        alert.initOwner(stage);
        alert.setHeaderText(title);
        alert.show();
    }

    /** The versions of Kiln's parts and, when {@code store} is not null, of the open database. */
    void showAbout(KilnStore store) {
        StringBuilder text = new StringBuilder();
        Map<String, String> versions = new LinkedHashMap<>(Versions.headless());
        versions.put("JavaFX", System.getProperty("javafx.runtime.version", "unknown"));
        versions.put("ChartFX", Versions.implementationVersion(XYChart.class, "unknown"));
        if (store != null) {
            try {
                versions.put("DuckDB engine", store.duckDbVersion());
                versions.put("Database", store.path() + " (schema " + store.schemaVersion() + ")");
            } catch (SQLException e) {
                versions.put("DuckDB engine", "unavailable: " + e.getMessage());
            }
        }
        versions.forEach((k, v) -> text.append(String.format("%-14s %s%n", k, v)));
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(stage);
        about.setTitle("About Kiln");
        about.setHeaderText("Kiln — keeps machine-learning models healthy after deployment");
        TextArea area = new TextArea(text.toString());
        area.setEditable(false);
        area.setPrefRowCount(versions.size() + 1);
        area.setStyle("-fx-font-family: monospace;");
        about.getDialogPane().setContent(area);
        about.showAndWait();
    }

    /** An uncaught error shows a dialog with its details instead of vanishing. */
    void showUnexpectedError(Throwable error) {
        // The error may come from layout or an animation pulse, where modal dialogs are not allowed.
        Platform.runLater(() -> showUnexpectedErrorNow(error));
    }

    private void showUnexpectedErrorNow(Throwable error) {
        LOG.error("Uncaught error on the FX thread", error);
        if (smokeTest) {
            GuiLauncher.printErr("kiln: smoke test failed: " + error);
            GuiLauncher.setExitCode(1);
            Platform.exit();
            return;
        }
        StringWriter details = new StringWriter();
        error.printStackTrace(new PrintWriter(details));
        ButtonType copy = new ButtonType("Copy details", ButtonBar.ButtonData.LEFT);
        Alert alert = new Alert(Alert.AlertType.ERROR, "", copy, ButtonType.CLOSE);
        alert.initOwner(stage);
        alert.setHeaderText("Something went wrong: " + error.getClass().getSimpleName());
        alert.setContentText(String.valueOf(error.getMessage()) + "\n\nThe details are also in the log: " + Main.logDir().resolve("kiln.log"));
        TextArea area = new TextArea(details.toString());
        area.setEditable(false);
        alert.getDialogPane().setExpandableContent(area);
        if (errorDialogOpen) {
            return; // one dialog at a time; the rest are in the log
        }
        errorDialogOpen = true;
        alert.setOnHidden(e -> errorDialogOpen = false);
        alert.resultProperty().addListener((obs, old, button) -> {
            if (button == copy) {
                ClipboardContent content = new ClipboardContent();
                content.putString(details.toString());
                Clipboard.getSystemClipboard().setContent(content);
            }
        });
        alert.show();
    }
}
