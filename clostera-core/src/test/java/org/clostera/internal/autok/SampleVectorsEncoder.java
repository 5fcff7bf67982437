package org.clostera.internal.autok;

import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.data.VectorSource;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.SubspaceLayout;

/**
 * A test PQ encoder whose codewords are sub-vectors of evenly spaced training rows (no training):
 * enough to put data into code space for the auto-K tests without depending on the PQ trainer.
 */
final class SampleVectorsEncoder implements Encoder {
    private final SubspaceLayout layout;
    private final int ks;
    private final float[][] codebooks;

    SampleVectorsEncoder(float[] data, int rows, int dim, int m, int ks) {
        this.layout = SubspaceLayout.of(dim, m);
        this.ks = ks;
        this.codebooks = new float[m][];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            float[] codebook = new float[ks * width];
            for (int c = 0; c < ks; c++) {
                long row = (long) c * rows / ks;
                System.arraycopy(data, (int) row * dim + layout.offset(s), codebook, c * width, width);
            }
            codebooks[s] = codebook;
        }
    }

    @Override
    public int dim() {
        return layout.dim();
    }

    @Override
    public int subquantizers() {
        return layout.subspaces();
    }

    @Override
    public int codebookSize() {
        return ks;
    }

    @Override
    public SubspaceLayout layout() {
        return layout;
    }

    @Override
    public float[] codebook(int subspace) {
        return codebooks[subspace].clone();
    }

    @Override
    public boolean rotated() {
        return false;
    }

    @Override
    public void toCodingSpace(float[] in, int n, float[] out) {
        System.arraycopy(in, 0, out, 0, n * dim());
    }

    @Override
    public void fromCodingSpace(float[] in, int n, float[] out) {
        System.arraycopy(in, 0, out, 0, n * dim());
    }

    @Override
    public void encode(float[] vectors, int n, byte[] codes) {
        int dim = dim();
        int m = subquantizers();
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < m; s++) {
                int width = layout.width(s);
                int offset = i * dim + layout.offset(s);
                int best = 0;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int c = 0; c < ks; c++) {
                    double d = 0;
                    for (int j = 0; j < width; j++) {
                        double diff = vectors[offset + j] - codebooks[s][c * width + j];
                        d += diff * diff;
                    }
                    if (d < bestDist) {
                        bestDist = d;
                        best = c;
                    }
                }
                codes[i * m + s] = (byte) best;
            }
        }
    }

    @Override
    public void encode(VectorSource source, CodeStore codes, ProgressListener listener) {
        throw new UnsupportedOperationException("not needed by the tests");
    }

    @Override
    public float[] decode(byte[] codes, int n) {
        int dim = dim();
        int m = subquantizers();
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < m; s++) {
                int width = layout.width(s);
                int c = codes[i * m + s] & 0xFF;
                System.arraycopy(codebooks[s], c * width, out, i * dim + layout.offset(s), width);
            }
        }
        return out;
    }
}
