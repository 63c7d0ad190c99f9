package kiln.scoring;

import java.sql.Connection;
import java.sql.SQLException;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;
import kiln.registry.RegistryException;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;

/** A registered model and its data set's catalogue entry, with the identifiers the scorer's SQL needs. */
record ScoringTarget(String modelName, DatasetSpec spec) {

    static ScoringTarget of(Connection conn, String modelName) throws SQLException {
        String dataset = Catalog.datasetOfModel(conn, modelName).orElseThrow(() -> new RegistryException("Model '" + modelName
                + "' has no data set in the catalogue, so there is nothing to score."));
        DatasetSpec spec = Catalog.find(conn, dataset).orElseThrow(() -> new RegistryException("Model '" + modelName + "' was trained on data set '"
                + dataset + "', which is not in this database."));
        return new ScoringTarget(modelName, spec);
    }

    /** @throws UserFacingException when the readings' id is not a whole number (predictions are kept by numeric id) */
    void requireNumericIds(Connection conn) throws SQLException {
        try (var ps = conn.prepareStatement("SELECT data_type FROM information_schema.columns WHERE table_schema = 'main' "
                + "AND table_name = ? AND column_name = ?")) {
            ps.setString(1, spec.readingTable());
            ps.setString(2, spec.idColumn());
            try (var rs = ps.executeQuery()) {
                String type = rs.next() ? rs.getString(1) : "?";
                if (!type.contains("INT")) {
                    throw new UserFacingException("Data set '" + spec.name() + "' keys its readings by '" + spec.idColumn() + "' (" + type
                            + "); scoring needs whole-number ids. Import the file again without --id, so each row's line becomes its id.");
                }
            }
        }
    }

    String dataset() {
        return spec.name();
    }

    String predictionTable() {
        return spec.predictionTable();
    }

    String readings() {
        return KilnStore.quoteIdentifier(spec.readingTable());
    }

    String predictions() {
        return KilnStore.quoteIdentifier(spec.predictionTable());
    }

    String labels() {
        return KilnStore.quoteIdentifier(spec.labelTable());
    }

    String label() {
        return KilnStore.quoteIdentifier(spec.labelColumn());
    }

    String id() {
        return KilnStore.quoteIdentifier(spec.idColumn());
    }

    String time() {
        return KilnStore.quoteIdentifier(spec.timeColumn());
    }
}
