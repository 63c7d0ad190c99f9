package kiln.ui.monitor;

import java.util.List;
import java.util.function.Supplier;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import javafx.util.Duration;

import kiln.domain.Alert;
import kiln.notify.Notifications;
import kiln.ui.common.TaskRunner;

/**
 * The desktop channel: a small non-modal notice in the corner of the app's window for each alert due
 * on it (firing, routed to "desktop", not silenced or acknowledged; sent once), whichever workspace is
 * shown. Checks every few seconds in the background; a click or ten seconds dismisses a notice.
 */
public final class AlertNotices {
    private static final int MAX_SHOWN = 3;

    private final TaskRunner runner;
    private final Supplier<List<Alert>> takeDue;
    private final Timeline poll;
    private boolean checking;

    /** @param takeDue returns the alerts due on the desktop and logs them as delivered (runs off the FX thread) */
    public AlertNotices(TaskRunner runner, Supplier<List<Alert>> takeDue) {
        this.runner = runner;
        this.takeDue = takeDue;
        this.poll = new Timeline(new KeyFrame(Duration.seconds(5), e -> check()));
        poll.setCycleCount(Animation.INDEFINITE);
    }

    public void start() {
        poll.play();
    }

    public void stop() {
        poll.stop();
    }

    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        runner.submit(null, sink -> takeDue.get(), alerts -> {
            checking = false;
            show(alerts);
        }, error -> checking = false);
    }

    /** Shows up to three notices, the last one saying how many more there are. */
    void show(List<Alert> alerts) {
        Window owner = Window.getWindows().stream().filter(Window::isShowing).findFirst().orElse(null);
        if (alerts.isEmpty() || owner == null) {
            return;
        }
        for (int i = 0; i < Math.min(MAX_SHOWN, alerts.size()); i++) {
            Alert a = alerts.get(i);
            String more = i == MAX_SHOWN - 1 && alerts.size() > MAX_SHOWN ? "\n+" + (alerts.size() - MAX_SHOWN) + " more firing alerts" : "";
            Label text = new Label("Alert #" + a.alertId() + ": " + Notifications.headline(a) + (a.note() == null ? "" : "\n" + a.note()) + more);
            text.setWrapText(true);
            text.setMaxWidth(420);
            VBox box = new VBox(text);
            box.getStyleClass().add("alert-notice");
            box.setStyle("-fx-background-color: -fx-background; -fx-border-color: -fx-accent; -fx-padding: 8; -fx-background-radius: 4; "
                    + "-fx-border-radius: 4;");
            Popup popup = new Popup();
            popup.getContent().add(box);
            box.setOnMouseClicked(e -> popup.hide());
            popup.show(owner);
            popup.setX(owner.getX() + owner.getWidth() - box.getWidth() - 24);
            popup.setY(owner.getY() + owner.getHeight() - (box.getHeight() + 12) * (i + 1) - 24);
            PauseTransition life = new PauseTransition(Duration.seconds(10));
            life.setOnFinished(e -> popup.hide());
            life.play();
        }
    }
}
