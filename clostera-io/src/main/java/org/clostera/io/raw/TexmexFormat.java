package org.clostera.io.raw;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The TEXMEX vector formats of the SIFT1M / GIST1M / Deep1B benchmarks: every row is a little-endian
 * int32 dimension followed by that many values.
 */
public enum TexmexFormat {
    /** {@code .fvecs}: float32 values. */
    FVECS(4),
    /** {@code .bvecs}: unsigned 8-bit values. */
    BVECS(1),
    /** {@code .ivecs}: int32 values (ground-truth neighbour ids, labels). */
    IVECS(4);

    private final int valueBytes;

    TexmexFormat(int valueBytes) {
        this.valueBytes = valueBytes;
    }

    /** Bytes per value (4 for fvecs and ivecs, 1 for bvecs). */
    public int valueBytes() {
        return valueBytes;
    }

    /** Bytes per row: the 4-byte header plus {@code dim} values. */
    public long rowBytes(int dim) {
        return 4L + (long) valueBytes * dim;
    }

    /** The format named by the file's extension, or null. */
    public static TexmexFormat ofFileName(Path path) {
        String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
        for (TexmexFormat format : values()) {
            if (name.endsWith("." + format.name().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        return null;
    }
}
