package org.clostera.io.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * A {@link VectorSource} over rows of {@code dim} little-endian float32 values stored back to back from byte
 * {@code dataOffset} of a file, read with positional {@link FileChannel} reads instead of a memory map: the
 * base of the streaming {@code .npy} and raw float32 sources that fits use (subclasses validate the file
 * and supply the layout).
 *
 * <p>Why not a map: on these machines (Linux 6.18) a file written with {@code write()} (numpy.save, cp, a
 * download, clostera's own writers) read through a map at 1.7-1.9 GB/s from the page cache, and 4-6 GB/s
 * with positional reads; only files written through a map themselves read faster mapped (14 GB/s). Mapped
 * pages also count in the process's resident set. {@link #read} is thread-safe (positional reads into a
 * per-call buffer) and rejects NaN and Inf, naming the file and row.
 */
public abstract class PositionalFloatSource implements VectorSource {
    private static final int BUFFER_BYTES = 1 << 20;

    private final String description;
    private final FileChannel channel;
    private final long dataOffset;
    private final long rows;
    private final int dim;

    /**
     * Opens {@code path} for reading {@code rows x dim} floats from {@code dataOffset}; the caller has
     * validated the layout against the file size.
     */
    protected PositionalFloatSource(Path path, long dataOffset, long rows, int dim) {
        this.description = path.toString();
        this.channel = openChannel(path);
        this.dataOffset = dataOffset;
        this.rows = rows;
        this.dim = dim;
    }

    private static FileChannel openChannel(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("file not found", path.toString(), -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot open: " + e, path.toString(), -1, null, e);
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The file's path. */
    @Override
    public String description() {
        return description;
    }

    /** True: {@link #read} rejects NaN and Inf, naming the file and row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    /** Rows {@code [firstRow, firstRow + count)} into {@code dst[dstOffset..]}, checked finite. */
    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows, description);
        long total = ReadBounds.checkDestination(dst, dstOffset, count, dim);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(4, total * 4)))
                .order(ByteOrder.LITTLE_ENDIAN);
        long position = dataOffset + firstRow * dim * 4L;
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(buffer.capacity() / 4, total - done);
            PositionalReads.readFully(channel, buffer, position + done * 4, n * 4, description, firstRow + done / dim);
            buffer.asFloatBuffer().get(dst, (int) (dstOffset + done), n);
            done += n;
        }
        FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description);
    }

    @Override
    public void close() {
        PositionalReads.close(channel);
    }
}
