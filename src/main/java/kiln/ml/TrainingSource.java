package kiln.ml;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.UserFacingException;

/**
 * Where one data set's readings and labels live, from the catalog tables {@code dataset} and
 * {@code dataset_feature}.
 */
public record TrainingSource(String dataset, String readingTable, String labelTable, String idColumn, String timeColumn,
                             String labelColumn, String positiveLabel, List<String> numericFeatures) {

    /** @throws UserFacingException when the data set is not in the catalog or has no numeric feature */
    public static TrainingSource load(Connection conn, String dataset) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT reading_table, label_table, id_column, time_column, label_column, "
                + "positive_label FROM dataset WHERE name = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UserFacingException("Data set '" + dataset + "' is not in this database; see: kiln sql \"SELECT name FROM dataset\"");
                }
                List<String> features = new ArrayList<>();
                try (PreparedStatement fs = conn.prepareStatement(
                        "SELECT name FROM dataset_feature WHERE dataset = ? AND kind = 'numeric' ORDER BY position, name")) {
                    fs.setString(1, dataset);
                    try (ResultSet frs = fs.executeQuery()) {
                        while (frs.next()) {
                            features.add(frs.getString(1));
                        }
                    }
                }
                if (features.isEmpty()) {
                    throw new UserFacingException("Data set '" + dataset + "' has no numeric features in dataset_feature");
                }
                return new TrainingSource(dataset, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), List.copyOf(features));
            }
        }
    }

    /** The chosen features, checked against the catalog; all numeric features when {@code chosen} is empty. */
    public List<String> features(List<String> chosen) {
        if (chosen == null || chosen.isEmpty()) {
            return numericFeatures;
        }
        for (String f : chosen) {
            if (!numericFeatures.contains(f)) {
                throw new UserFacingException("Feature '" + f + "' is not a numeric feature of data set '" + dataset
                        + "' (it has " + String.join(", ", numericFeatures) + ")");
            }
        }
        return List.copyOf(chosen);
    }
}
