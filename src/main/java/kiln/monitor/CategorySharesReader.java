package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import kiln.domain.CategoryShares;
import kiln.store.Timestamps;

/**
 * Reads {@link CategoryShares} of a categorical feature: its count per category in the reference the
 * feature's drift rows were scored against (the newest hour window's {@code ref_key} in the range:
 * the production version's training window, or the first week) and in [from, to), in one grouped pass
 * over the readings. The drawing needs few bars, so the reference's {@value #NAMED} most common
 * categories are kept one by one, its rarer ones go together, and at most {@value #NAMED_UNSEEN}
 * unseen categories are named.
 */
final class CategorySharesReader {

    /** Reference categories drawn one by one. */
    static final int NAMED = 12;
    /** Unseen categories drawn one by one; the rest share a bar. */
    static final int NAMED_UNSEEN = 4;
    /** How an unseen category's bar is labelled. */
    static final String NEW_PREFIX = "new: ";

    private final MonitorSetup setup;

    CategorySharesReader(MonitorSetup setup) {
        this.setup = setup;
    }

    /** One category's count in the reference and in the window. */
    record Count(String value, long reference, long current) {
    }

    CategoryShares read(Connection conn, String feature, Instant from, Instant to) throws SQLException {
        MonitorSetup.Feature column = setup.categoricalFeatures().stream().filter(f -> f.name().equals(feature)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + feature + "' is not a categorical feature of data set '"
                        + setup.dataset() + "'"));
        Reference ref = reference(conn, feature, from, to);
        if (ref == null) {
            return new CategoryShares(feature, null, null, null, 0, 0, List.of());
        }
        String time = MonitorSetup.TIME;
        List<Count> counts = new ArrayList<>();
        long refMissing = 0;
        long curMissing = 0;
        try (PreparedStatement ps = conn.prepareStatement("SELECT v, count(*) FILTER (WHERE t >= ? AND t < ?), "
                + "count(*) FILTER (WHERE t >= ? AND t < ?) FROM (SELECT CAST(" + column.column() + " AS VARCHAR) AS v, " + time
                + " AS t FROM " + setup.readings() + " WHERE (" + time + " >= ? AND " + time + " < ?) OR (" + time + " >= ? AND "
                + time + " < ?)) GROUP BY v")) {
            Instant[] bounds = {ref.start(), ref.end(), from, to, ref.start(), ref.end(), from, to};
            for (int i = 0; i < bounds.length; i++) {
                Timestamps.bind(ps, i + 1, bounds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) == null) {
                        refMissing += rs.getLong(2);
                        curMissing += rs.getLong(3);
                    } else {
                        counts.add(new Count(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
        }
        return new CategoryShares(feature, describe(ref), ref.start(), ref.end(), refMissing, curMissing, bars(counts));
    }

    /** The reference's categories most common first, its rarer ones together, then the unseen ones. */
    static List<CategoryShares.Bar> bars(List<Count> counts) {
        List<Count> seen = new ArrayList<>(counts.stream().filter(c -> c.reference() > 0).toList());
        List<Count> unseen = new ArrayList<>(counts.stream().filter(c -> c.reference() == 0 && c.current() > 0).toList());
        seen.sort(Comparator.comparingLong((Count c) -> -c.reference()).thenComparing(Count::value));
        unseen.sort(Comparator.comparingLong((Count c) -> -c.current()).thenComparing(Count::value));
        List<CategoryShares.Bar> bars = new ArrayList<>();
        // one bar for a single left-over category would only hide its name
        int named = seen.size() <= NAMED + 1 ? seen.size() : NAMED;
        for (Count c : seen.subList(0, named)) {
            bars.add(new CategoryShares.Bar(c.value(), CategoryShares.Kind.CATEGORY, 1, c.reference(), c.current()));
        }
        if (named < seen.size()) {
            List<Count> rest = seen.subList(named, seen.size());
            bars.add(new CategoryShares.Bar("other (" + rest.size() + " categories)", CategoryShares.Kind.OTHER, rest.size(),
                    rest.stream().mapToLong(Count::reference).sum(), rest.stream().mapToLong(Count::current).sum()));
        }
        int namedUnseen = unseen.size() <= NAMED_UNSEEN + 1 ? unseen.size() : NAMED_UNSEEN;
        for (Count c : unseen.subList(0, namedUnseen)) {
            bars.add(new CategoryShares.Bar(NEW_PREFIX + c.value(), CategoryShares.Kind.UNSEEN, 1, 0, c.current()));
        }
        if (namedUnseen < unseen.size()) {
            List<Count> rest = unseen.subList(namedUnseen, unseen.size());
            bars.add(new CategoryShares.Bar(NEW_PREFIX + rest.size() + " more", CategoryShares.Kind.UNSEEN, rest.size(), 0,
                    rest.stream().mapToLong(Count::current).sum()));
        }
        return bars;
    }

    /**
     * The reference the feature's newest hour window in [from, to) was scored against (the newest before
     * {@code to} when the range holds none); null when the feature has no drift window yet.
     */
    private Reference reference(Connection conn, String feature, Instant from, Instant to) throws SQLException {
        String key;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ref_key FROM drift_window WHERE model_name = ? AND granularity = ? "
                + "AND feature = ? AND window_start < ? ORDER BY window_start >= ? DESC, window_start DESC LIMIT 1")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, KpiMaterializer.HOUR);
            ps.setString(3, feature);
            Timestamps.bind(ps, 4, to);
            Timestamps.bind(ps, 5, from);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                key = rs.getString(1);
            }
        }
        if (Reference.FIRST_WEEK.equals(key)) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + MonitorSetup.TIME + ") FROM " + setup.readings());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant first = Timestamps.read(rs, 1);
                return first == null ? null : new Reference(Reference.FIRST_WEEK, null, first, first.plus(Duration.ofDays(7)));
            }
        }
        if (key != null && key.startsWith("v")) {
            try {
                return ReferenceResolver.trainingWindow(conn, setup.modelName(), Integer.parseInt(key.substring(1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Reference ref) {
        return ref.version() == null ? "the first week" : "v" + ref.version() + "'s training window";
    }
}
