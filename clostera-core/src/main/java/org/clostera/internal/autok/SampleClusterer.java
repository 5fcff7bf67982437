package org.clostera.internal.autok;

import org.clostera.data.CodeStore;

/**
 * Clusters the sample codes for one candidate K in code space (the code-space k-means engine, with the
 * caller's encoder and k-means options), starting from the given centers. Must be deterministic.
 */
@FunctionalInterface
public interface SampleClusterer {

    /** Centers ({@code k x D}, row-major, coding space) and the iterations run. */
    record Fit(float[] centers, int iterations) {
    }

    /**
     * @param sample         the sampled codes
     * @param k              the candidate K
     * @param initialCenters {@code k x D} coding-space seeds (k-means++ on the sample)
     */
    Fit cluster(CodeStore sample, int k, float[] initialCenters);
}
