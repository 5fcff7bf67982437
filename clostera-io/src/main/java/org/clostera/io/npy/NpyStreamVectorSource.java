package org.clostera.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * A float32 {@code .npy} matrix read with positional {@link FileChannel} reads instead of a memory map.
 * Same rows and values as {@link NpyVectorSource}, but pages read pass through the OS page cache
 * without being mapped into the process: the resident set stays bounded by the read buffers, which is
 * what a RAM budget over a file larger than memory needs (a mapped file that is read end to end counts
 * fully in the process RSS until the OS reclaims it). Float64 and big-endian files: use
 * {@link NpyVectorSource}.
 *
 * <p>{@link #read} is thread-safe (positional reads, a per-call buffer). Every batch is checked for NaN
 * and Inf. The header is validated like {@link NpyVectorSource#open}.
 */
public final class NpyStreamVectorSource implements VectorSource {
    private static final int BUFFER_BYTES = 1 << 20;

    private final String description;
    private final FileChannel channel;
    private final long dataOffset;
    private final long rows;
    private final int dim;

    private NpyStreamVectorSource(String description, FileChannel channel, long dataOffset, long rows, int dim) {
        this.description = description;
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.rows = rows;
        this.dim = dim;
    }

    /** Opens {@code path}: a little-endian float32 {@code (rows, dim)} C-order {@code .npy} file. */
    public static NpyStreamVectorSource open(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new InvalidDataException("is a directory, not an .npy file", source, -1, null, null);
        }
        // Reuse the full validation of the mapped reader, then read the same header for the offset.
        try (NpyVectorSource checked = NpyVectorSource.open(path)) {
            NpyHeader header = checked.header();
            if (header.dtype().itemSize() != 4 || header.dtype().order() != java.nio.ByteOrder.LITTLE_ENDIAN) {
                throw new InvalidDataException("streaming reads need little-endian float32 ('<f4'), got '"
                        + header.descr() + "'", source, -1, null, null);
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new NpyStreamVectorSource(source, channel, header.dataOffset(), checked.rows(), checked.dim());
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read .npy file: " + e, source, -1, null, e);
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

    @Override
    public String description() {
        return description;
    }

    /** True: {@link #read} rejects NaN and Inf, naming the file and row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows, description);
        long total = ReadBounds.checkDestination(dst, dstOffset, count, dim);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(4, total * 4)))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long position = dataOffset + firstRow * dim * 4L;
        long done = 0;
        try {
            while (done < total) {
                int n = (int) Math.min(buffer.capacity() / 4, total - done);
                buffer.clear().limit(n * 4);
                NpyHeader.readFully(channel, buffer, position + done * 4, n * 4L);
                buffer.flip();
                buffer.asFloatBuffer().get(dst, (int) (dstOffset + done), n);
                done += n;
            }
        } catch (IOException e) {
            throw new InvalidDataException("cannot read .npy file: " + e, description, firstRow, null, e);
        }
        FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }
}
