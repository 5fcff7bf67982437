package org.clostera;

/**
 * Base of every exception clostera throws on purpose. The message names the problem and, where known,
 * the place (file, column, row).
 */
public class ClosteraException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClosteraException(String message) {
        super(message);
    }

    public ClosteraException(String message, Throwable cause) {
        super(message, cause);
    }
}
