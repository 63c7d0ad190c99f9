package kiln.ml;

import static kiln.store.KilnStore.quoteIdentifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import kiln.domain.DatasetSpec;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;

/**
 * Reads a training window of a grouped data set for all its groups in one query ordered by group
 * (plus the categorical codes' pass when there are categorical features), so training per group
 * splits rows in memory instead of asking the database once per group. Values arrive raw: each group
 * is binned on its own values later ({@link GroupBinning}), as a window of that group alone would be.
 */
public final class GroupedWindowLoader {

    private final KilnStore store;

    public GroupedWindowLoader(KilnStore store) {
        this.store = store;
    }

    /** @throws UserFacingException when the data set has no group column, or the window no labelled rows of two classes */
    public GroupedWindow load(String dataset, DataWindow window, List<String> chosenFeatures, ProgressSink sink) {
        try (Connection conn = store.openReader()) {
            DatasetSpec spec = Catalog.require(conn, dataset);
            if (!spec.hasGroups()) {
                throw new UserFacingException("Data set '" + dataset + "' has no group column in the catalogue, so it cannot be trained "
                        + "per group (import it with --group COLUMN to name one)");
            }
            List<String> features = TrainingDataLoader.features(spec, chosenFeatures);
            List<String> classes = TrainingDataLoader.classes(spec);
            Map<String, CategoryCodes> categories = TrainingDataLoader.categoryCodes(conn, spec, features, classes, window);
            TrainingDataLoader.Binding binding = new TrainingDataLoader.Binding(classes, features.stream().filter(categories::containsKey)
                    .map(f -> categories.get(f).sqlValues()).toList(), window);
            String cols = features.stream().map(f -> "w." + quoteIdentifier(f)).collect(Collectors.joining(", "));
            // The row hash feeds fingerprints only; shifting keeps it inside a signed BIGINT.
            String sql = "WITH w AS (" + TrainingDataLoader.windowSql(spec, features, categories, true) + ") SELECT w.grp, w.label, "
                    + "(hash(w.id, w.t, w.label::INTEGER, " + cols + ") >> 1)::BIGINT, "
                    + "(row_number() OVER (ORDER BY w.t, w.id) - 1)::INTEGER, " + cols
                    + " FROM w ORDER BY w.grp NULLS LAST, w.t, w.id";
            Rows rows = new Rows(features.size());
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                binding.bind(conn, ps);
                sink.onCancel(() -> TrainingDataLoader.cancelQuietly(ps));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs, features.size());
                        if ((rows.count & 0xFFFF) == 0) {
                            sink.progress(rows.count, 0, "Reading " + dataset + ": " + rows.count + " rows");
                            JobCancelledException.throwIfCancelled(sink, "Loading " + dataset);
                        }
                    }
                }
            }
            JobCancelledException.throwIfCancelled(sink, "Loading " + dataset);
            if (rows.count == 0) {
                throw new UserFacingException("Data set '" + dataset + "' has no labelled rows in the window " + window
                        + " (labels count when they are among its classes: " + String.join(", ", classes) + ")");
            }
            if (Long.bitCount(rows.classMask) < 2) {
                throw new UserFacingException("Data set '" + dataset + "' needs at least two label classes in the window " + window
                        + " to train on; it has only '" + classes.get(Long.numberOfTrailingZeros(rows.classMask)) + "'");
            }
            sink.progress(rows.count, rows.count, "Read " + rows.count + " rows of " + dataset + " in " + rows.groups.size() + " groups");
            return rows.toWindow(dataset, window, features, classes, categories);
        } catch (SQLException e) {
            if (sink.isCancelled()) {
                throw new JobCancelledException("Loading " + dataset + " was cancelled");
            }
            throw new DataAccessException("Reading the training window of " + dataset + " failed", e);
        }
    }

    /** The rows read so far, in growing primitive arrays. */
    private static final class Rows {
        int count;
        long classMask;
        double[][] columns;
        byte[] labels = new byte[1024];
        long[] hashes = new long[1024];
        int[] timeOrder = new int[1024];
        final List<String> groups = new ArrayList<>();
        int[] groupStarts = new int[64];
        String lastGroup;

        Rows(int features) {
            columns = new double[features][1024];
        }

        void add(ResultSet rs, int features) throws SQLException {
            if (count == labels.length) {
                int size = labels.length * 2;
                labels = Arrays.copyOf(labels, size);
                hashes = Arrays.copyOf(hashes, size);
                timeOrder = Arrays.copyOf(timeOrder, size);
                for (int f = 0; f < features; f++) {
                    columns[f] = Arrays.copyOf(columns[f], size);
                }
            }
            String group = rs.getString(1);
            if (count == 0 || !Objects.equals(group, lastGroup)) {
                if (groups.size() == groupStarts.length - 1) {
                    groupStarts = Arrays.copyOf(groupStarts, groupStarts.length * 2);
                }
                groupStarts[groups.size()] = count;
                groups.add(group);
                lastGroup = group;
            }
            labels[count] = (byte) rs.getInt(2);
            classMask |= 1L << labels[count];
            hashes[count] = rs.getLong(3);
            timeOrder[count] = rs.getInt(4);
            for (int f = 0; f < features; f++) {
                double v = rs.getDouble(f + 5);
                columns[f][count] = rs.wasNull() ? Double.NaN : v;
            }
            count++;
        }

        GroupedWindow toWindow(String dataset, DataWindow window, List<String> features, List<String> classes,
                Map<String, CategoryCodes> categories) {
            double[][] exact = new double[columns.length][];
            for (int f = 0; f < columns.length; f++) {
                exact[f] = Arrays.copyOf(columns[f], count);
            }
            int[] starts = Arrays.copyOf(groupStarts, groups.size() + 1);
            starts[groups.size()] = count;
            return new GroupedWindow(dataset, window, features, exact, Arrays.copyOf(labels, count), Arrays.copyOf(hashes, count),
                    Arrays.copyOf(timeOrder, count), groups, starts, classes, categories);
        }
    }
}
