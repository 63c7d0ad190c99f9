package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import kiln.domain.DatasetSpec;
import kiln.store.KilnStore;

/**
 * The fleet monitor's view of one grouped data set, every name from the catalogue: its predictions
 * joined with the readings (where the group column lives) and, when the predictions carry no label
 * codes, the labels; as columns row_id, event_time, group_key (the group's value as text),
 * model_version, model_scope (NULL before a family scored), predicted_code, label_code, label_time.
 */
record FleetSources(DatasetSpec spec, boolean scoped) {

    /** The sources of {@code spec}; {@code scoped} when its prediction table has a model_scope column (a family scored it). */
    static FleetSources of(Connection conn, DatasetSpec spec) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' "
                + "AND table_name = ? AND column_name = 'model_scope'")) {
            ps.setString(1, spec.predictionTable());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FleetSources(spec, rs.getLong(1) > 0);
            }
        }
    }

    String groupKey() {
        return "CAST(r." + q(spec.groupColumn()) + " AS VARCHAR)";
    }

    /**
     * The labelled-or-not predictions whose time lies in [?, ?) (two bound timestamps), with their group; the
     * readings (and labels) are cut to the id range ? .. ? (two bound ids: the predictions' own, see
     * {@link #idRange()}), so the join reads the touched rows rather than the whole table.
     */
    String rowsBetween() {
        String id = q(spec.idColumn());
        String time = q(spec.timeColumn());
        String label = spec.predictionsCoded() ? "p.label_code, p.label_time"
                : "r.label_code, CASE WHEN r.label_code IS NOT NULL THEN l." + q(spec.labelTimeColumn()) + " END AS label_time";
        return "(SELECT p." + id + " AS row_id, p." + time + " AS event_time, " + groupKey() + " AS group_key, p.model_version, "
                + (scoped ? "p.model_scope" : "NULL::VARCHAR") + " AS model_scope, p." + q(spec.predictionCodeColumn()) + " AS predicted_code, "
                + label + " FROM " + q(spec.predictionTable()) + " p JOIN " + q(spec.readingTable()) + " r ON r." + id + " = p." + id
                + (spec.predictionsCoded() ? "" : " LEFT JOIN " + q(spec.labelTable()) + " l ON l." + id + " = p." + id)
                + " WHERE p." + time + " >= ? AND p." + time + " < ? AND r." + id + " BETWEEN ? AND ?)";
    }

    /** The id range of the predictions whose time lies in [?, ?). */
    String idRange() {
        return "SELECT min(" + q(spec.idColumn()) + "), max(" + q(spec.idColumn()) + ") FROM " + q(spec.predictionTable()) + " WHERE "
                + q(spec.timeColumn()) + " >= ? AND " + q(spec.timeColumn()) + " < ?";
    }

    /** The newest prediction id and the time span of predictions after id ? . */
    String newPredictions() {
        return "SELECT min(" + q(spec.timeColumn()) + "), max(" + q(spec.timeColumn()) + "), max(" + q(spec.idColumn()) + ") FROM "
                + q(spec.predictionTable()) + " WHERE " + q(spec.idColumn()) + " > ?";
    }

    /** Label times with the prediction times they label: (label_time, event_time). */
    String labelTimes() {
        if (spec.predictionsCoded()) {
            return "(SELECT label_time, " + q(spec.timeColumn()) + " AS event_time FROM " + q(spec.predictionTable())
                    + " WHERE label_time IS NOT NULL)";
        }
        return "(SELECT l." + q(spec.labelTimeColumn()) + " AS label_time, p." + q(spec.timeColumn()) + " AS event_time FROM "
                + q(spec.labelTable()) + " l JOIN " + q(spec.predictionTable()) + " p ON p." + q(spec.idColumn()) + " = l." + q(spec.idColumn())
                + " WHERE l." + q(spec.labelTimeColumn()) + " IS NOT NULL)";
    }

    /** The readings with event_time, group_key and the numeric features (as named in the catalogue). */
    String readings() {
        StringBuilder cols = new StringBuilder("r." + q(spec.timeColumn()) + " AS event_time, " + groupKey() + " AS group_key");
        for (String f : spec.numericFeatureNames()) {
            cols.append(", r.").append(q(f));
        }
        return "(SELECT " + cols + " FROM " + q(spec.readingTable()) + " r)";
    }

    static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }
}
