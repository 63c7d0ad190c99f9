package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import kiln.store.KilnStore;

/**
 * Where one monitored model's data lives, read from the data-set catalog: the readings, labels and
 * predictions tables, the positive label and the numeric features. The model is the registered model
 * of the data set (or the data set's own name while no model is registered).
 */
public record MonitorSetup(String modelName, String dataset, String readingTable, String labelTable,
        String predictionTable, int positiveLabel, List<Feature> features, boolean predictionsCoded, boolean readingsCoded) {

    /** A numeric feature column, quoted for SQL. */
    public record Feature(String name) {
        public String column() {
            return KilnStore.quoteIdentifier(name);
        }
    }

    public static final String DEFAULT_DATASET = "glassware";

    /** The monitored model of {@code modelName} (null: the glassware data set's model). */
    public static MonitorSetup load(Connection conn, String modelName) throws SQLException {
        String dataset = DEFAULT_DATASET;
        String name = modelName;
        if (modelName != null) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT dataset FROM registered_model WHERE model_name = ?")) {
                ps.setString(1, modelName);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        dataset = rs.getString(1);
                    }
                }
            }
        } else {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT model_name FROM registered_model WHERE dataset = ? ORDER BY created_at, model_name LIMIT 1")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    name = rs.next() ? rs.getString(1) : dataset;
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT reading_table, label_table, prediction_table, positive_label, prediction_label_time IS NOT NULL, label_coded "
                        + "FROM dataset "
                        + "WHERE name = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Data set " + dataset + " of model " + name + " is not in the catalog");
                }
                List<Feature> features = new ArrayList<>();
                try (PreparedStatement fs = conn.prepareStatement(
                        "SELECT name FROM dataset_feature WHERE dataset = ? AND kind = 'numeric' ORDER BY position")) {
                    fs.setString(1, dataset);
                    try (ResultSet f = fs.executeQuery()) {
                        while (f.next()) {
                            features.add(new Feature(f.getString(1)));
                        }
                    }
                }
                return new MonitorSetup(name, dataset, rs.getString(1), rs.getString(2), rs.getString(3),
                        Integer.parseInt(rs.getString(4).strip()), List.copyOf(features), rs.getBoolean(5), rs.getBoolean(6));
            }
        }
    }

    public String readings() {
        return KilnStore.quoteIdentifier(readingTable);
    }

    public String labels() {
        return KilnStore.quoteIdentifier(labelTable);
    }

    public String predictions() {
        return KilnStore.quoteIdentifier(predictionTable);
    }
}
