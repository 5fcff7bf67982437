package org.clostera.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;

/** Checks on input files named on the command line, so a missing file is one clear message (exit 3). */
final class InputFiles {
    private InputFiles() {
    }

    /** Throws {@link InvalidDataException} naming {@code file} unless it is a readable regular file. */
    static Path requireReadable(Path file, String what) {
        if (!Files.exists(file)) {
            throw new InvalidDataException(what + " not found", file.toString(), -1, null, null);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidDataException(what + " is not a regular file", file.toString(), -1, null, null);
        }
        if (!Files.isReadable(file)) {
            throw new InvalidDataException(what + " is not readable (permission denied)", file.toString(), -1,
                    null, null);
        }
        return file;
    }

    /**
     * Like {@link #requireReadable} but also accepts a readable directory (a folder of parquet part files).
     */
    static Path requireReadableFileOrDirectory(Path path, String what) {
        if (Files.isDirectory(path)) {
            if (!Files.isReadable(path)) {
                throw new InvalidDataException(what + " is not readable (permission denied)", path.toString(), -1,
                        null, null);
            }
            return path;
        }
        return requireReadable(path, what);
    }
}
