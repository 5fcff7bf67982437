package org.clostera.io.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.clostera.InvalidDataException;

/** The positional reads of the streaming sources: fill a buffer from a file position, or fail naming the row. */
final class PositionalReads {
    private PositionalReads() {
    }

    /**
     * Reads {@code length} bytes at {@code position} into {@code buffer} (cleared first) and flips it.
     *
     * @throws InvalidDataException naming {@code source} and {@code row} on an I/O error or an early end of file
     */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position, int length, String source,
                          long row) {
        buffer.clear().limit(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new InvalidDataException("unexpected end of file at byte " + (position + buffer.position()),
                            source, row, null, null);
                }
            }
        } catch (IOException e) {
            throw new InvalidDataException("cannot read: " + e, source, row, null, e);
        }
        buffer.flip();
    }

    /** Closes a read-only channel, ignoring errors (nothing can be lost). */
    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }
}
