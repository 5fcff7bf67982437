package org.clostera.io.raw;

import java.nio.file.Path;
import org.clostera.InvalidDataException;

/**
 * A TEXMEX {@code .ivecs} file: rows of int32 values, each row prefixed by its length (the benchmarks'
 * ground-truth neighbour lists; also handy for labels). Memory-mapped, random access, thread-safe; every
 * row read must repeat the first row's length, else {@link InvalidDataException} naming the row.
 */
public final class IvecsFile implements AutoCloseable {
    private final TexmexFile file;

    private IvecsFile(TexmexFile file) {
        this.file = file;
    }

    /** Maps {@code path}; throws {@link InvalidDataException} naming it when unreadable, empty or ragged. */
    public static IvecsFile open(Path path) {
        return open(path, MappedFile.DEFAULT_WINDOW_BYTES);
    }

    static IvecsFile open(Path path, long windowBytes) {
        return new IvecsFile(TexmexFile.open(path, TexmexFormat.IVECS, windowBytes));
    }

    public long rows() {
        return file.rows();
    }

    /** Values per row. */
    public int dim() {
        return file.dim();
    }

    /** Reads rows {@code [firstRow, firstRow + count)} into {@code dst} row-major from {@code dst[dstOffset]}. */
    public void read(long firstRow, int count, int[] dst, int dstOffset) {
        file.checkRange(firstRow, count);
        int dim = file.dim();
        for (int i = 0; i < count; i++) {
            file.mapped().readInts(file.valuesOffset(firstRow + i), dst, dstOffset + i * dim, dim);
        }
    }

    /** One row. */
    public int[] row(long row) {
        int[] values = new int[file.dim()];
        read(row, 1, values, 0);
        return values;
    }

    public String description() {
        return file.description();
    }

    /** Drops the mapping; later reads throw {@link IllegalStateException}. */
    @Override
    public void close() {
        file.mapped().close();
    }
}
