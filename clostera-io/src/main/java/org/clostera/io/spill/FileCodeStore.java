package org.clostera.io.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;

/**
 * A {@link CodeStore} spilled to a temporary file, for code sets larger than the RAM budget. Rows are
 * addressed by {@code long}; the file is written and read with positional channel I/O, so disjoint row
 * ranges may be read and written from several threads at once, and the operating system's page cache
 * keeps hot codes in memory. Positional I/O rather than a memory mapping: a full disk then surfaces as an
 * exception naming the file, not as a fault inside a mapped write.
 *
 * <p>The file is created new in the given folder and opened delete-on-close: on Unix-like systems the JDK
 * unlinks it right away, so it takes disk space only while open and never outlives the process, even a
 * crashed one; elsewhere it is deleted on {@link #close}. Nothing is left behind.
 */
public final class FileCodeStore implements CodeStore {
    private final Path file;
    private final FileChannel channel;
    private final long rows;
    private final int codeBytes;

    private FileCodeStore(Path file, FileChannel channel, long rows, int codeBytes) {
        this.file = file;
        this.channel = channel;
        this.rows = rows;
        this.codeBytes = codeBytes;
    }

    /**
     * Creates a store of {@code rows} x {@code codeBytes} zero bytes in a new temporary file in
     * {@code directory}.
     *
     * @throws InvalidParameterException when the sizes are invalid, the folder does not exist, or it has less
     *                                   usable space than the store needs
     * @throws ClosteraException         when the file cannot be created
     */
    public static FileCodeStore createTemp(Path directory, long rows, int codeBytes) {
        if (rows < 0 || codeBytes <= 0) {
            throw new InvalidParameterException("code store needs rows >= 0 and codeBytes > 0, got "
                    + rows + " x " + codeBytes);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(rows, (long) codeBytes);
        } catch (ArithmeticException e) {
            throw new InvalidParameterException("code store of " + rows + " x " + codeBytes + " bytes is too large");
        }
        if (!Files.isDirectory(directory)) {
            throw new InvalidParameterException("spill folder does not exist: " + directory);
        }
        try {
            long usable = Files.getFileStore(directory).getUsableSpace();
            if (usable < bytes) {
                throw new InvalidParameterException("spill folder " + directory + " has " + usable
                        + " usable bytes; the codes need " + bytes);
            }
        } catch (IOException e) {
            // Unknown free space: go ahead; a full disk still ends in an exception on write.
        }
        Path file = null;
        try {
            file = Files.createTempFile(directory, "clostera-codes-", ".tmp");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            return new FileCodeStore(file, channel, rows, codeBytes);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // best effort: the creation failure is what the caller needs to see
                }
            }
            throw new ClosteraException("cannot create a spill file in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Where the temporary file was created (on Unix-like systems already unlinked from the folder). */
    public Path file() {
        return file;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int codeBytes() {
        return codeBytes;
    }

    @Override
    public void read(long firstRow, int count, byte[] dst, int dstOffset) {
        int length = checkedLength(firstRow, count, dst.length, dstOffset);
        ByteBuffer buffer = ByteBuffer.wrap(dst, dstOffset, length);
        long position = firstRow * codeBytes;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    // Past the written end: rows never written read as zeros, like a fresh heap store.
                    java.util.Arrays.fill(dst, buffer.position(), dstOffset + length, (byte) 0);
                    return;
                }
                position += n;
            }
        } catch (IOException e) {
            throw new ClosteraException("cannot read codes from the spill file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(long firstRow, int count, byte[] src, int srcOffset) {
        int length = checkedLength(firstRow, count, src.length, srcOffset);
        ByteBuffer buffer = ByteBuffer.wrap(src, srcOffset, length);
        long position = firstRow * codeBytes;
        try {
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            throw new ClosteraException("cannot write codes to the spill file " + file
                    + " (disk full?): " + e.getMessage(), e);
        }
    }

    private int checkedLength(long firstRow, int count, int arrayLength, int offset) {
        if (firstRow < 0 || count < 0 || firstRow > rows - count) {
            throw new IndexOutOfBoundsException("rows [" + firstRow + ", " + (firstRow + count) + ") of " + rows);
        }
        long length = (long) count * codeBytes;
        if (offset < 0 || length > arrayLength - (long) offset) {
            throw new IndexOutOfBoundsException("array of " + arrayLength + " bytes cannot hold " + length
                    + " bytes from offset " + offset);
        }
        if (!channel.isOpen()) {
            throw new IllegalStateException("code store is closed: " + file);
        }
        return (int) length;
    }

    /** Closes and deletes the file. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting below is what matters
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // DELETE_ON_CLOSE already removed it where supported
        }
    }
}
