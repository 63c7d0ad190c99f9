package kiln.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;

/** When a registry change may take effect without contradicting decisions already written. */
final class Scheduling {

    private Scheduling() {
    }

    /** {@code wanted}, or just after the newest production prediction if one was made at or after it. */
    static Instant notBeforeScored(KilnStore store, Instant wanted) {
        try {
            Instant newest = store.read(conn -> {
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(process_time) FROM predicted_quality")) {
                    rs.next();
                    return Timestamps.read(rs, 1);
                }
            });
            return newest != null && !newest.isBefore(wanted) ? newest.plusMillis(1) : wanted;
        } catch (SQLException e) {
            throw new DataAccessException("Reading the newest prediction failed", e);
        }
    }
}
