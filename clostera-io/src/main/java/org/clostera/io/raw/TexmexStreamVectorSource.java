package org.clostera.io.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * A TEXMEX {@code .fvecs} / {@code .bvecs} file read with positional file reads of whole blocks of rows
 * instead of a memory map: the same rows, values and errors as {@link TexmexVectorSource} (every row's
 * header must repeat the dimension; NaN and Inf in {@code .fvecs} are rejected naming the file and row),
 * faster when read front to back (see {@link PositionalFloatSource}) and without mapped pages in the
 * resident set. What fits use ({@code BudgetedSources}). Thread-safe.
 */
public final class TexmexStreamVectorSource implements VectorSource {
    private static final int BUFFER_BYTES = 1 << 20;

    private final String description;
    private final FileChannel channel;
    private final TexmexFormat format;
    private final int dim;
    private final long rows;
    private final int rowBytes;

    private TexmexStreamVectorSource(Path path, FileChannel channel, TexmexFormat format, int dim, long rows) {
        this.description = path.toString();
        this.channel = channel;
        this.format = format;
        this.dim = dim;
        this.rows = rows;
        this.rowBytes = Math.toIntExact(format.rowBytes(dim));
    }

    /** Opens {@code path}, choosing FVECS or BVECS by its extension; validated as {@link TexmexVectorSource#open}. */
    public static TexmexStreamVectorSource open(Path path) {
        int dim;
        long rows;
        TexmexFormat format;
        try (TexmexVectorSource checked = TexmexVectorSource.open(path)) {
            format = checked.format();
            dim = checked.dim();
            rows = checked.rows();
        }
        try {
            return new TexmexStreamVectorSource(path, FileChannel.open(path, StandardOpenOption.READ), format, dim,
                    rows);
        } catch (IOException e) {
            throw new InvalidDataException("cannot open: " + e, path.toString(), -1, null, e);
        }
    }

    /** FVECS or BVECS. */
    public TexmexFormat format() {
        return format;
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

    /** True: {@link #read} rejects NaN and Inf of {@code .fvecs} files ({@code .bvecs} bytes are always finite). */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        ReadBounds.checkDestination(dst, dstOffset, count, dim);
        int rowsPerRead = Math.max(1, BUFFER_BYTES / rowBytes);
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, rowsPerRead) * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int n = Math.min(rowsPerRead, count - done);
            PositionalReads.readFully(channel, buffer, (firstRow + done) * rowBytes, n * rowBytes, description,
                    firstRow + done);
            for (int r = 0; r < n; r++) {
                int at = r * rowBytes;
                int header = buffer.getInt(at);
                long row = firstRow + done + r;
                if (header != dim) {
                    throw TexmexFile.dimensionMismatch(header, dim, description, row);
                }
                int out = dstOffset + (done + r) * dim;
                if (format == TexmexFormat.FVECS) {
                    buffer.slice(at + 4, dim * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, out, dim);
                } else {
                    for (int j = 0; j < dim; j++) {
                        dst[out + j] = buffer.get(at + 4 + j) & 0xFF;
                    }
                }
            }
            done += n;
        }
        if (format == TexmexFormat.FVECS) {
            FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description);
        }
    }

    @Override
    public void close() {
        PositionalReads.close(channel);
    }
}
