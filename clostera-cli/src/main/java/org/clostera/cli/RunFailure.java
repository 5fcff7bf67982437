package org.clostera.cli;

/**
 * A failed command whose one-line message is final (temporary names already replaced by the user's paths)
 * and whose exit code is decided; {@link ErrorHandler} prints it as is.
 */
final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    RunFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
