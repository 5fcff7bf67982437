package org.clostera.internal.kmeans;

import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/** {@link AllCodesLloyd} over a code store in this JVM: {@link CodeSpaceKMeans#lloydFrom}, incremental passes. */
record LocalLloyd(CodeStore codes, CodingSpaceCodebooks books, int k, long lookupTableBytes, Kernels kernels,
                  WorkerPool pool) implements AllCodesLloyd {
    @Override
    public long rows() {
        return codes.rows();
    }

    @Override
    public CodeSpaceKMeans.Result lloydFrom(CodeSpaceKMeans.Result previous, float[] centers, int iterations,
                                            double tolerance) {
        return CodeSpaceKMeans.lloydFrom(previous, codes, books, k, centers, iterations, tolerance, lookupTableBytes,
                ProgressListener.NONE, kernels, pool);
    }
}
