package kiln.monitor.fleet;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

/**
 * One notice per incident, not per member: of the alerts about to be sent, an incident's members are
 * replaced by its lead (its first member, always the same alert, so the delivery log sends it once per
 * channel) carrying the incident's summary as its note. Alerts of no incident pass unchanged.
 */
public final class FleetNotices {

    private FleetNotices() {
    }

    public static List<Alert> onePerIncident(KilnStore store, List<Alert> alerts) {
        if (alerts.stream().noneMatch(a -> a.rule().startsWith("fleet-"))) {
            return alerts;
        }
        Map<Long, String> leads;
        try {
            leads = store.read(FleetReads::incidentLeads);
        } catch (SQLException e) {
            throw new DataAccessException("Reading the incidents of alerts", e);
        }
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts) {
            if (!leads.containsKey(a.alertId())) {
                out.add(a);
            } else if (leads.get(a.alertId()) != null) {
                out.add(new Alert(a.alertId(), a.modelName(), a.rule(), a.kind(), a.severity(), a.state(), a.windowStart(), a.windowEnd(),
                        a.metric(), a.value(), a.threshold(), a.firedAt(), a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(),
                        a.silencedUntil(), a.modelVersion(), a.feature(), leads.get(a.alertId())));
            }
        }
        return out;
    }
}
