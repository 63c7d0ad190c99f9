package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;

/** A row of table alert_rule: what breaches, how many windows before firing, how it resolves. */
record AlertRule(String rule, AlertKind kind, String metric, String granularity, String direction, Double fireThreshold,
        Double resolveThreshold, int forWindows, int resolveWindows, AlertSeverity severity, boolean enabled,
        String description) {

    static List<AlertRule> load(Connection conn) throws SQLException {
        List<AlertRule> rules = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT rule, kind, metric, granularity, direction, fire_threshold, "
                + "resolve_threshold, for_windows, resolve_windows, severity, enabled, description FROM alert_rule ORDER BY rule");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String rule = rs.getString(1);
                try {
                    rules.add(new AlertRule(rule, AlertKind.fromStored(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), (Double) rs.getObject(6), (Double) rs.getObject(7), rs.getInt(8), rs.getInt(9),
                            AlertSeverity.fromStored(rs.getString(10)), rs.getBoolean(11), rs.getString(12)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("alert_rule '" + rule + "': " + e.getMessage(), e);
                }
            }
        }
        return rules;
    }
}
