package org.clostera.internal.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;

/**
 * Writes a whole file under a temporary sibling ({@code .<name>.<pid>-<n>.tmp}, the name every clostera temp
 * has, so a later run removes it when this process dies first), forces it to disk and renames it onto the
 * target: the target is complete or untouched.
 */
public final class AtomicWrite {
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private AtomicWrite() {
    }

    /**
     * Writes the remaining bytes of {@code content} to {@code target}; {@code what} names the file in the
     * message of the {@link ClosteraException} thrown (with the {@link IOException} as cause) when it fails.
     */
    public static void write(Path target, ByteBuffer content, String what) {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_IDS.incrementAndGet() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(false);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write failure is what gets reported.
            }
            throw new ClosteraException("cannot write " + what + " " + target + ": " + e, e);
        }
    }
}
