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

import kiln.notify.Notice;
import kiln.ui.common.TaskRunner;

/**
 * The desktop channel: a small non-modal notice in the corner of the app's window for each alert due
 * on it (firing, routed to "desktop", not silenced or acknowledged; sent once), whichever workspace is
 * shown, and one for an alert storm across groups (an incident) rather than one per group. Checks every
 * few seconds in the background; a click or ten seconds dismisses a notice.
 */
public final class AlertNotices {
    private static final int MAX_SHOWN = 3;

    private final TaskRunner runner;
    private final Supplier<List<Notice>> takeDue;
    private final Timeline poll;
    private boolean checking;

    /** @param takeDue returns the notices due on the desktop and logs them as delivered (runs off the FX thread) */
    public AlertNotices(TaskRunner runner, Supplier<List<Notice>> takeDue) {
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
    void show(List<Notice> notices) {
        Window owner = Window.getWindows().stream().filter(Window::isShowing).findFirst().orElse(null);
        if (notices.isEmpty() || owner == null) {
            return;
        }
        // stacked upwards from the window's bottom right corner; notices differ in height (an incident's summary wraps)
        double bottom = owner.getY() + owner.getHeight() - 24;
        for (int i = 0; i < Math.min(MAX_SHOWN, notices.size()); i++) {
            Notice notice = notices.get(i);
            String more = i == MAX_SHOWN - 1 && notices.size() > MAX_SHOWN ? "\n+" + (notices.size() - MAX_SHOWN) + " more (see the Monitor's alerts)"
                    : "";
            Label text = new Label(notice.text() + more);
            text.setWrapText(true);
            text.setMaxWidth(420);
            VBox box = new VBox(text);
            box.getStyleClass().add("alert-notice");
            if (notice.isIncident()) {
                box.getStyleClass().add("alert-notice-incident");
            }
            box.setStyle("-fx-background-color: -fx-background; -fx-border-color: -fx-accent; -fx-padding: 8; -fx-background-radius: 4; "
                    + "-fx-border-radius: 4;");
            Popup popup = new Popup();
            popup.getContent().add(box);
            box.setOnMouseClicked(e -> popup.hide());
            popup.show(owner);
            popup.setX(owner.getX() + owner.getWidth() - box.getWidth() - 24);
            popup.setY(bottom - box.getHeight());
            bottom -= box.getHeight() + 12;
            PauseTransition life = new PauseTransition(Duration.seconds(10));
            life.setOnFinished(e -> popup.hide());
            life.play();
        }
    }
}
