package org.clostera.internal.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.clostera.internal.parallel.WorkerPool;

/**
 * {@link Gemm} through a netlib {@link BLAS} ({@code sgemm}). netlib is column-major: a row-major
 * {@code C = op(A) op(B)} is the column-major {@code C^T = op(B)^T op(A)^T}, so the operands are swapped
 * and the same transpose flags passed.
 */
final class NetlibGemm implements Gemm {
    private final BLAS blas;
    private final String name;

    NetlibGemm(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                         float beta, float[] c, int cOffset, int ldc, WorkerPool pool) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // BLAS rejects a zero leading dimension; C = beta C is all there is to do.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOffset + i * ldc + j;
                    c[at] = beta == 0f ? 0f : c[at] * beta;
                }
            }
            return;
        }
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f,
                b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, ldc);
    }
}
