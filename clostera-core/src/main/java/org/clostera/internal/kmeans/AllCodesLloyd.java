package org.clostera.internal.kmeans;

/**
 * Lloyd iterations over all codes of a fit, wherever the codes are: the objective the split/merge search
 * ({@link SplitMergeSearch}) judges its moves by. In one JVM the codes are a {@code CodeStore}
 * ({@code LocalLloyd}); clostera-spark runs the same passes as Spark jobs over its cached code blocks, so the
 * search over all codes runs unchanged on the driver.
 */
public interface AllCodesLloyd {
    /** Codes in the fit. */
    long rows();

    /**
     * Lloyd from {@code centers} (taken over, not copied): assign, then (update with the empty-cluster
     * re-seeding, assign) up to {@code iterations} times, stopping when no label changed or the relative
     * inertia gain fell below {@code tolerance}, as {@code CodeSpaceKMeans}'s loop does. {@code previous} is a
     * result on the same codes whose labels (when it has them) may start incremental passes. The centers,
     * sizes, inertia history and iteration count must be those of {@code CodeSpaceKMeans.lloydFrom}; the
     * labels may be null (the caller then never reads them).
     */
    CodeSpaceKMeans.Result lloydFrom(CodeSpaceKMeans.Result previous, float[] centers, int iterations,
                                     double tolerance);
}
