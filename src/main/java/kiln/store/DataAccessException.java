package kiln.store;

import java.sql.SQLException;

/** An unexpected database failure, unchecked so that callers above the store never see java.sql. */
public class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataAccessException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
