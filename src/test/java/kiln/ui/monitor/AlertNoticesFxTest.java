package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.notify.Notice;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The desktop notices: an incident is one notice carrying its summary beside a plain alert's, stacked without overlapping. */
@ExtendWith(ApplicationExtension.class)
class AlertNoticesFxTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 900, 700));
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @Test
    void anIncidentIsOneNoticeBesideAPlainAlert(FxRobot robot) {
        Instant t = Instant.parse("2019-07-20T00:00:00Z");
        Alert member = new Alert(41, "fleet", "fleet-drop", AlertKind.KPI, AlertSeverity.WARNING, AlertState.FIRING, t, t.plusSeconds(86_400),
                "accuracy",
                0.479, 0.8, t, null, null, null, null, 3, null, "dropped below its own baseline");
        Alert plain = new Alert(5, "fleet", "kpi-accuracy-below-band", AlertKind.KPI, AlertSeverity.CRITICAL, AlertState.FIRING, t, t.plusSeconds(
                86_400),
                "accuracy", 0.61, 0.8, t, null, null, null, null, 3, null, null);
        String summary = "35 sensors dropped 15+ points below their own baseline since 07-19 00:00 — worst: sensor 162 (0.479)";
        AlertNotices notices = new AlertNotices(new ImmediateTaskRunner(), List::of);
        robot.interact(() -> notices.show(List.of(new Notice(member, 15L, 35, summary), Notice.of(plain))));
        WaitForAsyncUtils.waitForFxEvents();

        List<Node> shown = Window.getWindows().stream().filter(w -> w instanceof PopupWindow && w.isShowing())
                .map(w -> w.getScene().getRoot()).flatMap(r -> r.lookupAll(".alert-notice").stream()).toList();
        assertThat(shown).hasSize(2);
        Node incident = shown.stream().filter(n -> n.getStyleClass().contains("alert-notice-incident")).findFirst().orElseThrow();
        assertThat(((Label) incident.lookup(".label")).getText()).isEqualTo("Incident #15 on fleet (fleet-drop): " + summary);
        Node single = shown.stream().filter(n -> !n.getStyleClass().contains("alert-notice-incident")).findFirst().orElseThrow();
        assertThat(((Label) single.lookup(".label")).getText()).startsWith("Alert #5: critical kpi-accuracy-below-band on fleet v3");
        Bounds a = incident.localToScreen(incident.getBoundsInLocal());
        Bounds b = single.localToScreen(single.getBoundsInLocal());
        assertThat(a.getMaxY() <= b.getMinY() || b.getMaxY() <= a.getMinY()).as("stacked, not overlapping: %s %s", a, b).isTrue();
        robot.interact(() -> Window.getWindows().stream().filter(w -> w instanceof PopupWindow).toList().forEach(Window::hide));
    }
}
