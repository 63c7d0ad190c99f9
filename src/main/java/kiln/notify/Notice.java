package kiln.notify;

import kiln.domain.Alert;

/**
 * What one notice says: a single alert ({@code incidentId} null), or an incident standing for its
 * {@code members} groups, shown by its first due member with the incident's {@code summary}.
 */
public record Notice(Alert alert, Long incidentId, int members, String summary) {

    public static Notice of(Alert alert) {
        return new Notice(alert, null, 1, null);
    }

    public boolean isIncident() {
        return incidentId != null;
    }

    /** The notice's text: "Incident #4 on m (fleet-drop): 35 sensors dropped … — worst: 17 (0.610)", or the alert's headline and note. */
    public String text() {
        return isIncident() ? "Incident #" + incidentId + " on " + alert.modelName() + " (" + alert.rule() + "): " + summary
                : "Alert #" + alert.alertId() + ": " + Notifications.headline(alert) + (alert.note() == null ? "" : "\n" + alert.note());
    }
}
