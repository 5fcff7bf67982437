package org.clostera.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes outputs under a temporary name next to the target and renames them into place, so a failed
 * run never leaves a half-written file behind.
 */
final class AtomicFiles {
    /** Something that writes the whole content to the given (temporary) path. */
    @FunctionalInterface
    interface Writer {
        void writeTo(Path path) throws IOException;
    }

    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes {@code target} through {@code writer} via a temporary sibling, then renames it. */
    static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // .<name>.<pid>-<n>.tmp like every clostera temp: a later run removes it if this process dies first.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_IDS.incrementAndGet() + ".tmp");
        Files.createFile(temp);
        boolean done = false;
        try {
            writer.writeTo(temp);
            move(temp, absolute);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Renames {@code from} to {@code to}, atomically where the file system can, replacing {@code to}. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
