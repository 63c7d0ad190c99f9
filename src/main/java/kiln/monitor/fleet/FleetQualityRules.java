package kiln.monitor.fleet;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import kiln.drift.QuantileSummary;
import kiln.drift.UnitChangeDetector;
import kiln.drift.UnitConversion;
import kiln.store.Timestamps;

/**
 * Per-group data quality on ended day windows, read from the readings (where the group column is):
 * <ul>
 *   <li>{@code fleet-dead-sensor}: a group that sent at least {@value #MIN_DAILY} readings a day over
 *   its previous 7 days sends none on a day the rest of the fleet reports (feature empty), or sends
 *   readings whose feature is always missing (feature named). By chance alone (Poisson arrivals at 10 a
 *   day) an empty day has probability e^-10 ≈ 4.5e-5: under 0.2 % of stable groups in 42 days.</li>
 *   <li>{@code fleet-unit-change}: a feature's day quantiles (at least {@value #MIN_VALUES} values) are the
 *   group's reference week (its first 7 days) mapped through a known unit conversion, or rescaled by a
 *   factor of 3 or more (kiln.drift.UnitChangeDetector). A stable group's noisy quantiles fit a
 *   conversion's shift or scale only by coincidence, and a change is confirmed only by two days in a row
 *   showing the same conversion; FleetFalseAlarmTest measures it. The alert's window is the confirming
 *   day, its note says since when the conversion shows. An episode ends on a
 *   day whose median is back inside the reference's central 90 %.</li>
 * </ul>
 */
final class FleetQualityRules {
    static final int MIN_DAILY = 10;
    static final int MIN_VALUES = 20;
    static final FleetAlerts.Rule DEAD = new FleetAlerts.Rule("fleet-dead-sensor", "quality", "readings", "warning", true);
    static final FleetAlerts.Rule UNIT = new FleetAlerts.Rule("fleet-unit-change", "quality", "scale", "warning", false);
    private static final double[] PROBS = QuantileSummary.evenProbs(20);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private FleetQualityRules() {
    }

    static int evaluate(Connection conn, String model, FleetSources src, Instant now) throws SQLException {
        List<String> features = src.spec().numericFeatureNames();
        return FleetAlerts.write(conn, model, DEAD, dead(conn, src, features, now))
                + FleetAlerts.write(conn, model, UNIT, unitChanges(conn, src, features, now));
    }

    /** Per group and ended day: readings and non-missing values per feature, against the group's previous 7 days. */
    private static List<FleetAlerts.Judged> dead(Connection conn, FleetSources src, List<String> features, Instant now) throws SQLException {
        StringBuilder counts = new StringBuilder();
        StringBuilder grid = new StringBuilder();
        for (int i = 0; i < features.size(); i++) {
            counts.append(", count(").append(FleetSources.q(features.get(i))).append(") n").append(i);
            grid.append(", coalesce(c.n").append(i).append(", 0) n").append(i).append(", sum(coalesce(c.n").append(i).append(", 0)) OVER w prev").append(i);
        }
        String sql = "WITH c AS (SELECT group_key, date_trunc('day', event_time) d, count(*) n" + counts + " FROM " + src.readings()
                + " r GROUP BY ALL), days AS (SELECT d FROM c GROUP BY d), starts AS (SELECT group_key, min(d) first_d FROM c GROUP BY group_key) "
                + "SELECT * FROM (SELECT s.group_key, days.d, coalesce(c.n, 0) n, sum(coalesce(c.n, 0)) OVER w prev" + grid
                + " FROM starts s JOIN days ON days.d >= s.first_d LEFT JOIN c ON c.group_key = s.group_key AND c.d = days.d "
                + "WINDOW w AS (PARTITION BY s.group_key ORDER BY days.d RANGE BETWEEN INTERVAL 7 DAY PRECEDING AND INTERVAL 1 DAY PRECEDING)) "
                + "WHERE d + INTERVAL 1 DAY <= ? ORDER BY group_key, d";
        List<FleetAlerts.Judged> judged = new ArrayList<>();
        Map<String, Instant> since = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            Timestamps.bind(ps, 1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String group = rs.getString(1);
                    Instant start = Timestamps.read(rs, 2);
                    Instant end = start.plus(java.time.Duration.ofDays(1));
                    long n = rs.getLong(3);
                    long prev = rs.getLong(4);
                    boolean silent = n == 0 && prev >= 7L * MIN_DAILY;
                    String key = group + "\u0000";
                    since.putIfAbsent(key, start);
                    if (!silent && n > 0) {
                        since.remove(key);
                    }
                    judged.add(new FleetAlerts.Judged(group, null, start, end, end, n, 7L * MIN_DAILY, silent, n > 0, null,
                            String.format(Locale.ROOT, "no readings since %s while the fleet reports (%d in the 7 days before)",
                                    day(since.getOrDefault(key, start)), prev)));
                    for (int i = 0; i < features.size(); i++) {
                        long values = rs.getLong(5 + 2 * i);
                        long prevValues = rs.getLong(6 + 2 * i);
                        String f = features.get(i);
                        String fkey = group + "\u0000" + f;
                        boolean empty = n > 0 && values == 0 && prevValues >= 7L * MIN_DAILY;
                        since.putIfAbsent(fkey, start);
                        if (values > 0) {
                            since.remove(fkey);
                        }
                        judged.add(new FleetAlerts.Judged(group, f, start, end, end, values, 7L * MIN_DAILY, empty, values > 0, null,
                                String.format(Locale.ROOT, "%s: all %d readings missing since %s (%d values in the 7 days before)", f, n,
                                        day(since.getOrDefault(fkey, start)), prevValues)));
                    }
                }
            }
        }
        return judged;
    }

    /** Per group, feature and ended day after the group's reference week: the day's quantiles against the week's. */
    private static List<FleetAlerts.Judged> unitChanges(Connection conn, FleetSources src, List<String> features, Instant now)
            throws SQLException {
        StringBuilder probs = new StringBuilder("[");
        for (int i = 0; i < PROBS.length; i++) {
            probs.append(i == 0 ? "" : ", ").append(PROBS[i]);
        }
        probs.append(']');
        UnitChangeDetector detector = new UnitChangeDetector();
        List<FleetAlerts.Judged> judged = new ArrayList<>();
        for (String feature : features) {
            String f = FleetSources.q(feature);
            String sql = "WITH r AS (SELECT group_key, event_time, " + f + " v FROM " + src.readings() + " x), "
                    + "starts AS (SELECT group_key, date_trunc('day', min(event_time)) first_d FROM r GROUP BY group_key), "
                    + "ref AS (SELECT r.group_key, count(v) n, quantile_cont(v, " + probs + ") q FROM r JOIN starts s USING (group_key) "
                    + "WHERE r.event_time < s.first_d + INTERVAL 7 DAY GROUP BY r.group_key), "
                    + "cur AS (SELECT r.group_key, date_trunc('day', event_time) d, count(v) n, quantile_cont(v, " + probs + ") q FROM r "
                    + "JOIN starts s USING (group_key) WHERE r.event_time >= s.first_d + INTERVAL 7 DAY GROUP BY ALL) "
                    + "SELECT cur.group_key, cur.d, cur.n, cur.q, ref.n, ref.q FROM cur JOIN ref USING (group_key) "
                    + "WHERE cur.d + INTERVAL 1 DAY <= ? AND ref.n >= " + 3 * MIN_VALUES + " ORDER BY cur.group_key, cur.d";
            Map<String, Instant> since = new HashMap<>();
            String previousGroup = null;
            Instant previousDay = null;
            String previousSeen = null;
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                Timestamps.bind(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String group = rs.getString(1);
                        Instant start = Timestamps.read(rs, 2);
                        Instant end = start.plus(java.time.Duration.ofDays(1));
                        long n = rs.getLong(3);
                        Optional<UnitConversion> conversion = Optional.empty();
                        boolean usual = false;
                        if (n >= MIN_VALUES && rs.getObject(4) != null && rs.getObject(6) != null) {
                            QuantileSummary cur = new QuantileSummary(PROBS, doubles(rs.getArray(4)), n);
                            QuantileSummary ref = new QuantileSummary(PROBS, doubles(rs.getArray(6)), rs.getLong(5));
                            conversion = detector.detect(ref, cur);
                            // Back to normal only when the day's median is inside the reference's central 90 %: a converted
                            // day that the detector misses on noise keeps the episode open instead of splitting it.
                            double median = cur.quantile(0.5);
                            usual = conversion.isEmpty() && median >= ref.quantile(0.05) && median <= ref.quantile(0.95);
                        }
                        if (conversion.isPresent()) {
                            since.putIfAbsent(group, start);
                        } else if (usual) {
                            since.remove(group);
                        }
                        UnitConversion c = conversion.orElse(null);
                        // A change is confirmed by two days in a row showing the same conversion: one noisy day of
                        // few values can fit a conversion by chance (FleetFalseAlarmTest saw 0.4 % of stable groups in
                        // 42 days on single days), two in a row practically never.
                        String seen = c == null ? null : c.description();
                        boolean confirmed = seen != null && group.equals(previousGroup) && start.minus(java.time.Duration.ofDays(1))
                                .equals(previousDay) && seen.equals(previousSeen);
                        previousGroup = group;
                        previousDay = start;
                        previousSeen = seen;
                        judged.add(new FleetAlerts.Judged(group, feature, start, end, end, c == null ? 1 : c.scale(), 0,
                                confirmed, usual, null, c == null ? null
                                        : feature + " looks " + c.description() + " (" + c.formula() + ") since " + day(since.get(group))
                                        + " (against the group's first week)"));
                    }
                }
            }
        }
        return judged;
    }

    private static double[] doubles(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? Double.NaN : ((Number) values[i]).doubleValue();
        }
        return out;
    }

    static String day(Instant t) {
        return DAY.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }
}
