package kiln.store.eda;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/** Reading nullable columns of the EDA queries' results. */
final class ResultColumns {

    private ResultColumns() {}

    static LocalDateTime time(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, LocalDateTime.class);
    }

    static Double doubleOrNull(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    static double nanIfNull(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }
}
