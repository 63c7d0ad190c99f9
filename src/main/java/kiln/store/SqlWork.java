package kiln.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work given a connection it must not keep. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
