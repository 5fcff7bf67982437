package org.clostera.internal.autok;

import org.clostera.internal.kernels.AlignedFloats;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.SubspaceLayout;

/**
 * The encoder's codebooks laid out for the kernels, to measure asymmetric distances from codes to float
 * centers in the coding space: the distance of a code to a center is the squared Euclidean distance of
 * the code's reconstruction to the center, summed from one lookup table per subspace.
 */
final class CodeSpaceGeometry {
    /** Most centers in one multi-center table ({@link #lookupTables}): one cache line of entries per codeword. */
    static final int MAX_BATCH = AlignedFloats.LINE_FLOATS;

    private final Kernels kernels;
    private final SubspaceLayout layout;
    private final int dim;
    private final int m;
    private final int ks;
    private final float[][] codebooks;
    private final float[][] codebooksT;

    CodeSpaceGeometry(Encoder encoder, Kernels kernels) {
        this.kernels = kernels;
        this.layout = encoder.layout();
        this.dim = layout.dim();
        this.m = encoder.subquantizers();
        this.ks = encoder.codebookSize();
        this.codebooks = new float[m][];
        this.codebooksT = new float[m][];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            float[] codebook = encoder.codebook(s);
            float[] transposed = new float[codebook.length];
            for (int c = 0; c < ks; c++) {
                for (int j = 0; j < width; j++) {
                    transposed[j * ks + c] = codebook[c * width + j];
                }
            }
            codebooks[s] = codebook;
            codebooksT[s] = transposed;
        }
    }

    CodeSpaceGeometry(Encoder encoder) {
        this(encoder, KernelsProvider.get());
    }

    Kernels kernels() {
        return kernels;
    }

    /** Coding-space dimension D. */
    int dim() {
        return dim;
    }

    /** Code bytes M. */
    int codeBytes() {
        return m;
    }

    /** Codewords per subspace Ks. */
    int codebookSize() {
        return ks;
    }

    /** The lookup table of one center ({@code lut[s * Ks + code]}, M x Ks floats). */
    float[] lookupTable(float[] centers, int center) {
        float[] lut = new float[m * ks];
        int base = center * dim;
        for (int s = 0; s < m; s++) {
            kernels.subspaceDistanceTable(codebooksT[s], ks, layout.width(s), centers, base + layout.offset(s),
                    dim, 1, lut, s * ks, 1);
        }
        return lut;
    }

    /**
     * The lookup tables of {@code count} consecutive centers {@code centers[offset + t * D..+D)} in one table
     * of rows of {@code stride >= count} floats: {@code table[tableOffset + (s * Ks + code) * stride + t]},
     * the same values as {@link #lookupTable} of each center (the kernel's contract).
     */
    void lookupTables(float[] centers, int offset, int count, float[] table, int tableOffset, int stride) {
        for (int s = 0; s < m; s++) {
            kernels.subspaceDistanceTable(codebooksT[s], ks, layout.width(s), centers, offset + layout.offset(s),
                    dim, count, table, tableOffset + s * ks * stride, stride);
        }
    }

    /**
     * Row width of a table of {@code count <= MAX_BATCH} centers: the next power of two, so rows of an
     * aligned table never straddle a cache line.
     */
    static int tableStride(int count) {
        return Integer.highestOneBit(count) == count ? count : 2 * Integer.highestOneBit(count);
    }

    /** Decodes code {@code row} of {@code codes} into {@code out[offset..+D)}. */
    void decode(byte[] codes, int row, float[] out, int offset) {
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            int c = codes[row * m + s] & 0xFF;
            System.arraycopy(codebooks[s], c * width, out, offset + layout.offset(s), width);
        }
    }

    /** The mean of the reconstructions of {@code n} codes (double sums, fixed order). */
    float[] meanReconstruction(byte[] codes, int n) {
        long[][] counts = new long[m][ks];
        for (int i = 0; i < n; i++) {
            int base = i * m;
            for (int s = 0; s < m; s++) {
                counts[s][codes[base + s] & 0xFF]++;
            }
        }
        float[] mean = new float[dim];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            int offset = layout.offset(s);
            for (int j = 0; j < width; j++) {
                double sum = 0;
                for (int c = 0; c < ks; c++) {
                    sum += counts[s][c] * (double) codebooks[s][c * width + j];
                }
                mean[offset + j] = (float) (sum / n);
            }
        }
        return mean;
    }
}
