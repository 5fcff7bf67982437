package org.clostera.io.npy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.io.raw.PositionalFloatSource;

/**
 * A float32 {@code .npy} matrix read with positional file reads ({@link PositionalFloatSource}) instead of a
 * memory map.
 * Same rows and values as {@link NpyVectorSource}, but pages read pass through the OS page cache
 * without being mapped into the process: the resident set stays bounded by the read buffers, which is
 * what a RAM budget over a file larger than memory needs (a mapped file that is read end to end counts
 * fully in the process RSS until the OS reclaims it). Float64 and big-endian files: use
 * {@link NpyVectorSource}.
 *
 * <p>{@link #read} is thread-safe ({@link PositionalFloatSource}). Every batch is checked for NaN and Inf.
 * The header is validated like {@link NpyVectorSource#open}.
 */
public final class NpyStreamVectorSource extends PositionalFloatSource {
    private NpyStreamVectorSource(Path path, long dataOffset, long rows, int dim) {
        super(path, dataOffset, rows, dim);
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
            return new NpyStreamVectorSource(path, header.dataOffset(), checked.rows(), checked.dim());
        }
    }
}
