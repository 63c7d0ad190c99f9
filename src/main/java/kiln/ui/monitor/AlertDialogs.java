package kiln.ui.monitor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

import kiln.domain.Alert;

/** Asks for an acknowledgement note and a silence end; the app shows dialogs, tests may answer directly. */
public interface AlertDialogs {

    Optional<String> askNote(Window owner, Alert alert);

    Optional<Instant> askSilenceUntil(Window owner, Alert alert);

    DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** Parses "yyyy-MM-dd HH:mm" as UTC; empty when the text is not such a time. */
    static Optional<Instant> parseUtc(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.trim(), UNTIL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Text-input dialogs. */
    AlertDialogs STANDARD = new AlertDialogs() {
        @Override
        public Optional<String> askNote(Window owner, Alert alert) {
            TextInputDialog dialog = new TextInputDialog();
            dialog.initOwner(owner);
            dialog.setTitle("Acknowledge alert");
            dialog.setHeaderText("Acknowledge \"" + alert.rule() + "\"\nWhat do you know or do about it? (kept with the alert)");
            dialog.setContentText("Note:");
            dialog.getEditor().setId("acknowledge-note");
            return dialog.showAndWait();
        }

        @Override
        public Optional<Instant> askSilenceUntil(Window owner, Alert alert) {
            Instant base = alert.silencedUntil() != null ? alert.silencedUntil() : alert.firedAt();
            TextInputDialog dialog = new TextInputDialog(UNTIL.format(base.plusSeconds(24 * 3600).atOffset(ZoneOffset.UTC)));
            dialog.initOwner(owner);
            dialog.setTitle("Silence alert");
            dialog.setHeaderText("Silence \"" + alert.rule() + "\" until (UTC, yyyy-MM-dd HH:mm):\nit stays in the list but stops notifying.");
            dialog.setContentText("Until:");
            dialog.getEditor().setId("silence-until");
            return dialog.showAndWait().flatMap(AlertDialogs::parseUtc);
        }
    };
}
