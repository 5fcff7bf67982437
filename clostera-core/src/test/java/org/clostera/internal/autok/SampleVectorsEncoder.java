package org.clostera.internal.autok;

import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;

/**
 * A test PQ encoder whose codewords are sub-vectors of evenly spaced training rows (no training):
 * enough to put data into code space for the auto-K tests without depending on the PQ trainer.
 * Encoding and decoding are {@link PQEncoder}'s own, from these codebooks.
 */
final class SampleVectorsEncoder {
    private SampleVectorsEncoder() {
    }

    /** Codeword {@code c} of every subspace is taken from row {@code c * rows / ks} of {@code data}. */
    static PQEncoder of(float[] data, int rows, int dim, int m, int ks) {
        SubspaceLayout layout = SubspaceLayout.of(dim, m);
        float[][] codebooks = new float[m][];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            float[] codebook = new float[ks * width];
            for (int c = 0; c < ks; c++) {
                long row = (long) c * rows / ks;
                System.arraycopy(data, (int) row * dim + layout.offset(s), codebook, c * width, width);
            }
            codebooks[s] = codebook;
        }
        return PQEncoder.fromCodebooks(layout, ks, codebooks, 1);
    }
}
