package org.clostera.io;

import java.nio.file.Path;
import org.clostera.ClosteraException;

/**
 * An output file (labels, codes, a spill file) could not be written: the message names the user's path and
 * the reason in words ("disk full", "permission denied"), never a temporary name or an exception class.
 */
public class OutputFileException extends ClosteraException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public OutputFileException(Path path, String reason, Throwable cause) {
        super("cannot write " + path + ": " + reason, cause);
        this.path = path;
    }

    /** The file (or folder) that could not be written. */
    public Path path() {
        return path;
    }
}
