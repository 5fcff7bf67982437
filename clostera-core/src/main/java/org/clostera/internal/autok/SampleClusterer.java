package org.clostera.internal.autok;

import org.clostera.data.CodeStore;

/**
 * Clusters the sample codes for one candidate K in code space (the code-space k-means engine, with the
 * caller's encoder and k-means options). Must be deterministic for a given (sample, k, seed).
 */
@FunctionalInterface
public interface SampleClusterer {

    /** Centers ({@code k x D}, row-major, coding space) and the iterations run. */
    record Fit(float[] centers, int iterations) {
    }

    Fit cluster(CodeStore sample, int k, long seed);
}
