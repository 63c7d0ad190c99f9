package kiln.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import kiln.registry.RegistryException;
import kiln.store.KilnStore;

/**
 * Where a registered model's data set lives, from the catalog: the reading table with its id and
 * time columns, the label table and the table production predictions go to (whose columns are, in
 * order, id, model_version, process_time, predicted_quality, probability, scored_at).
 */
record ScoringTarget(String modelName, String dataset, String readingTable, String labelTable, String labelColumn,
                     String positiveLabel, String predictionTable, String idColumn, String timeColumn) {

    static ScoringTarget of(Connection conn, String modelName) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT d.name, d.reading_table, d.label_table, d.label_column, d.positive_label, d.prediction_table, d.id_column, d.time_column "
                        + "FROM registered_model m JOIN dataset d ON d.name = m.dataset WHERE m.model_name = ?")) {
            ps.setString(1, modelName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RegistryException("Model '" + modelName + "' has no data set in the catalog, so there is nothing to score.");
                }
                return new ScoringTarget(modelName, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8));
            }
        }
    }

    String readings() {
        return KilnStore.quoteIdentifier(readingTable);
    }

    String predictions() {
        return KilnStore.quoteIdentifier(predictionTable);
    }

    String id() {
        return KilnStore.quoteIdentifier(idColumn);
    }

    String time() {
        return KilnStore.quoteIdentifier(timeColumn);
    }
}
