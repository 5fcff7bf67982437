package org.clostera.internal.linalg;

import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.SubspaceLayout;
import org.netlib.util.intW;

/**
 * The deterministic initial OPQ rotation: PCA with eigenvalue allocation (Ge et al., "Optimized Product
 * Quantization", the parametric solution). The principal directions are dealt to the M subspaces so that
 * the variance per subspace is balanced: in decreasing variance, each direction goes to the non-full
 * subspace with the least variance so far. Much better than identity or a random rotation when dimensions
 * are correlated across subspaces.
 */
public final class PcaRotation {
    /** Rows of the sample used for the covariance (more barely changes the directions). */
    static final int MAX_COVARIANCE_ROWS = 16384;
    private static final int CHUNK_ROWS = 1024;

    private PcaRotation() {
    }

    /**
     * A {@code d x d} row-major orthogonal rotation {@code R} ({@code y = x R}) for the layout, from the
     * covariance of the first {@code min(rows, 16384)} rows of {@code sample} (a random sample already).
     */
    public static float[] compute(float[] sample, int rows, SubspaceLayout layout, LinearAlgebra backend,
                                  WorkerPool pool) {
        int d = layout.dim();
        int n = Math.min(rows, MAX_COVARIANCE_ROWS);
        float[] covariance = covariance(sample, n, d, backend, pool);
        float[] eigenvalues = new float[d];
        // ssyevd on the (symmetric) covariance; eigenvectors overwrite it, one per row-major row, ascending.
        symmetricEigen(covariance, eigenvalues, d, backend);
        normaliseSigns(covariance, d);
        int[] slotOfDirection = allocate(eigenvalues, layout);
        float[] r = new float[d * d];
        for (int e = 0; e < d; e++) {
            int column = slotOfDirection[e];
            for (int i = 0; i < d; i++) {
                r[i * d + column] = covariance[e * d + i];
            }
        }
        return r;
    }

    /** Centered covariance (unnormalised: X_c^T X_c) of the first n rows, in row chunks. */
    static float[] covariance(float[] sample, int n, int d, LinearAlgebra backend, WorkerPool pool) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += sample[base + j];
            }
        }
        float[] meanF = new float[d];
        for (int j = 0; j < d; j++) {
            meanF[j] = (float) (mean[j] / n);
        }
        float[] covariance = new float[d * d];
        float[] chunk = new float[Math.min(n, CHUNK_ROWS) * d];
        for (int first = 0; first < n; first += CHUNK_ROWS) {
            int count = Math.min(CHUNK_ROWS, n - first);
            for (int i = 0; i < count; i++) {
                int src = (first + i) * d;
                int dst = i * d;
                for (int j = 0; j < d; j++) {
                    chunk[dst + j] = sample[src + j] - meanF[j];
                }
            }
            backend.gemm().multiply(true, false, d, d, count, chunk, 0, d, chunk, 0, d,
                    first == 0 ? 0f : 1f, covariance, 0, d, pool);
        }
        return covariance;
    }

    static void symmetricEigen(float[] matrix, float[] eigenvalues, int d, LinearAlgebra backend) {
        String what = "the " + d + " x " + d + " covariance";
        intW info = new intW(0);
        float[] query = new float[1];
        int[] iquery = new int[1];
        backend.lapack().ssyevd("V", "U", d, matrix, d, eigenvalues, query, -1, iquery, -1, info);
        LapackWorkspace.check("ssyevd (workspace query)", info.val, what);
        float[] work = new float[LapackWorkspace.size("ssyevd", d, query[0], LapackWorkspace.symmetricEigenFloats(d))];
        int[] iwork = new int[(int) Math.max(iquery[0], LapackWorkspace.symmetricEigenInts(d))];
        backend.lapack().ssyevd("V", "U", d, matrix, d, eigenvalues, work, work.length, iwork, iwork.length, info);
        LapackWorkspace.check("ssyevd", info.val, what);
    }

    /**
     * Eigenvectors are defined up to sign; fix it (largest-magnitude component positive, first on ties)
     * so both BLAS backends give the same rotation.
     */
    static void normaliseSigns(float[] vectors, int d) {
        for (int e = 0; e < d; e++) {
            int base = e * d;
            int best = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(vectors[base + i]) > Math.abs(vectors[base + best])) {
                    best = i;
                }
            }
            if (vectors[base + best] < 0) {
                for (int i = 0; i < d; i++) {
                    vectors[base + i] = -vectors[base + i];
                }
            }
        }
    }

    /**
     * Eigenvalue allocation: for every eigen-direction (eigenvalues ascending, as LAPACK returns them),
     * the output column (subspace offset + slot) it goes to. Greedy in decreasing variance: each direction
     * goes to the non-full subspace with the least variance so far (lowest index on ties), which balances
     * the variance per subspace (as faiss's balanced PCA does; scale-invariant, unlike raw products).
     */
    static int[] allocate(float[] eigenvaluesAscending, SubspaceLayout layout) {
        int d = layout.dim();
        int m = layout.subspaces();
        double[] variance = new double[m];
        int[] filled = new int[m];
        int[] column = new int[d];
        for (int rank = 0; rank < d; rank++) {
            int e = d - 1 - rank;
            int target = -1;
            for (int s = 0; s < m; s++) {
                if (filled[s] < layout.width(s) && (target < 0 || variance[s] < variance[target])) {
                    target = s;
                }
            }
            column[e] = layout.offset(target) + filled[target];
            filled[target]++;
            variance[target] += Math.max(0f, eigenvaluesAscending[e]);
        }
        return column;
    }
}
