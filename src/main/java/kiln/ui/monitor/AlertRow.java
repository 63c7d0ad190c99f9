package kiln.ui.monitor;

import java.time.Instant;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;

/**
 * A row of the Monitor's alert list: an alert of no incident, an incident (one row for an alert storm
 * across groups), one of an expanded incident's member alerts, or the line that stands for its members
 * while they load.
 */
public record AlertRow(Kind kind, Alert alert, AlertIncident incident, String group, boolean expanded) {

    public enum Kind {
        ALERT, INCIDENT, MEMBER, LOADING
    }

    static AlertRow of(Alert alert) {
        return new AlertRow(Kind.ALERT, alert, null, null, false);
    }

    /** An incident's own row; {@code expanded}: its members are listed below it. */
    static AlertRow of(AlertIncident incident, boolean expanded) {
        return new AlertRow(Kind.INCIDENT, null, incident, null, expanded);
    }

    static AlertRow member(AlertIncident incident, AlertIncident.Member member) {
        return new AlertRow(Kind.MEMBER, member.alert(), incident, member.group(), false);
    }

    static AlertRow loading(AlertIncident incident) {
        return new AlertRow(Kind.LOADING, null, incident, null, false);
    }

    boolean isIncident() {
        return kind == Kind.INCIDENT;
    }

    /** When it happened, for the list's newest-first order: an incident's opening hour, an alert's firing. */
    Instant time() {
        if (kind != Kind.ALERT && kind != Kind.MEMBER) {
            return incident.openedAt();
        }
        return alert.firedAt() != null ? alert.firedAt() : alert.windowEnd() != null ? alert.windowEnd() : alert.windowStart();
    }
}
