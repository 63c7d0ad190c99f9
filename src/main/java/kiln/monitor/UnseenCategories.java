package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import kiln.domain.AlertSeverity;
import kiln.domain.QualityFinding;
import kiln.store.Timestamps;

/**
 * The data-quality finding of a categorical feature: values its reference never had (for a model in
 * production, its training window), named with their row counts and when each first came, judged
 * against the reference of the newest window in the range (as the other findings are).
 */
final class UnseenCategories {

    static final String KIND = "unseen_category";
    /** The finding's message names at most this many values (the count covers them all). */
    static final int NAMED = 5;

    private final MonitorSetup setup;

    private UnseenCategories(MonitorSetup setup) {
        this.setup = setup;
    }

    /** For the monitored model {@code model}; no findings when it has no data set in the catalogue. */
    static UnseenCategories of(Connection conn, String model) throws SQLException {
        try {
            return new UnseenCategories(MonitorSetup.load(conn, model));
        } catch (IllegalStateException e) {
            return new UnseenCategories(null);
        }
    }

    /** The categorical features' names (their generic out-of-range finding is this one instead). */
    Set<String> features() {
        return setup == null ? Set.of() : setup.categoricalFeatures().stream().map(MonitorSetup.Feature::name).collect(Collectors.toSet());
    }

    List<QualityFinding> find(Connection conn, Instant from, Instant to) throws SQLException {
        List<QualityFinding> findings = new ArrayList<>();
        if (setup == null) {
            return findings;
        }
        for (MonitorSetup.Feature feature : setup.categoricalFeatures()) {
            Reference ref = newestReference(conn, feature.name(), from, to);
            if (ref == null) {
                continue;
            }
            String value = "CAST(" + feature.column() + " AS VARCHAR)";
            String time = MonitorSetup.TIME;
            List<String> named = new ArrayList<>();
            long total = 0;
            long values = 0;
            Instant since = null;
            try (PreparedStatement ps = conn.prepareStatement("SELECT v, count(*), min(t) FROM (SELECT " + value + " AS v, " + time
                    + " AS t FROM " + setup.readings() + " WHERE " + time + " >= ? AND " + time + " < ?) WHERE v IS NOT NULL AND v NOT IN "
                    + "(SELECT DISTINCT " + value + " FROM " + setup.readings() + " WHERE " + time + " >= ? AND " + time + " < ? AND "
                    + feature.column() + " IS NOT NULL) GROUP BY v ORDER BY min(t), v")) {
                Timestamps.bind(ps, 1, from);
                Timestamps.bind(ps, 2, to);
                Timestamps.bind(ps, 3, ref.start());
                Timestamps.bind(ps, 4, ref.end());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant first = Timestamps.read(rs, 3);
                        if (named.size() < NAMED) {
                            named.add(String.format(Locale.ROOT, "'%s' (%d rows since %s)", rs.getString(1), rs.getLong(2), first));
                        }
                        total += rs.getLong(2);
                        values++;
                        since = since == null || first.isBefore(since) ? first : since;
                    }
                }
            }
            if (values > 0) {
                String more = values > named.size() ? " and " + (values - named.size()) + " more" : "";
                findings.add(new QualityFinding(feature.name(), since, KIND, total, AlertSeverity.WARNING, String.format(Locale.ROOT,
                        "%s has %d %s not seen in the reference (%s): %s%s", feature.name(), values, values == 1 ? "category" : "categories",
                        describe(ref), String.join(", ", named), more)));
            }
        }
        return findings;
    }

    private static String describe(Reference ref) {
        String window = ref.start() + " – " + ref.end();
        return ref.version() == null ? "the first week, " + window : "v" + ref.version() + "'s training window, " + window;
    }

    /** The reference of the newest hour window of the feature in the range, or null when it has none. */
    private Reference newestReference(Connection conn, String feature, Instant from, Instant to) throws SQLException {
        String key;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ref_key FROM drift_window WHERE model_name = ? AND granularity = ? "
                + "AND feature = ? AND window_start >= ? AND window_start < ? ORDER BY window_start DESC LIMIT 1")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, KpiMaterializer.HOUR);
            ps.setString(3, feature);
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                key = rs.getString(1);
            }
        }
        if (key.startsWith("v")) {
            try {
                return ReferenceResolver.trainingWindow(conn, setup.modelName(), Integer.parseInt(key.substring(1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + MonitorSetup.TIME + ") FROM " + setup.readings());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Instant first = Timestamps.read(rs, 1);
            return first == null ? null : new Reference(Reference.FIRST_WEEK, null, first, first.plus(Duration.ofDays(7)));
        }
    }
}
