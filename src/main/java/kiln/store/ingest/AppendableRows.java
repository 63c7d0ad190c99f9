package kiln.store.ingest;

import java.sql.SQLException;

import org.duckdb.DuckDBAppender;

/** A columnar batch the ingestor can append to a table with the same columns. */
interface AppendableRows {

    int size();

    /** The pids, valid up to {@link #size()}. */
    long[] pids();

    void appendTo(DuckDBAppender appender) throws SQLException;
}
