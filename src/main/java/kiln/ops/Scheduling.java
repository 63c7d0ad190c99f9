package kiln.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import kiln.domain.DatasetSpec;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/** When a registry change may take effect without contradicting decisions already written. */
final class Scheduling {

    private Scheduling() {}

    /** {@code wanted}, or just after the data set's newest production prediction if one was made at or after it. */
    static Instant notBeforeScored(KilnStore store, String dataset, Instant wanted) {
        Instant newest = newest(store, dataset, true);
        return newest != null && !newest.isBefore(wanted) ? newest.plusMillis(1) : wanted;
    }

    /** The newest time among the data set's predictions ({@code predictions}) or readings, or null when there are none. */
    static Instant newest(KilnStore store, String dataset, boolean predictions) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.require(conn, dataset);
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT max(" + KilnStore.quoteIdentifier(spec.timeColumn())
                                + ") FROM " + KilnStore.quoteIdentifier(predictions ? spec.predictionTable() : spec.readingTable()))) {
                    rs.next();
                    return Timestamps.read(rs, 1);
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the newest time of " + dataset + " failed", e);
        }
    }
}
