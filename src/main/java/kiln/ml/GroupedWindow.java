package kiln.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A training window of a grouped data set read once for all its groups: raw values (categorical
 * features as their codes), rows in (group, time, id) order so each group's rows are one contiguous
 * range. {@link GroupBinning} turns a group's range, or all rows, into binned {@link TrainingData}.
 *
 * @param columns     {@code columns[f][row]}: raw numeric values, or the category code; NaN when missing
 * @param labels      class codes, as in {@link TrainingData#labels()}
 * @param rowHashes   a hash of each row (id, time, label, values): XORed into fingerprints
 * @param timeOrder   each row's position in (time, id) order over the whole window (the pooled order)
 * @param groups      the group keys in row order (the group column's value as text; null for rows without one)
 * @param groupStarts the first row of each group, plus the row count at the end ({@code groups.size() + 1} entries)
 */
public record GroupedWindow(String dataset, DataWindow window, List<String> features, double[][] columns, byte[] labels,
        long[] rowHashes, int[] timeOrder, List<String> groups, int[] groupStarts, List<String> classes,
        Map<String, CategoryCodes> categories) {

    public GroupedWindow {
        features = List.copyOf(features);
        groups = Collections.unmodifiableList(new ArrayList<>(groups)); // may hold null: rows without a group
        classes = List.copyOf(classes);
        categories = Map.copyOf(categories);
    }

    public int rows() {
        return labels.length;
    }

    public int groupCount() {
        return groups.size();
    }

    public int groupRows(int group) {
        return groupStarts[group + 1] - groupStarts[group];
    }

    /** Bit {@code c} set when class code {@code c} occurs among the group's rows. */
    public long groupClassMask(int group) {
        long mask = 0;
        for (int r = groupStarts[group]; r < groupStarts[group + 1]; r++) {
            mask |= 1L << labels[r];
        }
        return mask;
    }
}
