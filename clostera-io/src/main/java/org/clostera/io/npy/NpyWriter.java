package org.clostera.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.ReadBounds;

/**
 * Streams an {@code .npy} file of known shape: a float32 matrix {@code (rows, dim)} or an int32 vector
 * {@code (n,)}, little-endian, with the header numpy itself would write.
 *
 * <p>Data goes to a temporary file next to the target ({@code .<name>.<unique>.tmp}); {@link #close}
 * renames it onto the target atomically once every row has been written, and otherwise deletes it and
 * throws. {@link #abort} deletes it. So the target is either the complete new file or untouched.
 *
 * <p>Rows are written either in order with {@code append*}, or at explicit positions with
 * {@code write*}; positional writes may come from several threads at once (each row written exactly
 * once). Row counts and offsets are {@code long}.
 */
public final class NpyWriter implements AutoCloseable {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final boolean floats;
    private final long rows;
    private final int rowElements;
    private final long dataOffset;
    private final AtomicLong rowsWritten = new AtomicLong();
    private long appendRow;
    private volatile boolean finished;

    private NpyWriter(Path target, Path temp, FileChannel channel, boolean floats, long rows, int rowElements,
                      long dataOffset) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.floats = floats;
        this.rows = rows;
        this.rowElements = rowElements;
        this.dataOffset = dataOffset;
    }

    /** Starts a float32 {@code (rows, dim)} file at {@code target}. */
    public static NpyWriter createFloat32(Path target, long rows, int dim) {
        if (rows < 0 || dim <= 0) {
            throw new InvalidParameterException("an .npy matrix needs rows >= 0 and dim > 0, got rows=" + rows
                    + ", dim=" + dim);
        }
        return create(target, NpyDtype.FLOAT32_LE, new long[] {rows, dim}, true, rows, dim);
    }

    /** Starts an int32 {@code (n,)} file at {@code target}. */
    public static NpyWriter createInt32(Path target, long n) {
        if (n < 0) {
            throw new InvalidParameterException("an .npy vector needs n >= 0, got " + n);
        }
        return create(target, NpyDtype.INT32_LE, new long[] {n}, false, n, 1);
    }

    private static NpyWriter create(Path target, NpyDtype dtype, long[] shape, boolean floats, long rows,
                                    int rowElements) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_IDS.incrementAndGet() + ".tmp");
        byte[] header = NpyHeader.encode(dtype, shape);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(channel, ByteBuffer.wrap(header), 0);
            return new NpyWriter(target, temp, channel, floats, rows, rowElements, header.length);
        } catch (IOException e) {
            closeQuietly(channel);
            deleteQuietly(temp);
            throw new ClosteraException("cannot create " + target + ": " + e, e);
        }
    }

    /** The file this writer produces on {@link #close}. */
    public Path target() {
        return target;
    }

    /** Writes {@code rowCount} rows of floats from {@code src[srcOffset..]} at row {@code firstRow}. */
    public void writeFloats(long firstRow, float[] src, int srcOffset, int rowCount) {
        requireKind(true);
        checkRange(firstRow, rowCount, src.length, srcOffset);
        int elements = rowCount * rowElements;
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, elements * 4)).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataOffset + firstRow * rowElements * 4L;
        for (int done = 0; done < elements; ) {
            int n = Math.min(buffer.capacity() / 4, elements - done);
            buffer.clear();
            buffer.asFloatBuffer().put(src, srcOffset + done, n);
            buffer.limit(n * 4);
            write(buffer, position + done * 4L);
            done += n;
        }
        rowsWritten.addAndGet(rowCount);
    }

    /** Writes {@code count} ints from {@code src[srcOffset..]} at element {@code first}. */
    public void writeInts(long first, int[] src, int srcOffset, int count) {
        requireKind(false);
        checkRange(first, count, src.length, srcOffset);
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataOffset + first * 4L;
        for (int done = 0; done < count; ) {
            int n = Math.min(buffer.capacity() / 4, count - done);
            buffer.clear();
            buffer.asIntBuffer().put(src, srcOffset + done, n);
            buffer.limit(n * 4);
            write(buffer, position + done * 4L);
            done += n;
        }
        rowsWritten.addAndGet(count);
    }

    /** Appends {@code rowCount} rows of floats after the previously appended ones. */
    public synchronized void appendFloats(float[] src, int srcOffset, int rowCount) {
        writeFloats(appendRow, src, srcOffset, rowCount);
        appendRow += rowCount;
    }

    /** Appends {@code count} ints after the previously appended ones. */
    public synchronized void appendInts(int[] src, int srcOffset, int count) {
        writeInts(appendRow, src, srcOffset, count);
        appendRow += count;
    }

    /** Deletes the temporary file; the target is left untouched. Safe to call more than once. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        closeQuietly(channel);
        deleteQuietly(temp);
    }

    /**
     * Completes the file: when every row was written, flushes it and renames it onto the target
     * (replacing an existing file); otherwise deletes it and throws. Does nothing after {@link #abort}.
     */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        long written = rowsWritten.get();
        if (written != rows) {
            abort();
            throw new ClosteraException("incomplete .npy file " + target + ": " + written + " of " + rows
                    + " rows written; nothing was saved");
        }
        finished = true;
        try {
            channel.force(false);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            deleteQuietly(temp);
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
    }

    private void requireKind(boolean wantFloats) {
        if (floats != wantFloats) {
            throw new IllegalStateException("this writer holds " + (floats ? "float32 rows" : "int32 values"));
        }
    }

    private void checkRange(long first, int count, int srcLength, int srcOffset) {
        if (finished) {
            throw new IllegalStateException("writer already closed: " + target);
        }
        ReadBounds.checkRows(first, count, rows, target.toString());
        if (srcOffset < 0 || (long) count * rowElements > srcLength - srcOffset) {
            throw new IndexOutOfBoundsException("source holds fewer than " + count + " rows at offset " + srcOffset);
        }
    }

    private void write(ByteBuffer buffer, long position) {
        try {
            writeFully(channel, buffer, position);
        } catch (IOException e) {
            abort();
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            p += channel.write(buffer, p);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing or aborting; the original problem is what gets reported.
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .tmp file is harmless and named after the target.
        }
    }
}
