package kiln.domain;

/**
 * An error caused by input or circumstances the user controls (a bad file, a database in use).
 * Its message is complete and plain (file, line, field and reason where they apply) and is shown
 * as it is, without a stack trace.
 */
public class UserFacingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
