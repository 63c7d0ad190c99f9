package kiln.store.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.UserFacingException;
import kiln.store.KilnStore;
import kiln.store.ingest.LabelCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings data sets imported before the catalogue listed classes (migration V011) up to date when a
 * store opens: their prediction tables gain the predicted class code and the label codes, and their
 * label classes are learned from the labels stored. A migration cannot do this: it does not know
 * the tables' names. Runs on the writer; a data set already current costs one query.
 */
public final class CatalogUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogUpgrade.class);

    private CatalogUpgrade() {}

    /** Returns how many data sets were upgraded. */
    public static int run(Connection conn) throws SQLException {
        List<String[]> stale = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT name, prediction_table, label_table, label_column, positive_label FROM dataset WHERE prediction_code_column IS NULL")) {
            while (rs.next()) {
                stale.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        for (String[] d : stale) {
            upgrade(conn, d[0], d[1], d[2], d[3], d[4]);
        }
        return stale.size();
    }

    private static void upgrade(Connection conn, String dataset, String predictionTable, String labelTable, String labelColumn,
            String storedPositive) throws SQLException {
        String table = KilnStore.quoteIdentifier(predictionTable);
        try (Statement st = conn.createStatement()) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS predicted_code SMALLINT");
            st.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS label_code TINYINT");
            st.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS label_time TIMESTAMP");
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE dataset SET prediction_code_column = 'predicted_code', "
                + "prediction_label_time = 'label_time', label_time_column = coalesce(label_time_column, 'label_time') WHERE name = ?")) {
            ps.setString(1, dataset);
            ps.executeUpdate();
        }
        if (Catalog.classes(conn, dataset).isEmpty()) {
            List<String> seen = new ArrayList<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT CAST(" + KilnStore.quoteIdentifier(labelColumn)
                            + " AS VARCHAR) FROM " + KilnStore.quoteIdentifier(labelTable) + " WHERE " + KilnStore.quoteIdentifier(labelColumn)
                            + " IS NOT NULL")) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            String positive = seen.contains(storedPositive) ? storedPositive : null;
            try {
                LabelClasses.learn(conn, dataset, seen, positive, "the labels of data set '" + dataset + "'");
            } catch (UserFacingException e) {
                // Which class is positive is the user's call: the next import of labels asks for it.
                LOG.warn("Data set {}: label classes left open: {}", dataset, e.getMessage());
            }
        }
        var target = LabelCodes.of(conn, dataset);
        if (target.isPresent()) {
            LabelCodes.syncAll(conn, target.get());
        }
        LOG.info("Data set {} brought up to the catalogue with label classes", dataset);
    }
}
