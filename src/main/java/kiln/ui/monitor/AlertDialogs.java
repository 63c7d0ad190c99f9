package kiln.ui.monitor;

import java.time.Instant;
import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;

/** Asks for an acknowledgement note and a silence end; the app shows dialogs, tests may answer directly. */
public interface AlertDialogs {

    Optional<String> askNote(Window owner, Alert alert);

    Optional<Instant> askSilenceUntil(Window owner, Alert alert);

    /** Asks for the note acknowledging an incident (every firing member); the standard dialog unless a test answers. */
    default Optional<String> askIncidentNote(Window owner, AlertIncident incident) {
        return OwnedDialogs.own(incidentNoteDialog(incident), owner).showAndWait();
    }

    /** Asks until when to silence an incident (every open member); the standard dialog unless a test answers. */
    default Optional<Instant> askIncidentSilenceUntil(Window owner, AlertIncident incident) {
        return OwnedDialogs.own(silenceDialog("Silence incident", "Silence incident #" + incident.incidentId() + " — " + incident.summary()
                + "\nEvery open member stays in the list but stops notifying until then.", incident.openedAt(), incident.openedAt()), owner)
                .showAndWait();
    }

    static TextInputDialog incidentNoteDialog(AlertIncident incident) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.setTitle("Acknowledge incident");
        dialog.setHeaderText("Acknowledge incident #" + incident.incidentId() + " — " + incident.summary()
                + "\nEvery firing member alert is acknowledged with this note; groups that join it later join acknowledged.");
        dialog.setContentText("Note:");
        dialog.getEditor().setId("acknowledge-note");
        dialog.getDialogPane().setMaxWidth(640);
        return dialog;
    }

    /** Marks a field whose text cannot be used. */
    PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    /** Dialogs owned by the Monitor's window and centred on it. */
    AlertDialogs STANDARD = new AlertDialogs() {
        @Override
        public Optional<String> askNote(Window owner, Alert alert) {
            TextInputDialog dialog = new TextInputDialog();
            dialog.setTitle("Acknowledge alert");
            dialog.setHeaderText("Acknowledge \"" + alert.rule() + "\"\nWhat do you know or do about it? (kept with the alert)");
            dialog.setContentText("Note:");
            dialog.getEditor().setId("acknowledge-note");
            return OwnedDialogs.own(dialog, owner).showAndWait();
        }

        @Override
        public Optional<Instant> askSilenceUntil(Window owner, Alert alert) {
            return OwnedDialogs.own(silenceDialog(alert), owner).showAndWait();
        }
    };

    /**
     * Asks until when to silence {@code alert}. The time is checked as typed ({@link SilenceEnd}): an
     * unreadable time marks the field invalid, says what to type, and disables "Silence".
     */
    static Dialog<Instant> silenceDialog(Alert alert) {
        return silenceDialog("Silence alert", "Silence \"" + alert.rule() + "\"\nIt stays in the list but stops notifying until then.",
                alert.silencedUntil() != null ? alert.silencedUntil() : alert.firedAt(), alert.firedAt());
    }

    /** A silence dialog suggesting an end after {@code base}; ends before {@code firedAt} are refused. */
    static Dialog<Instant> silenceDialog(String title, String header, Instant base, Instant firedAt) {
        TextField field = new TextField(SilenceEnd.format(SilenceEnd.suggested(base)));
        field.setId("silence-until");
        field.setPromptText(SilenceEnd.PATTERN);
        Label problem = new Label();
        problem.setId("silence-problem");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        ObjectBinding<SilenceEnd> end = Bindings.createObjectBinding(() -> SilenceEnd.check(field.getText(), firedAt),
                field.textProperty());
        problem.textProperty().bind(Bindings.createStringBinding(() -> end.get().problem(), end));
        end.addListener((obs, old, e) -> field.pseudoClassStateChanged(INVALID, !e.valid()));
        field.pseudoClassStateChanged(INVALID, !end.get().valid());

        Dialog<Instant> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        ButtonType silence = new ButtonType("Silence", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(silence, ButtonType.CANCEL);
        Node silenceButton = dialog.getDialogPane().lookupButton(silence);
        silenceButton.setId("silence-confirm");
        silenceButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !end.get().valid(), end));
        dialog.getDialogPane().setContent(new VBox(6, new Label("Until (UTC, " + SilenceEnd.PATTERN + "):"), field, problem));
        dialog.setResultConverter(button -> button == silence ? end.get().until() : null);
        dialog.setOnShown(e -> field.requestFocus());
        return dialog;
    }
}
