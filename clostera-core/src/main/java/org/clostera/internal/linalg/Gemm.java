package org.clostera.internal.linalg;

import org.clostera.internal.parallel.WorkerPool;

/**
 * Single-precision general matrix product on <em>row-major</em> matrices:
 * {@code C = op(A) * op(B) + beta * C}, where {@code op(X)} is {@code X} or its transpose.
 * {@code C} is {@code m x n}, {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}; each matrix
 * starts at its offset and has the given leading dimension (row stride). Results depend only on the
 * shapes and the implementation, never on the thread count.
 */
public interface Gemm {

    /** Short name for logs, e.g. "OpenBLAS (JNI)" or "Java Vector API". */
    String name();

    /**
     * Computes {@code C = op(A) op(B) + beta C}. {@code pool} may be used for parallelism (implementations
     * that thread internally, such as native BLAS, ignore it).
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOffset, int lda,
                  float[] b, int bOffset, int ldb,
                  float beta, float[] c, int cOffset, int ldc, WorkerPool pool);

    /**
     * {@code dst[dstOffset + i] += src[srcOffset + i]} for {@code i < length} (a level-1 helper for sums of
     * rows; C2 does not vectorise this loop itself because it cannot rule out that the arrays alias).
     */
    default void accumulate(float[] dst, int dstOffset, float[] src, int srcOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] += src[srcOffset + i];
        }
    }

    /** Convenience: dense row-major {@code C = op(A) op(B)} with tight leading dimensions. */
    default void multiply(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, float[] b, float[] c, WorkerPool pool) {
        multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n, pool);
    }
}
