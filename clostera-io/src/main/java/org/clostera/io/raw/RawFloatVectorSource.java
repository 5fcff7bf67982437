package org.clostera.io.raw;

import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * Vectors from a headerless file of little-endian float32 values, row after row, with a dimension given
 * by the caller ({@code .f32}, {@code .bin}, {@code .raw}). Memory-mapped ({@link MappedFile}): any size,
 * random access, thread-safe. NaN and Inf are rejected when read, naming the file and row.
 */
public final class RawFloatVectorSource implements VectorSource {
    private final MappedFile file;
    private final int dim;
    private final long rows;
    private final long rowBytes;

    private RawFloatVectorSource(MappedFile file, int dim) {
        this.file = file;
        this.dim = dim;
        this.rowBytes = 4L * dim;
        this.rows = file.size() / rowBytes;
    }

    /**
     * Maps {@code path} as rows of {@code dim} float32 values.
     *
     * @throws InvalidParameterException when {@code dim <= 0}
     * @throws InvalidDataException      when the file is unreadable, empty, or its size is not a multiple of
     *                                   {@code 4 * dim} bytes (the message gives the trailing byte count)
     */
    public static RawFloatVectorSource open(Path path, int dim) {
        return open(path, dim, MappedFile.DEFAULT_WINDOW_BYTES);
    }

    static RawFloatVectorSource open(Path path, int dim, long windowBytes) {
        requirePositiveDim(dim);
        MappedFile file = MappedFile.open(path, windowBytes);
        try {
            rowsOf(path.toString(), file.size(), dim);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        return new RawFloatVectorSource(file, dim);
    }

    static void requirePositiveDim(int dim) {
        if (dim <= 0) {
            throw new InvalidParameterException("dim must be > 0 for raw float32 files, got " + dim);
        }
    }

    /** Rows of a raw float32 file of {@code size} bytes; rejects empty files and partial rows. */
    static long rowsOf(String source, long size, int dim) {
        long rowBytes = 4L * dim;
        if (size == 0) {
            throw new InvalidDataException("no rows: the file is empty", source, -1, null, null);
        }
        long trailing = size % rowBytes;
        if (trailing != 0) {
            throw new InvalidDataException("file size " + size + " is not a multiple of " + rowBytes
                    + " bytes (dim " + dim + " x 4-byte float32): " + trailing
                    + " trailing bytes; wrong dim or truncated file?", source, size / rowBytes, null, null);
        }
        return size / rowBytes;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** True: {@link #read} rejects NaN and Inf, naming the file and row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        ReadBounds.checkDestination(dst, dstOffset, count, dim);
        file.readFloats(firstRow * rowBytes, dst, dstOffset, count * dim);
        FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description());
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String description() {
        return file.path().toString();
    }
}
