package org.clostera.io.raw;

import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.data.ReadBounds;

/** A mapped TEXMEX file: the dimension from row 0, size validated, every row's header checked on read. */
final class TexmexFile {
    /** Larger headers are corruption (or another format), not vectors. */
    private static final int MAX_DIM = 1 << 24;

    private final MappedFile file;
    private final TexmexFormat format;
    private final int dim;
    private final long rowBytes;
    private final long rows;

    private TexmexFile(MappedFile file, TexmexFormat format, int dim) {
        this.file = file;
        this.format = format;
        this.dim = dim;
        this.rowBytes = format.rowBytes(dim);
        this.rows = file.size() / rowBytes;
    }

    static TexmexFile open(Path path, TexmexFormat format, long windowBytes) {
        MappedFile file = MappedFile.open(path, windowBytes);
        String source = path.toString();
        if (file.size() == 0) {
            throw new InvalidDataException("no rows: the file is empty", source, -1, null, null);
        }
        if (file.size() < 4) {
            throw new InvalidDataException("file of " + file.size() + " bytes is shorter than one row header",
                    source, 0, null, null);
        }
        int dim = file.readInt(0);
        if (dim <= 0 || dim > MAX_DIM) {
            throw new InvalidDataException("row header gives dimension " + dim + ": not a " + format
                    + " file (expected 1.." + MAX_DIM + ")", source, 0, null, null);
        }
        long rowBytes = format.rowBytes(dim);
        long trailing = file.size() % rowBytes;
        if (trailing != 0) {
            throw new InvalidDataException("file size " + file.size() + " is not a whole number of " + rowBytes
                    + "-byte rows (4-byte header + dimension " + dim + " x " + format.valueBytes() + " bytes): "
                    + trailing + " trailing bytes; truncated file, or rows of different dimensions?",
                    source, file.size() / rowBytes, null, null);
        }
        return new TexmexFile(file, format, dim);
    }

    MappedFile mapped() {
        return file;
    }

    int dim() {
        return dim;
    }

    long rows() {
        return rows;
    }

    TexmexFormat format() {
        return format;
    }

    String description() {
        return file.path().toString();
    }

    void checkRange(long firstRow, int count) {
        ReadBounds.checkRows(firstRow, count, rows);
    }

    /** Byte offset of row {@code row}'s values, after checking its header repeats the dimension. */
    long valuesOffset(long row) {
        long offset = row * rowBytes;
        int header = file.readInt(offset);
        if (header != dim) {
            throw dimensionMismatch(header, dim, description(), row);
        }
        return offset + 4;
    }

    /** The error for row {@code row} whose header differs from row 0's dimension. */
    static InvalidDataException dimensionMismatch(int header, int dim, String source, long row) {
        return new InvalidDataException("row header gives dimension " + header + " but row 0 gives " + dim
                + "; rows of different dimensions are rejected", source, row, null, null);
    }
}
