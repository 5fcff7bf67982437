package org.clostera.io.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;

/**
 * A headerless little-endian float32 file ({@code .f32}, {@code .bin}, {@code .raw}) read with positional
 * file reads ({@link PositionalFloatSource}) instead of a memory map: the same rows, values and errors as
 * {@link RawFloatVectorSource}, faster when read front to back and without mapped pages in the resident
 * set. What fits use ({@code BudgetedSources}). Thread-safe; rejects NaN and Inf naming the file and row.
 */
public final class RawFloatStreamVectorSource extends PositionalFloatSource {
    private RawFloatStreamVectorSource(Path path, long dataOffset, long rows, int dim) {
        super(path, dataOffset, rows, dim);
    }

    /**
     * Opens {@code path} as rows of {@code dim} float32 values.
     *
     * @throws org.clostera.InvalidParameterException when {@code dim <= 0}
     * @throws InvalidDataException when the file is missing, unreadable, empty, or its size is not a multiple
     *                              of {@code 4 * dim} bytes (as {@link RawFloatVectorSource#open})
     */
    public static RawFloatStreamVectorSource open(Path path, int dim) {
        RawFloatVectorSource.requirePositiveDim(dim);
        String source = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new InvalidDataException(Files.exists(path) ? "not a regular file" : "no such file", source, -1,
                    null, null);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read: " + e, source, -1, null, e);
        }
        long rows = RawFloatVectorSource.rowsOf(source, size, dim);
        return new RawFloatStreamVectorSource(path, 0, rows, dim);
    }
}
