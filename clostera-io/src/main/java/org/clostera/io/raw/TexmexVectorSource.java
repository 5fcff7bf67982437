package org.clostera.io.raw;

import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * Vectors from a TEXMEX {@code .fvecs} (float32) or {@code .bvecs} (uint8, read as 0..255 floats) file, the
 * format of the SIFT1M / GIST1M / Deep1B benchmarks. Memory-mapped: any size, random access, thread-safe.
 * The dimension comes from the first row's header; every row read must repeat it, else
 * {@link InvalidDataException} naming the row. NaN and Inf in {@code .fvecs} are rejected the same way.
 * For {@code .ivecs} (ground truth, labels) use {@link IvecsFile}.
 */
public final class TexmexVectorSource implements VectorSource {
    private final TexmexFile file;

    private TexmexVectorSource(TexmexFile file) {
        this.file = file;
    }

    /** Opens {@code path}, choosing FVECS or BVECS by its extension. */
    public static TexmexVectorSource open(Path path) {
        TexmexFormat format = TexmexFormat.ofFileName(path);
        if (format == null) {
            throw new InvalidParameterException("not a .fvecs or .bvecs file name: " + path);
        }
        return open(path, format);
    }

    /** Opens {@code path} as {@code format} (FVECS or BVECS). */
    public static TexmexVectorSource open(Path path, TexmexFormat format) {
        return open(path, format, MappedFile.DEFAULT_WINDOW_BYTES);
    }

    static TexmexVectorSource open(Path path, TexmexFormat format, long windowBytes) {
        if (format == TexmexFormat.IVECS) {
            throw new InvalidParameterException(".ivecs holds integers (ground truth, labels), not vectors to"
                    + " cluster: read it with IvecsFile");
        }
        return new TexmexVectorSource(TexmexFile.open(path, format, windowBytes));
    }

    /** FVECS or BVECS. */
    public TexmexFormat format() {
        return file.format();
    }

    @Override
    public long rows() {
        return file.rows();
    }

    @Override
    public int dim() {
        return file.dim();
    }

    /** True: {@link #read} rejects NaN and Inf of {@code .fvecs} files, naming the file and row ({@code .bvecs} bytes are always finite). */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        file.checkRange(firstRow, count);
        ReadBounds.checkDestination(dst, dstOffset, count, file.dim());
        int dim = file.dim();
        MappedFile mapped = file.mapped();
        if (file.format() == TexmexFormat.FVECS) {
            for (int i = 0; i < count; i++) {
                mapped.readFloats(file.valuesOffset(firstRow + i), dst, dstOffset + i * dim, dim);
            }
            FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description());
        } else {
            byte[] bytes = new byte[dim];
            for (int i = 0; i < count; i++) {
                mapped.readBytes(file.valuesOffset(firstRow + i), bytes, 0, dim);
                int base = dstOffset + i * dim;
                for (int j = 0; j < dim; j++) {
                    dst[base + j] = bytes[j] & 0xFF;
                }
            }
        }
    }

    @Override
    public void close() {
        file.mapped().close();
    }

    @Override
    public String description() {
        return file.description();
    }
}
