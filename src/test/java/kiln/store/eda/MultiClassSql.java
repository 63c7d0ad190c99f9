package kiln.store.eda;

import java.sql.SQLException;
import java.sql.Statement;

import kiln.store.KilnStore;

/**
 * A three-class data set "sky" inserted with SQL: reading i every minute from 2020-01-01, class i % 3
 * (fog, rain, sun as the catalogue codes them 0, 1, 2), feature x = 10 * class + i % 7, and every
 * tenth reading not labelled yet.
 */
public final class MultiClassSql {

    private MultiClassSql() {}

    public static void insert(KilnStore store, int rows) throws SQLException {
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE obs (id BIGINT, t TIMESTAMP, x DOUBLE, label_code TINYINT)");
                st.execute("CREATE TABLE obs_label (id BIGINT, kind VARCHAR)");
                st.execute("INSERT INTO obs SELECT i, TIMESTAMP '2020-01-01' + to_seconds(i * 60), (i % 3) * 10 + (i % 7), "
                        + "CASE WHEN i % 10 = 9 THEN NULL ELSE i % 3 END FROM range(" + rows + ") r(i)");
                st.execute("INSERT INTO obs_label SELECT id, ['fog', 'rain', 'sun'][label_code + 1] FROM obs WHERE label_code IS NOT NULL");
                st.execute("INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, label_column, "
                        + "positive_label, label_coded) VALUES ('sky', 'obs', 'obs_label', 'obs_pred', 'id', 't', 'kind', 'fog', true)");
                st.execute("INSERT INTO dataset_feature (dataset, name, position, unit) VALUES ('sky', 'x', 0, 'mm')");
                st.execute("INSERT INTO dataset_class VALUES ('sky', 0, 'fog'), ('sky', 1, 'rain'), ('sky', 2, 'sun')");
            }
            return null;
        });
    }

    /** Readings of class {@code code} among the first {@code rows}, as {@link #insert} labels them. */
    public static long expected(int rows, int code) {
        long n = 0;
        for (int i = 0; i < rows; i++) {
            n += i % 10 != 9 && i % 3 == code ? 1 : 0;
        }
        return n;
    }
}
