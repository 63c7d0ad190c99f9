package kiln.store.catalog;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import kiln.domain.UserFacingException;
import kiln.domain.ingest.LabelValues;

/**
 * Decides and records a data set's label classes (table {@code dataset_class}) from the label values
 * seen. The first time two or more values are seen the classes are fixed: two values make a binary
 * label, the negative class first so that code 1 is the positive class; more make a multi-class label,
 * coded in sorted order. Values seen later are appended, so stored codes keep their meaning.
 */
public final class LabelClasses {

    /** Kiln handles up to this many classes; a label with more values is most likely not a class label. */
    public static final int MAX_CLASSES = LabelValues.MAX_CLASSES;

    /** The classes after learning, and a sentence for the user when something noteworthy happened. */
    public record Learned(List<String> classes, boolean changed, String note) {
    }

    private LabelClasses() {}

    /**
     * Adds {@code seen} (the distinct label values of an import) to the data set's classes.
     *
     * @param requestedPositive the user's choice of positive class (binary labels), or null to infer it
     * @param where             names the file and column for messages, e.g. "elec.csv, column 'class'"
     * @throws UserFacingException when a binary label's positive class cannot be told or was asked wrongly
     */
    public static Learned learn(Connection conn, String dataset, List<String> seen, String requestedPositive, String where)
            throws SQLException {
        List<String> existing = Catalog.classes(conn, dataset);
        List<String> values = sorted(seen);
        if (values.size() > MAX_CLASSES && existing.isEmpty()) {
            throw new UserFacingException(where + " has " + values.size() + " different values; Kiln handles labels of up to "
                    + MAX_CLASSES + " classes. Is it a measurement rather than a class?");
        }
        if (existing.isEmpty()) {
            return first(conn, dataset, values, requestedPositive, where);
        }
        if (requestedPositive != null && existing.size() == 2 && !requestedPositive.equals(existing.get(1))) {
            throw new UserFacingException("Data set '" + dataset + "' already has '" + existing.get(1) + "' as its positive class; "
                    + "--positive " + requestedPositive + " would change what earlier predictions mean");
        }
        List<String> added = values.stream().filter(v -> !existing.contains(v)).toList();
        if (added.isEmpty()) {
            return new Learned(existing, false, null);
        }
        if (existing.size() + added.size() > MAX_CLASSES) {
            throw new UserFacingException(where + " brings new label values " + added + "; with them the label would have more than "
                    + MAX_CLASSES + " classes");
        }
        insert(conn, dataset, existing.size(), added);
        List<String> all = new ArrayList<>(existing);
        all.addAll(added);
        String note = "New label class" + (added.size() > 1 ? "es " : " ") + String.join(", ", added.stream().map(v -> "'" + v + "'").toList())
                + (existing.size() == 2 ? ": the label is no longer binary; models trained before predict only '" + existing.get(0)
                        + "' and '" + existing.get(1) + "'" : "");
        return new Learned(List.copyOf(all), true, note);
    }

    private static Learned first(Connection conn, String dataset, List<String> values, String requestedPositive, String where)
            throws SQLException {
        if (requestedPositive != null && !values.isEmpty() && !values.contains(requestedPositive)) {
            throw new UserFacingException("--positive " + requestedPositive + " is not among the values of " + where + ": "
                    + quoted(values));
        }
        if (values.size() < 2) {
            return new Learned(List.of(), false, values.isEmpty() ? null : "Only one label class so far (" + quoted(values)
                    + "); the classes are fixed when a second one arrives, and labels count once they are");
        }
        List<String> classes;
        if (values.size() == 2) {
            String positive = requestedPositive != null ? requestedPositive : inferPositive(values, where);
            String negative = values.get(0).equals(positive) ? values.get(1) : values.get(0);
            classes = List.of(negative, positive);
            try (PreparedStatement ps = conn.prepareStatement("UPDATE dataset SET positive_label = ? WHERE name = ?")) {
                ps.setString(1, positive);
                ps.setString(2, dataset);
                ps.executeUpdate();
            }
        } else {
            if (requestedPositive != null) {
                throw new UserFacingException("--positive applies to binary labels; " + where + " has " + values.size() + " classes: "
                        + quoted(values));
            }
            classes = values;
        }
        insert(conn, dataset, 0, classes);
        return new Learned(classes, true, null);
    }

    /** The positive value of a binary label when exactly one value looks positive. */
    static String inferPositive(List<String> values, String where) {
        List<String> positive = values.stream().filter(LabelValues::readsPositive).toList();
        if (positive.size() != 1) {
            throw new UserFacingException(where + " has the values " + quoted(values) + "; say which is the positive class with --positive VALUE");
        }
        return positive.get(0);
    }

    private static void insert(Connection conn, String dataset, int firstCode, List<String> classes) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_class (dataset, code, value) VALUES (?, ?, ?)")) {
            for (int i = 0; i < classes.size(); i++) {
                ps.setString(1, dataset);
                ps.setInt(2, firstCode + i);
                ps.setString(3, classes.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Numbers in numeric order, anything else alphabetically. */
    static List<String> sorted(List<String> seen) {
        List<String> values = seen.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
        boolean numeric = values.stream().allMatch(LabelClasses::isNumber);
        return values.stream().sorted(numeric ? Comparator.comparing((String v) -> new BigDecimal(v.strip())) : Comparator.<String>naturalOrder())
                .toList();
    }

    private static boolean isNumber(String v) {
        try {
            new BigDecimal(v.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String quoted(List<String> values) {
        List<String> shown = values.stream().limit(10).map(v -> "'" + v + "'").toList();
        return String.join(", ", shown) + (values.size() > 10 ? ", …" : "");
    }
}
