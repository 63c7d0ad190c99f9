package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alert list's incidents without a screen: one row per storm, members read only when expanded, acknowledged as a whole. */
class AlertIncidentListTest {

    FakeMonitorQueries queries;
    MonitorViewModel model;
    AlertListModel alerts;
    AlertIncident storm;

    @BeforeEach
    void start() {
        queries = new FakeMonitorQueries();
        storm = queries.addIncident(7, 40);
        model = new MonitorViewModel(queries, new ImmediateTaskRunner(), Runnable::run, new ManualTicker());
        alerts = model.alertList();
        model.start();
    }

    @Test
    void aStormIsOneRowBesideThePlainAlertsAndCountsAsOneFiringAlert() {
        assertThat(alerts.alerts()).extracting(Alert::alertId).containsExactly(1L, 2L); // the members are not listed one by one
        assertThat(alerts.rows()).extracting(AlertRow::kind).containsExactly(AlertRow.Kind.INCIDENT, AlertRow.Kind.ALERT, AlertRow.Kind.ALERT);
        assertThat(alerts.rows().get(0).incident().incidentId()).isEqualTo(7);
        assertThat(AlertPanel.what(alerts.rows().get(0))).startsWith("40 sensors dropped 15+ points").contains("worst: s-0");
        assertThat(model.firingAlertCountProperty().get()).isEqualTo(3);
        assertThat(model.healthProperty().get().item("firing").orElseThrow().text()).isEqualTo("3 firing alerts");
        assertThat(queries.memberReads).as("members are read when the incident is expanded").hasValue(0);
        // the kind filter applies to incidents by their kind
        alerts.kindProperty().set(AlertKind.DRIFT);
        assertThat(alerts.rows()).extracting(AlertRow::kind).containsExactly(AlertRow.Kind.ALERT);
        alerts.kindProperty().set(AlertKind.KPI);
        assertThat(alerts.rows()).extracting(AlertRow::kind).containsExactly(AlertRow.Kind.INCIDENT, AlertRow.Kind.ALERT);
    }

    @Test
    void expandingListsTheMembersWorstFirstReadOnceAndCollapsingHidesThem() {
        alerts.setExpanded(storm, true);
        assertThat(alerts.rows()).hasSize(3 + 40);
        assertThat(alerts.rows().get(0).expanded()).isTrue();
        List<AlertRow> members = alerts.rows().subList(1, 41);
        assertThat(members).allSatisfy(r -> assertThat(r.kind()).isEqualTo(AlertRow.Kind.MEMBER));
        assertThat(members.get(0).group()).isEqualTo("s-0");
        assertThat(AlertPanel.what(members.get(0))).startsWith("s-0 · accuracy 0.500");
        assertThat(queries.memberReads).hasValue(1);
        model.reload(); // an expanded incident's members are read again with each snapshot (one may have been acknowledged)
        assertThat(queries.memberReads).hasValue(2);
        assertThat(alerts.rows()).hasSize(43);
        alerts.setExpanded(storm, false);
        assertThat(alerts.rows()).extracting(AlertRow::kind).containsExactly(AlertRow.Kind.INCIDENT, AlertRow.Kind.ALERT, AlertRow.Kind.ALERT);
        assertThat(alerts.rows().get(0).expanded()).isFalse();
        model.reload(); // a collapsed incident costs nothing
        assertThat(queries.memberReads).hasValue(2);
    }

    @Test
    void anIncidentIsAcknowledgedAsAWholeAndItsMembersFollow() {
        alerts.setExpanded(storm, true);
        alerts.select(alerts.rows().get(0));
        assertThat(alerts.selectedIncidentProperty().get()).isEqualTo(storm);
        assertThat(alerts.selectedProperty().get()).isNull();
        assertThat(alerts.focusWindowProperty().get()).isEqualTo(new TimeRange(storm.windowStart(), FakeMonitorQueries.day(20)));
        assertThat(alerts.detailsProperty().get()).startsWith("incident #7 (fleet-drop, 40 members): 40 sensors dropped");
        assertThat(alerts.canAcknowledgeBinding().get()).isTrue();
        assertThat(alerts.canSilenceBinding().get()).as("an open incident is silenced as a whole").isTrue();
        alerts.retrainHandlerProperty().set(a -> {});
        assertThat(alerts.canRetrainBinding().get()).isFalse();

        alerts.acknowledgeIncident(storm, "furnace door left open");

        AlertIncident now = alerts.selectedIncidentProperty().get();
        assertThat(now.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(now.acknowledgedBy()).isEqualTo(System.getProperty("user.name", "user"));
        assertThat(alerts.detailsProperty().get()).contains("acknowledged by");
        assertThat(alerts.canAcknowledgeBinding().get()).isFalse();
        assertThat(model.firingAlertCountProperty().get()).isEqualTo(2);
        // the expanded members were read again (the incident changed) and show their acknowledgement
        List<AlertRow> members = alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.MEMBER).toList();
        assertThat(members).hasSize(40).allSatisfy(r -> assertThat(r.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED));
        assertThat(queries.memberReads).hasValue(2);
    }

    @Test
    void anIncidentIsSilencedAsAWholeAndItsOpenMembersFollow() {
        alerts.setExpanded(storm, true);
        alerts.select(alerts.rows().get(0));
        Instant until = FakeMonitorQueries.day(25);
        alerts.silenceIncident(storm, until);
        List<AlertRow> members = alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.MEMBER).toList();
        assertThat(members).hasSize(40).allSatisfy(r -> assertThat(r.alert().silencedUntil()).isEqualTo(until));
        assertThat(alerts.selectedIncidentProperty().get().incidentId()).isEqualTo(storm.incidentId());
    }

    @Test
    void aMemberIsAnAlertOfItsOwnButNotRetrainedAlone() {
        alerts.setExpanded(storm, true);
        List<Alert> asked = new ArrayList<>();
        alerts.retrainHandlerProperty().set(asked::add);
        AlertRow member = alerts.rows().get(1);
        alerts.select(member);
        assertThat(alerts.selectedProperty().get()).isEqualTo(member.alert());
        assertThat(alerts.selectedIncidentProperty().get()).isNull();
        assertThat(alerts.canAcknowledgeBinding().get()).isTrue();
        assertThat(alerts.canRetrainBinding().get()).as("a group is retrained by its family's per-group retraining").isFalse();
        alerts.acknowledge(member.alert(), "looked at s-0");
        // the member stays selected with its fresh row
        assertThat(alerts.selectedProperty().get().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(alerts.rows().get(1).alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        // a plain alert still retrains
        alerts.select(alerts.rows().stream().filter(r -> r.kind() == AlertRow.Kind.ALERT).findFirst().orElseThrow());
        assertThat(alerts.canRetrainBinding().get()).isTrue();
    }
}
