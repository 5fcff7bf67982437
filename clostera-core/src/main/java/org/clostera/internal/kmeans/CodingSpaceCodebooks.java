package org.clostera.internal.kmeans;

import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.SubspaceLayout;

/**
 * An encoder's codebooks as code-space k-means needs them: row-major (to decode a code into the coding
 * space) and transposed ({@code codebookT[j * ks + c]}, the layout of the distance-table kernel).
 * Read-only after construction, shared by all workers.
 */
final class CodingSpaceCodebooks {
    final SubspaceLayout layout;
    final int m;
    final int ks;
    final int dim;
    /** {@code [s][c * width + j]}. */
    final float[][] codebooks;
    /** {@code [s][j * ks + c]}. */
    final float[][] codebooksT;

    private CodingSpaceCodebooks(SubspaceLayout layout, int ks, float[][] codebooks) {
        this.layout = layout;
        this.m = layout.subspaces();
        this.ks = ks;
        this.dim = layout.dim();
        this.codebooks = codebooks;
        this.codebooksT = new float[m][];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            float[] t = new float[ks * width];
            float[] cb = codebooks[s];
            for (int c = 0; c < ks; c++) {
                for (int j = 0; j < width; j++) {
                    t[j * ks + c] = cb[c * width + j];
                }
            }
            codebooksT[s] = t;
        }
    }

    static CodingSpaceCodebooks of(Encoder encoder) {
        if (encoder == null) {
            throw new InvalidParameterException("encoder is null");
        }
        SubspaceLayout layout = encoder.layout();
        int ks = encoder.codebookSize();
        if (ks < 2 || ks > 256) {
            throw new InvalidParameterException("encoder codebook size Ks must be in 2..256, got " + ks);
        }
        if (layout.subspaces() != encoder.subquantizers()) {
            throw new InvalidParameterException("encoder layout has " + layout.subspaces()
                    + " subspaces but the encoder reports M = " + encoder.subquantizers());
        }
        float[][] books = new float[layout.subspaces()][];
        for (int s = 0; s < books.length; s++) {
            books[s] = encoder.codebook(s);
            if (books[s] == null || books[s].length != ks * layout.width(s)) {
                throw new InvalidParameterException("encoder codebook " + s + " has "
                        + (books[s] == null ? "no" : String.valueOf(books[s].length)) + " floats, expected Ks x width = "
                        + ks + " x " + layout.width(s));
            }
        }
        return new CodingSpaceCodebooks(layout, ks, books);
    }

    /** Writes the coding-space vector of the code at {@code codes[codeOffset..+m)} to {@code out[outOffset..+dim)}. */
    void decode(byte[] codes, int codeOffset, float[] out, int outOffset) {
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            System.arraycopy(codebooks[s], (codes[codeOffset + s] & 0xFF) * width, out,
                    outOffset + layout.offset(s), width);
        }
    }

    /**
     * Rejects code bytes that are not valid codeword indices ({@code >= Ks}); they would read another
     * subspace's table entries. No-op for Ks = 256.
     */
    void requireValidCodes(byte[] codes, int offset, int n, long firstRow, String source) {
        if (ks == 256) {
            return;
        }
        int end = offset + n * m;
        for (int i = offset; i < end; i++) {
            int code = codes[i] & 0xFF;
            if (code >= ks) {
                int subspace = (i - offset) % m;
                long row = firstRow + (i - offset) / m;
                throw new InvalidDataException("code " + code + " in subspace " + subspace
                        + " is not below the codebook size Ks = " + ks + " (codes do not match the encoder)",
                        source, row, null, null);
            }
        }
    }
}
