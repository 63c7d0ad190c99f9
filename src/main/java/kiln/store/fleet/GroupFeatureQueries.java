package kiln.store.fleet;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kiln.domain.CategoryShares;
import kiln.domain.DatasetSpec;
import kiln.domain.DatasetSpec.FeatureSpec;
import kiln.domain.Histogram;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * One group's feature distributions, read from its data set's readings filtered by the catalogue's
 * group column: the newest day of the data set against the group's training reference (the training
 * window of the member serving it, else its own first week). Every value is a bound parameter; only
 * the catalogue's table and column names are written into the SQL, quoted.
 */
public final class GroupFeatureQueries {

    /** Bins of a numeric feature's histogram, equal width over both windows' range, so a shifted unit shows as bars apart. */
    public static final int BINS = 20;
    /** Categories of the reference shown one by one; the rest are one "other" bar. */
    static final int TOP_CATEGORIES = 8;
    static final Duration RECENT = Duration.ofDays(1);
    static final Duration FIRST_WEEK = Duration.ofDays(7);

    private final KilnStore store;

    public GroupFeatureQueries(KilnStore store) {
        this.store = store;
    }

    /** The group's features in the newest day against its reference ({@link GroupFeatures#unavailable} when the catalogue cannot say). */
    public GroupFeatures read(String model, String groupKey, ProgressSink sink) {
        return FleetReading.query(store, sink, "the features of group " + groupKey + " of " + model, conn -> {
            Optional<String> dataset = Catalog.datasetOfModel(conn.connection(), model);
            DatasetSpec spec = dataset.isEmpty() ? null : Catalog.find(conn.connection(), dataset.get()).orElse(null);
            if (spec == null || !spec.hasGroups()) {
                return GroupFeatures.unavailable(groupKey, "The catalogue names no data set with a group column for " + model
                        + ", so its features cannot be read per group.");
            }
            Source src = new Source(spec);
            Instant newest = instant(conn, "SELECT max(" + src.time + ") FROM " + src.table, null);
            if (newest == null) {
                return GroupFeatures.noReadings(groupKey, spec.groupColumn());
            }
            // the 24 hours up to the end of the newest reading's hour: the window reads as "from 07-23 00:00", not "from 07-22 23:59"
            Instant curTo = newest.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant curFrom = curTo.minus(RECENT);
            Instant lastReading = instant(conn, "SELECT max(" + src.time + ") FROM " + src.table + " WHERE " + src.group + " = ?", groupKey);
            Reference ref = reference(conn, model, groupKey, src);
            List<FeatureDistribution> features = new ArrayList<>();
            Window reference = ref == null ? null : new Window(ref.from(), ref.to());
            Window recent = new Window(curFrom, curTo);
            long refRows = reference == null ? 0 : count(conn, src, groupKey, reference);
            long curRows = count(conn, src, groupKey, recent);
            for (FeatureSpec f : spec.features()) {
                JobCancelledException.throwIfCancelled(sink, "reading " + f.name());
                features.add(f.numeric() ? numeric(conn, src, groupKey, f, reference, recent) : categorical(conn, src, groupKey, f,
                        ref == null ? null : ref.name(), reference, recent));
            }
            return new GroupFeatures(groupKey, spec.groupColumn(), ref == null ? null : ref.name(), reference == null ? null : reference.from(),
                    reference == null ? null : reference.to(), refRows, curFrom, curTo, curRows, lastReading, features, null);
        });
    }

    private record Window(Instant from, Instant to) {
    }

    private record Reference(String name, Instant from, Instant to) {
    }

    /** The catalogue's names, quoted, for the readings table. */
    private static final class Source {
        final String table;
        final String time;
        final String group;

        Source(DatasetSpec spec) {
            table = KilnStore.quoteIdentifier(spec.readingTable());
            time = KilnStore.quoteIdentifier(spec.timeColumn());
            group = "CAST(" + KilnStore.quoteIdentifier(spec.groupColumn()) + " AS VARCHAR)";
        }

        /** Rows of the group (one bound key) in [?, ?) (two bound times). */
        String where() {
            return " FROM " + table + " WHERE " + group + " = ? AND " + time + " >= ? AND " + time + " < ?";
        }
    }

    /**
     * The training window of the member serving the group (its own production member, else the pooled one), when its run
     * recorded one; else the group's own first week of readings; null when the group has no readings at all.
     */
    private static Reference reference(FleetReading.Reader conn, String model, String groupKey, Source src) throws SQLException {
        try (PreparedStatement ps = conn.prepare("SELECT v.version, v.scope, r.window_start, r.window_end FROM model_version v "
                + "JOIN run r ON r.run_id = v.run_id WHERE v.model_name = ? AND v.alias = 'production' AND v.scope IN (?, 'pooled') "
                + "AND r.window_start IS NOT NULL AND r.window_end IS NOT NULL ORDER BY v.scope = 'pooled', v.version DESC LIMIT 1")) {
            ps.setString(1, model);
            ps.setString(2, groupKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String who = "pooled".equals(rs.getString(2)) ? "the pooled member v" + rs.getInt(1) : "v" + rs.getInt(1);
                    return new Reference("training window of " + who, Timestamps.read(rs, 3), Timestamps.read(rs, 4));
                }
            }
        }
        Instant first = instant(conn, "SELECT min(" + src.time + ") FROM " + src.table + " WHERE " + src.group + " = ?", groupKey);
        return first == null ? null : new Reference("its first week of readings", first, first.plus(FIRST_WEEK));
    }

    private static Instant instant(FleetReading.Reader conn, String sql, String groupKey) throws SQLException {
        try (PreparedStatement ps = conn.prepare(sql)) {
            if (groupKey != null) {
                ps.setString(1, groupKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Timestamps.read(rs, 1) : null;
            }
        }
    }

    private static void bind(PreparedStatement ps, int first, String groupKey, Window w) throws SQLException {
        ps.setString(first, groupKey);
        Timestamps.bind(ps, first + 1, w.from());
        Timestamps.bind(ps, first + 2, w.to());
    }

    private static long count(FleetReading.Reader conn, Source src, String groupKey, Window w) throws SQLException {
        try (PreparedStatement ps = conn.prepare("SELECT count(*)" + src.where())) {
            bind(ps, 1, groupKey, w);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Count, values, mean, spread and range of a numeric column in a window. */
    private record Stats(long rows, long values, Double mean, Double std, Double min, Double max) {
        static final Stats NONE = new Stats(0, 0, null, null, null, null);
    }

    private static Stats stats(FleetReading.Reader conn, Source src, String column, String groupKey, Window w) throws SQLException {
        if (w == null) {
            return Stats.NONE;
        }
        String x = "CAST(" + column + " AS DOUBLE)";
        try (PreparedStatement ps = conn.prepare("SELECT count(*), count(" + x + "), avg(" + x + "), stddev_samp(" + x + "), min(" + x
                + "), max(" + x + ")" + src.where())) {
            bind(ps, 1, groupKey, w);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Stats(rs.getLong(1), rs.getLong(2), FleetReading.doubleOrNull(rs, 3), FleetReading.doubleOrNull(rs, 4),
                        FleetReading.doubleOrNull(rs, 5), FleetReading.doubleOrNull(rs, 6));
            }
        }
    }

    private static FeatureDistribution numeric(FleetReading.Reader conn, Source src, String groupKey, FeatureSpec f, Window reference,
            Window recent) throws SQLException {
        String column = KilnStore.quoteIdentifier(f.name());
        Stats ref = stats(conn, src, column, groupKey, reference);
        Stats cur = stats(conn, src, column, groupKey, recent);
        Histogram[] bars = null;
        if (ref.values() + cur.values() > 0) {
            double lo = Math.min(ref.min() == null ? Double.MAX_VALUE : ref.min(), cur.min() == null ? Double.MAX_VALUE : cur.min());
            double hi = Math.max(ref.max() == null ? -Double.MAX_VALUE : ref.max(), cur.max() == null ? -Double.MAX_VALUE : cur.max());
            if (hi - lo < 1e-9 * Math.max(1, Math.abs(lo))) { // one value only: a bin around it
                double pad = Math.max(0.5, Math.abs(lo) * 0.01);
                lo -= pad;
                hi += pad;
            }
            double[] edges = new double[BINS + 1];
            for (int i = 0; i <= BINS; i++) {
                edges[i] = lo + (hi - lo) * i / BINS;
            }
            bars = new Histogram[] {new Histogram(edges, bins(conn, src, column, groupKey, reference, lo, (hi - lo) / BINS)),
                    new Histogram(edges.clone(), bins(conn, src, column, groupKey, recent, lo, (hi - lo) / BINS))};
        }
        return new FeatureDistribution(f.name(), f.unit(), true, ref.rows(), ref.values(), cur.rows(), cur.values(), ref.mean(), cur.mean(),
                ref.std(), cur.std(), bars == null ? null : bars[0], bars == null ? null : bars[1], null);
    }

    private static long[] bins(FleetReading.Reader conn, Source src, String column, String groupKey, Window w, double lo, double width)
            throws SQLException {
        long[] counts = new long[BINS];
        if (w == null) {
            return counts;
        }
        String x = "CAST(" + column + " AS DOUBLE)";
        try (PreparedStatement ps = conn.prepare("SELECT least(" + (BINS - 1) + ", greatest(0, CAST(floor((" + x + " - ?) / ?) AS INTEGER))) b, "
                + "count(*)" + src.where() + " AND " + x + " IS NOT NULL GROUP BY b")) {
            ps.setDouble(1, lo);
            ps.setDouble(2, width);
            bind(ps, 3, groupKey, w);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getInt(1)] += rs.getLong(2);
                }
            }
        }
        return counts;
    }

    private static FeatureDistribution categorical(FleetReading.Reader conn, Source src, String groupKey, FeatureSpec f, String refName,
            Window reference, Window recent) throws SQLException {
        String column = KilnStore.quoteIdentifier(f.name());
        Map<String, Long> ref = categories(conn, src, column, groupKey, reference);
        Map<String, Long> cur = categories(conn, src, column, groupKey, recent);
        long refRows = reference == null ? 0 : count(conn, src, groupKey, reference);
        long curRows = count(conn, src, groupKey, recent);
        long refValues = ref.values().stream().mapToLong(Long::longValue).sum();
        long curValues = cur.values().stream().mapToLong(Long::longValue).sum();
        List<CategoryShares.Bar> bars = new ArrayList<>();
        long otherRef = 0;
        long otherCur = 0;
        int others = 0;
        for (Map.Entry<String, Long> e : ref.entrySet()) { // most common first
            if (bars.size() < TOP_CATEGORIES) {
                bars.add(new CategoryShares.Bar(e.getKey(), CategoryShares.Kind.CATEGORY, 1, e.getValue(), cur.getOrDefault(e.getKey(), 0L)));
            } else {
                others++;
                otherRef += e.getValue();
                otherCur += cur.getOrDefault(e.getKey(), 0L);
            }
        }
        if (others > 0) {
            bars.add(new CategoryShares.Bar("other (" + others + " categories)", CategoryShares.Kind.OTHER, others, otherRef, otherCur));
        }
        long unseen = 0;
        int unseenCategories = 0;
        for (Map.Entry<String, Long> e : cur.entrySet()) {
            if (!ref.containsKey(e.getKey())) {
                unseen += e.getValue();
                unseenCategories++;
            }
        }
        if (unseenCategories > 0) {
            bars.add(new CategoryShares.Bar(unseenCategories == 1 ? "new: " + cur.keySet().stream().filter(k -> !ref.containsKey(k)).findFirst()
                    .orElseThrow() : "new: " + unseenCategories + " categories", CategoryShares.Kind.UNSEEN, unseenCategories, 0, unseen));
        }
        CategoryShares shares = new CategoryShares(f.name(), refName, reference == null ? null : reference.from(),
                reference == null ? null : reference.to(), refRows - refValues, curRows - curValues, bars);
        return new FeatureDistribution(f.name(), f.unit(), false, refRows, refValues, curRows, curValues, null, null, null, null, null, null,
                shares);
    }

    /** Counts per category (missing values left out), most common first. */
    private static Map<String, Long> categories(FleetReading.Reader conn, Source src, String column, String groupKey, Window w)
            throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (w == null) {
            return counts;
        }
        try (PreparedStatement ps = conn.prepare("SELECT CAST(" + column + " AS VARCHAR) c, count(*) n" + src.where() + " AND " + column
                + " IS NOT NULL GROUP BY c ORDER BY n DESC, c")) {
            bind(ps, 1, groupKey, w);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }
}
