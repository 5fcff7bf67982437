package org.clostera.quantize;

import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.data.VectorSource;

/**
 * A trained, immutable vector quantizer: {@link PQEncoder} (plain PQ) or {@code OPQEncoder} (PQ after
 * a learned orthogonal rotation). Codes are M unsigned bytes per vector. The <em>coding space</em> is
 * where the codebooks live: the {@linkplain #normalization() normalised} input space {@code (x - mean) /
 * scale} for PQ, its rotation for OPQ. Code-space k-means works in the coding space and only needs the
 * codebooks, never the raw vectors; squared distances there times {@code normalization().squaredScale()}
 * are squared distances in the input space. {@link #decode} and {@link #fromCodingSpace} return input units.
 */
public interface Encoder {

    /** Input dimension D. */
    int dim();

    /** Number of subquantizers M (= bytes per code). */
    int subquantizers();

    /** Codewords per subquantizer, Ks in 2..256. */
    int codebookSize();

    /** How the coding space is split into subspaces. */
    SubspaceLayout layout();

    /**
     * Codebook of one subspace in the coding space: {@code Ks x width(subspace)} floats, row-major
     * (codeword {@code c} starts at {@code c * width}). A copy.
     */
    float[] codebook(int subspace);

    /**
     * The affine map applied before quantizing ({@code (x - mean) / scale}, learned from the training sample),
     * or {@link AffineNormalization#IDENTITY} for encoders saved before it existed.
     */
    AffineNormalization normalization();

    /** Whether the coding space is a rotation of the (normalised) input space (OPQ). */
    boolean rotated();

    /**
     * Maps {@code n} row-major vectors from the input space into the coding space ({@code out} may not
     * alias {@code in} for rotated encoders; for PQ this is a copy).
     */
    void toCodingSpace(float[] in, int n, float[] out);

    /** Maps {@code n} row-major vectors from the coding space back to the input space. */
    void fromCodingSpace(float[] in, int n, float[] out);

    /** Encodes {@code n} row-major input vectors into {@code codes} ({@code n x M} bytes). */
    void encode(float[] vectors, int n, byte[] codes);

    /**
     * Encodes every row of {@code source} into {@code codes} (which must have the same row count and
     * {@code M} code bytes), in batches, with the encoder's thread count.
     */
    void encode(VectorSource source, CodeStore codes, ProgressListener listener);

    /** Reconstructs {@code n} vectors in the input space from their codes; row-major {@code n x D}. */
    float[] decode(byte[] codes, int n);
}
