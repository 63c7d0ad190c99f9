package kiln.notify;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kiln.domain.Alert;
import kiln.domain.AlertState;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

/**
 * What is due on a channel: alerts one by one, and an incident's due members (an alert storm across
 * groups, decision 0013) as one notice, or none when the incident was already sent there. Reads the
 * delivery log, so each alert is sent at most once per channel.
 */
final class DueNotices {

    /** A notice to send (null: members covered by an incident already sent) and the alerts to log with it. */
    record Due(Notice notice, List<Long> alertIds) {
    }

    /** The incident an alert belongs to, and whether that incident was already sent on the channel asked about. */
    private record Membership(long incidentId, String summary, int members, boolean sent) {
    }

    private final KilnStore store;

    DueNotices(KilnStore store) {
        this.store = store;
    }

    /**
     * The notices due on {@code channel} at {@code now} for {@code alerts}: each firing, not silenced,
     * routed alert not yet delivered there; an incident's due members make one notice, or none when the
     * incident was already sent there.
     */
    List<Due> due(List<Alert> alerts, Notifications.Channel channel, Instant now) {
        if (!channel.enabled()) {
            return List.of();
        }
        Set<Long> done = deliveredOn(channel.name());
        Map<Long, Membership> incidents = null;
        List<Due> due = new ArrayList<>();
        Map<Long, List<Alert>> byIncident = new LinkedHashMap<>();
        for (Alert a : alerts) {
            boolean silenced = a.silencedUntil() != null && now.isBefore(a.silencedUntil());
            if (AlertState.FIRING != a.state() || silenced || done.contains(a.alertId())) {
                continue;
            }
            if (incidents == null) {
                incidents = firingMembers(channel.name());
            }
            Membership m = incidents.get(a.alertId());
            if (!channel.routes(a, m != null)) {
                continue;
            }
            if (m == null) {
                due.add(new Due(Notice.of(a), List.of(a.alertId())));
            } else {
                byIncident.computeIfAbsent(m.incidentId(), id -> new ArrayList<>()).add(a);
            }
        }
        for (List<Alert> members : byIncident.values()) {
            Alert first = members.stream().min(Comparator.comparingLong(Alert::alertId)).orElseThrow();
            Membership m = incidents.get(first.alertId());
            List<Long> ids = members.stream().map(Alert::alertId).sorted().toList();
            due.add(new Due(m.sent() ? null : new Notice(first, m.incidentId(), m.members(), m.summary()), ids));
        }
        return due;
    }

    /** Per firing alert that is an incident's member: its incident, and whether a member of it was already logged on {@code channel}. */
    private Map<Long, Membership> firingMembers(String channel) {
        try {
            return store.read(conn -> {
                Map<Long, Membership> members = new HashMap<>();
                try (PreparedStatement ps = conn.prepareStatement("WITH sent AS (SELECT DISTINCT a.incident_id FROM notification_delivery d "
                        + "JOIN alert a ON a.alert_id = d.alert_id WHERE d.channel = ? AND a.incident_id IS NOT NULL) "
                        + "SELECT a.alert_id, i.incident_id, i.summary, i.members, s.incident_id IS NOT NULL FROM alert a "
                        + "JOIN incident i ON i.incident_id = a.incident_id LEFT JOIN sent s ON s.incident_id = i.incident_id "
                        + "WHERE a.state = ?")) {
                    ps.setString(1, channel);
                    ps.setString(2, AlertState.FIRING.stored());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            members.put(rs.getLong(1), new Membership(rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5)));
                        }
                    }
                }
                return members;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the incidents of firing alerts failed", e);
        }
    }

    private Set<Long> deliveredOn(String channel) {
        try {
            return store.read(conn -> {
                Set<Long> ids = new HashSet<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id FROM notification_delivery WHERE channel = ? "
                        + "AND alert_id IS NOT NULL")) {
                    ps.setString(1, channel);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                return ids;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the delivery log failed", e);
        }
    }
}
