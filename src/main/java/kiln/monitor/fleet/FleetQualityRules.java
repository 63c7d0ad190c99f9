package kiln.monitor.fleet;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
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
    static final FleetAlerts.Rule DEAD = new FleetAlerts.Rule("fleet-dead-sensor", AlertKind.QUALITY, "readings", AlertSeverity.WARNING, true);
    static final FleetAlerts.Rule UNIT = new FleetAlerts.Rule("fleet-unit-change", AlertKind.QUALITY, "scale", AlertSeverity.WARNING, false);
    private static final double[] PROBS = QuantileSummary.evenProbs(20);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
    private static final Duration ONE_DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    /**
     * One group's day: readings, and per feature (index i) the non-missing values {@code count[i]}, their sum
     * and sum of squares (for the moments the unit-change screen compares).
     */
    private record Day(long n, long[] count, double[] sum, double[] squares) {
        double mean(int i) {
            return sum[i] / count[i];
        }

        double sd(int i) {
            return count[i] < 2 ? 0 : Math.sqrt(Math.max(0, (squares[i] - sum[i] * sum[i] / count[i]) / (count[i] - 1)));
        }
    }

    private FleetQualityRules() {}

    static int evaluate(Connection conn, String model, FleetSources src, Instant now) throws SQLException {
        List<String> features = src.spec().numericFeatureNames();
        TreeSet<Instant> fleetDays = new TreeSet<>();
        Map<String, TreeMap<Instant, Day>> days = days(conn, src, features, fleetDays);
        return FleetAlerts.write(conn, model, DEAD, dead(days, fleetDays, features, now))
                + FleetAlerts.write(conn, model, UNIT, unitChanges(conn, src, days, features, now));
    }

    /** One GROUP BY of the readings: per group and day, the counts and sums both rules read. */
    private static Map<String, TreeMap<Instant, Day>> days(Connection conn, FleetSources src, List<String> features,
            TreeSet<Instant> fleetDays) throws SQLException {
        StringBuilder aggregates = new StringBuilder();
        for (String feature : features) {
            String f = "CAST(" + FleetSources.q(feature) + " AS DOUBLE)";
            aggregates.append(", count(").append(f).append("), coalesce(sum(").append(f).append("), 0), coalesce(sum(")
                    .append(f).append(" * ").append(f).append("), 0)");
        }
        Map<String, TreeMap<Instant, Day>> byGroup = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT group_key, date_trunc('day', event_time) d, count(*)" + aggregates
                + " FROM " + src.readings() + " r GROUP BY ALL"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int k = features.size();
                Day day = new Day(rs.getLong(3), new long[k], new double[k], new double[k]);
                for (int i = 0; i < k; i++) {
                    day.count()[i] = rs.getLong(4 + 3 * i);
                    day.sum()[i] = rs.getDouble(5 + 3 * i);
                    day.squares()[i] = rs.getDouble(6 + 3 * i);
                }
                Instant d = Timestamps.read(rs, 2);
                byGroup.computeIfAbsent(rs.getString(1), g -> new TreeMap<>()).put(d, day);
                fleetDays.add(d);
            }
        }
        return byGroup;
    }

    /** Per group and ended day (from its first): readings and non-missing values per feature against its previous 7 days. */
    private static List<FleetAlerts.Judged> dead(Map<String, TreeMap<Instant, Day>> byGroup, TreeSet<Instant> fleetDays,
            List<String> features, Instant now) {
        List<FleetAlerts.Judged> judged = new ArrayList<>();
        Day none = new Day(0, new long[features.size()], new double[features.size()], new double[features.size()]);
        for (Map.Entry<String, TreeMap<Instant, Day>> e : byGroup.entrySet()) {
            String group = e.getKey();
            TreeMap<Instant, Day> days = e.getValue();
            Map<String, Instant> since = new HashMap<>();
            for (Instant start : fleetDays.tailSet(days.firstKey(), true)) {
                Instant end = start.plus(ONE_DAY);
                if (end.isAfter(now)) {
                    break;
                }
                Day c = days.getOrDefault(start, none);
                long prevRows = 0;
                long[] prevValues = new long[features.size()];
                for (Day p : days.subMap(start.minus(WEEK), true, start, false).values()) {
                    prevRows += p.n();
                    for (int i = 0; i < prevValues.length; i++) {
                        prevValues[i] += p.count()[i];
                    }
                }
                boolean silent = c.n() == 0 && prevRows >= 7L * MIN_DAILY;
                if (c.n() > 0) {
                    since.remove("");
                } else if (silent) {
                    since.putIfAbsent("", start);
                }
                judged.add(new FleetAlerts.Judged(group, null, start, end, end, c.n(), 7L * MIN_DAILY, silent, c.n() > 0, null,
                        String.format(Locale.ROOT, "no readings since %s while the fleet reports (%d in the 7 days before)",
                                day(since.getOrDefault("", start)), prevRows)));
                for (int i = 0; i < features.size(); i++) {
                    String f = features.get(i);
                    long values = c.count()[i];
                    boolean empty = c.n() > 0 && values == 0 && prevValues[i] >= 7L * MIN_DAILY;
                    if (values > 0) {
                        since.remove(f);
                    } else if (empty) {
                        since.putIfAbsent(f, start);
                    }
                    judged.add(new FleetAlerts.Judged(group, f, start, end, end, values, 7L * MIN_DAILY, empty, values > 0, null,
                            String.format(Locale.ROOT, "%s: all %d readings missing since %s (%d values in the 7 days before)", f, c.n(),
                                    day(since.getOrDefault(f, start)), prevValues[i])));
                }
            }
        }
        return judged;
    }

    /**
     * Per group, feature and ended day after the group's reference week (its first 7 days). Quantiles are
     * dear and almost every day is ordinary, so a day is summarised only when its mean or spread moved
     * against the week's (mean beyond 3 reference sd, or sd outside ×0.75..×1.33): every conversion the
     * detector knows moves one of them (its smallest change of scale is ×1.609). An unmoved day is judged
     * back to normal.
     */
    private static List<FleetAlerts.Judged> unitChanges(Connection conn, FleetSources src, Map<String, TreeMap<Instant, Day>> byGroup,
            List<String> features, Instant now) throws SQLException {
        List<String[]> candidates = new ArrayList<>(); // group, feature index, day
        Map<String, Boolean> candidate = new HashMap<>();
        for (Map.Entry<String, TreeMap<Instant, Day>> e : byGroup.entrySet()) {
            TreeMap<Instant, Day> days = e.getValue();
            Instant referenceEnd = days.firstKey().plus(WEEK);
            for (int i = 0; i < features.size(); i++) {
                long n = 0;
                double sum = 0;
                double squares = 0;
                for (Day d : days.headMap(referenceEnd).values()) {
                    n += d.count()[i];
                    sum += d.sum()[i];
                    squares += d.squares()[i];
                }
                if (n < 3L * MIN_VALUES) {
                    continue;
                }
                double mean = sum / n;
                double sd = Math.sqrt(Math.max(0, (squares - sum * sum / n) / (n - 1)));
                for (Map.Entry<Instant, Day> d : days.tailMap(referenceEnd, true).entrySet()) {
                    Day day = d.getValue();
                    if (d.getKey().plus(ONE_DAY).isAfter(now) || day.count()[i] < MIN_VALUES) {
                        continue;
                    }
                    boolean moved = Math.abs(day.mean(i) - mean) > 3 * sd || day.sd(i) < 0.75 * sd || day.sd(i) > 1.33 * sd;
                    candidate.put(e.getKey() + "\u0000" + i + "\u0000" + d.getKey(), moved);
                    if (moved) {
                        candidates.add(new String[] {e.getKey(), Integer.toString(i), d.getKey().toString()});
                    }
                }
            }
        }
        Map<String, QuantileSummary> quantiles = candidates.isEmpty() ? Map.of() : quantiles(conn, src, features, candidates, byGroup);
        UnitChangeDetector detector = new UnitChangeDetector();
        List<FleetAlerts.Judged> judged = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Instant, Day>> e : byGroup.entrySet()) {
            String group = e.getKey();
            for (int i = 0; i < features.size(); i++) {
                String feature = features.get(i);
                Instant since = null;
                Instant previousDay = null;
                String previousSeen = null;
                boolean previousShifted = false;
                for (Instant start : e.getValue().keySet()) {
                    Boolean moved = candidate.get(group + "\u0000" + i + "\u0000" + start);
                    if (moved == null) {
                        continue; // not judged: reference week, open day, too few values
                    }
                    Instant end = start.plus(ONE_DAY);
                    UnitConversion c = null;
                    boolean usual = !moved;
                    QuantileSummary cur = quantiles.get(group + "\u0000" + i + "\u0000" + start);
                    QuantileSummary ref = quantiles.get(group + "\u0000" + i + "\u0000ref");
                    if (moved && cur != null && ref != null) {
                        c = detector.detect(ref, cur).orElse(null);
                        double median = cur.quantile(0.5);
                        usual = c == null && median >= ref.quantile(0.05) && median <= ref.quantile(0.95);
                    }
                    if ((c != null || (moved && !usual)) && since == null) {
                        since = start; // the first day off the reference, fitted or not

                    } else if (usual) {
                        since = null;
                    }
                    // A change is confirmed by two days in a row: this one fitting a conversion, the day before fitting the
                    // same one or at least shifted off the reference (its median outside the week's 5-95 % range). One
                    // noisy day of few values can fit a conversion by chance (FleetFalseAlarmTest saw 0.4 % of stable
                    // groups in 42 days on single days); a shifted day before it practically never comes by chance, while
                    // a real conversion's days of a few dozen values fit it only now and then (quantiles of 48 values are
                    // noisy) but are all shifted.
                    String seen = c == null ? null : c.description();
                    boolean dayBefore = start.minus(ONE_DAY).equals(previousDay);
                    boolean confirmed = seen != null && dayBefore && (seen.equals(previousSeen) || previousShifted);
                    previousDay = start;
                    previousSeen = seen;
                    previousShifted = moved && !usual;
                    judged.add(new FleetAlerts.Judged(group, feature, start, end, end, c == null ? 1 : c.scale(), 0, confirmed, usual, null,
                            c == null ? null : feature + " looks " + c.description() + " (" + c.formula() + ") since " + day(since)
                                    + " (against the group's first week)"));
                }
            }
        }
        return judged;
    }

    /** Quantiles of the candidate days and of their groups' reference weeks, keyed group/feature/day or group/feature/"ref". */
    private static Map<String, QuantileSummary> quantiles(Connection conn, FleetSources src, List<String> features, List<String[]> candidates,
            Map<String, TreeMap<Instant, Day>> byGroup) throws SQLException {
        StringBuilder probs = new StringBuilder("[");
        for (int i = 0; i < PROBS.length; i++) {
            probs.append(i == 0 ? "" : ", ").append(PROBS[i]);
        }
        probs.append(']');
        Map<String, QuantileSummary> out = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("CREATE OR REPLACE TEMP TABLE kiln_fleet_candidate (group_key VARCHAR, feature INTEGER, "
                + "d TIMESTAMP, first_d TIMESTAMP)")) {
            ps.execute();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO kiln_fleet_candidate VALUES (?, ?, ?, ?)")) {
            for (String[] c : candidates) {
                ps.setString(1, c[0]);
                ps.setInt(2, Integer.parseInt(c[1]));
                Timestamps.bind(ps, 3, Instant.parse(c[2]));
                Timestamps.bind(ps, 4, byGroup.get(c[0]).firstKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (int i = 0; i < features.size(); i++) {
            String f = FleetSources.q(features.get(i));
            try (PreparedStatement ps = conn.prepareStatement("WITH c AS (SELECT * FROM kiln_fleet_candidate WHERE feature = ?), "
                    + "r AS (SELECT group_key, event_time, date_trunc('day', event_time) d, CAST(" + f + " AS DOUBLE) v FROM " + src.readings()
                    + " x WHERE group_key IN (SELECT group_key FROM c)) "
                    + "SELECT r.group_key, r.d, count(r.v), quantile_cont(r.v, " + probs + ") FROM r JOIN c ON c.group_key = r.group_key "
                    + "AND c.d = r.d GROUP BY ALL UNION ALL SELECT r.group_key, NULL, count(r.v), quantile_cont(r.v, " + probs + ") FROM r "
                    + "JOIN (SELECT DISTINCT group_key, first_d FROM c) g ON g.group_key = r.group_key WHERE r.d < g.first_d + INTERVAL 7 DAY "
                    + "GROUP BY ALL")) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(3) == 0 || rs.getObject(4) == null) {
                            continue;
                        }
                        Instant d = Timestamps.read(rs, 2);
                        out.put(rs.getString(1) + "\u0000" + i + "\u0000" + (d == null ? "ref" : d.toString()),
                                new QuantileSummary(PROBS, doubles(rs.getArray(4)), rs.getLong(3)));
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("DROP TABLE kiln_fleet_candidate")) {
            ps.execute();
        }
        return out;
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
