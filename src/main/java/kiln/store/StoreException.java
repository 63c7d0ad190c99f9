package kiln.store;

import kiln.domain.UserFacingException;

/**
 * A problem with the database that the user can act on (file in use, newer schema, not a database).
 * Its message is one plain sentence meant to be shown as it is.
 */
public class StoreException extends UserFacingException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
