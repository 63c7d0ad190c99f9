package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertState;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Monitor's alert panel with a storm of 1,000 member alerts: one row until its arrow is clicked,
 * then its members below it (read in the background, the table virtualised: only the visible rows have
 * cells), scrolled to the last one, and acknowledged as a whole from the panel's button.
 */
@ExtendWith(ApplicationExtension.class)
class AlertIncidentPanelFxTest extends MonitorWorkspaceFxTestBase {
    private static final Instant SILENCED_UNTIL = Instant.parse("2030-01-01T00:00:00Z");
    static final int MEMBERS = 1_000;

    FakeMonitorQueries queries;
    @Start
    void start(Stage stage) {
        startStage(stage);
    }

    /** Whether a node is drawn: it and every parent visible (the table keeps an invisible cell for measuring). */
    static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStormOfAThousandMembersExpandsScrollsAndIsAcknowledgedAsAWhole(FxRobot robot) throws Exception {
        queries = new FakeMonitorQueries();
        AlertIncident storm = queries.addIncident(7, MEMBERS);
        robot.interact(() -> {
            workspace = new MonitorWorkspace(queries, runner);
            Scene scene = new Scene((Parent) workspace.view(), 1280, 860);
            Theme.LIGHT.applyTo(scene);
            stage.setScene(scene);
            stage.setWidth(1280);
            stage.setHeight(860);
            stage.setX(0);
            stage.setY(0);
            workspace.setActive(true);
        });
        AlertListModel alerts = workspace.model().alertList();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<AlertRow> table = robot.lookup("#alert-table").queryAs(TableView.class);
        assertThat(table.getItems().get(0).isIncident()).isTrue();
        assertThat(queries.memberReads).hasValue(0);
        assertThat(robot.lookup("#alert-table .table-row-cell").queryAll().stream().filter(n -> n.getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("incident"))).count()).isEqualTo(1);

        // the arrow expands it: 1,000 members below it, read off the FX thread
        long started = System.nanoTime();
        robot.clickOn(robot.lookup("#incident-toggle-7").match(AlertIncidentPanelFxTest::shown).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().size() == 3 + MEMBERS);
        WaitForAsyncUtils.waitForFxEvents();
        long expandMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("expanding an incident of " + MEMBERS + " members took " + expandMs + " ms (click to rows laid out)");
        assertThat(queries.memberReads).hasValue(1);
        assertThat(table.getItems().get(1).kind()).isEqualTo(AlertRow.Kind.MEMBER);
        assertThat(table.getItems().get(1).group()).isEqualTo("s-0"); // worst first
        int cells = robot.lookup("#alert-table .table-row-cell").queryAll().size();
        assertThat(cells).as("only the visible rows have cells").isLessThan(60);

        // scroll to the last member and select it: a member is an alert of its own
        robot.interact(() -> table.scrollTo(MEMBERS));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(MEMBERS));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(alerts.selectedProperty().get()).isNotNull();
        assertThat(alerts.selectedProperty().get().rule()).isEqualTo("fleet-drop");
        assertThat(robot.lookup("#alert-details").queryAs(Label.class).getText()).contains("fleet-drop").contains("accuracy");

        // back to the incident row; Acknowledge… acknowledges every member with one note
        robot.interact(() -> {
            table.scrollTo(0);
            table.getSelectionModel().clearAndSelect(0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(alerts.selectedIncidentProperty().get()).isEqualTo(storm);
        assertThat(robot.lookup("#alert-details").queryAs(Label.class).getText()).contains("incident #7 (fleet-drop, 1000 members)");
        assertThat(robot.lookup("#silence-alert").queryAs(Button.class).isDisabled()).as("an open incident is silenced as a whole")
                .isFalse();
        robot.interact(() -> workspace.monitorView().setAlertDialogs(new AlertDialogs() {
            @Override
            public Optional<String> askNote(Window owner, Alert alert) {
                return Optional.of("single");
            }

            @Override
            public Optional<Instant> askSilenceUntil(Window owner, Alert alert) {
                return Optional.empty();
            }

            @Override
            public Optional<String> askIncidentNote(Window owner, AlertIncident incident) {
                return Optional.of("shared furnace change");
            }

            @Override
            public Optional<Instant> askIncidentSilenceUntil(Window owner, AlertIncident incident) {
                return Optional.of(SILENCED_UNTIL);
            }
        }));
        // Silence… silences every open member until the time asked
        robot.clickOn("#silence-alert");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.MEMBER)
                .allMatch(r -> SILENCED_UNTIL.equals(r.alert().silencedUntil())));
        robot.clickOn("#acknowledge-alert");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.selectedIncidentProperty().get() != null
                && AlertState.ACKNOWLEDGED == alerts.selectedIncidentProperty().get().state());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.MEMBER)
                .allMatch(r -> AlertState.ACKNOWLEDGED == r.alert().state()));
        WaitForAsyncUtils.waitForFxEvents();
        List<AlertRow> members = alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.MEMBER).toList();
        assertThat(members).hasSize(MEMBERS).allSatisfy(r -> assertThat(r.alert().note()).isEqualTo("shared furnace change"));
        assertThat(table.getSelectionModel().getSelectedItem().isIncident()).as("the incident stays selected").isTrue();
        assertThat(robot.lookup("#acknowledge-alert").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(workspace.model().firingAlertCountProperty().get()).isEqualTo(2);

        // the left key folds it again
        robot.clickOn(robot.lookup("#alert-table .table-row-cell").match(AlertIncidentPanelFxTest::shown)
                .match(n -> ((TableRow<?>) n).getIndex() == 0).queryAs(Node.class));
        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().size() == 3);
        assertThat(table.getItems().get(0).expanded()).isFalse();

        // expanding again, measured from the request to the rows laid out (no pointer travel)
        long again = System.nanoTime();
        robot.interact(() -> alerts.setExpanded(storm, true));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> alerts.rows().size() == 3 + MEMBERS);
        WaitForAsyncUtils.waitForFxEvents();
        System.out.println("expanding it again took " + (System.nanoTime() - again) / 1_000_000 + " ms");
    }
}
