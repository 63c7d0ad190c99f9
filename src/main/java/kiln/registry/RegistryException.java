package kiln.registry;

import kiln.domain.UserFacingException;

/** A registry request that cannot be carried out (unknown version, archived, ambiguous name). */
public class RegistryException extends UserFacingException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
