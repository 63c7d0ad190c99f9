package kiln.store.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;

/**
 * Answers catalogue questions (tables {@code dataset}, {@code dataset_feature}, {@code dataset_class}):
 * every stage asks here which tables and columns a data set has, instead of keeping its own lookup.
 * Reads take any connection; values are bound parameters.
 */
public final class Catalog {

    private static final String SPEC_SQL = "SELECT name, reading_table, label_table, prediction_table, id_column, time_column, "
            + "group_column, label_column, label_time_column, prediction_column, prediction_code_column, positive_label, "
            + "coalesce(label_coded, false), prediction_label_time IS NOT NULL FROM dataset WHERE name = ?";

    private Catalog() {}

    /** The data set's catalogue entry, or empty when there is none. */
    public static Optional<DatasetSpec> find(Connection conn, String dataset) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(SPEC_SQL)) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DatasetSpec(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(12), classes(conn, dataset), rs.getBoolean(13), rs.getBoolean(14), features(conn, dataset)));
            }
        }
    }

    /** @throws UserFacingException naming the data sets there are, when {@code dataset} is not one of them */
    public static DatasetSpec require(Connection conn, String dataset) throws SQLException {
        Optional<DatasetSpec> spec = find(conn, dataset);
        if (spec.isEmpty()) {
            List<String> known = names(conn);
            throw new UserFacingException("Data set '" + dataset + "' is not in this database"
                    + (known.isEmpty() ? "; import a file first (kiln import FILE --dataset NAME …)" : " (it has " + String.join(", ", known) + ")"));
        }
        return spec.get();
    }

    /** Every data set's name, sorted. */
    public static List<String> names(Connection conn) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM dataset ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The data set a registered model was trained on, when the model is registered with one. */
    public static Optional<String> datasetOfModel(Connection conn, String modelName) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT dataset FROM registered_model WHERE model_name = ?")) {
            ps.setString(1, modelName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The catalogue entry of a registered model's data set. */
    public static DatasetSpec ofModel(Connection conn, String modelName) throws SQLException {
        String dataset = datasetOfModel(conn, modelName)
                .orElseThrow(() -> new UserFacingException("Model '" + modelName + "' has no data set in the catalogue"));
        return require(conn, dataset);
    }

    static List<String> classes(Connection conn, String dataset) throws SQLException {
        List<String> classes = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM dataset_class WHERE dataset = ? ORDER BY code")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    classes.add(rs.getString(1));
                }
            }
        }
        return classes;
    }

    private static List<DatasetSpec.FeatureSpec> features(Connection conn, String dataset) throws SQLException {
        List<DatasetSpec.FeatureSpec> features = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT name, kind, unit, expected_min, expected_max FROM dataset_feature "
                + "WHERE dataset = ? ORDER BY position, name")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    features.add(new DatasetSpec.FeatureSpec(rs.getString(1), rs.getString(2), rs.getString(3), nullableDouble(rs, 4),
                            nullableDouble(rs, 5)));
                }
            }
        }
        return features;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
