package org.clostera.spark;

import org.clostera.Metric;
import org.clostera.cluster.AutoKOptions;
import org.clostera.internal.kmeans.CodeSpaceKMeans;

/**
 * The settings of one distributed fit, resolved from the estimator's params.
 *
 * @param k             clusters, or null to choose K on a sample of the codes
 * @param fastest       plain PQ (true) or OPQ (false)
 * @param subquantizers M, or 0 for the default of the dimension
 * @param codebookSize  Ks
 * @param maxIter       most Lloyd center updates
 * @param tolerance     Lloyd stops when an update improves the inertia by less than this fraction
 * @param seed          seed of every sample and initialisation
 * @param trainRows     rows of the encoder's training sample
 * @param refinement    split/merge refinement on the driver's sample
 * @param metric        L2 or cosine
 * @param autoK         auto-K settings (used when {@code k} is null)
 */
record FitSettings(Integer k, boolean fastest, int subquantizers, int codebookSize, int maxIter, double tolerance,
                   long seed, int trainRows, boolean refinement, Metric metric, AutoKOptions autoK) {

    /** The k-means options a single-machine {@code Clusterer} with these settings uses. */
    CodeSpaceKMeans.Options kmeansOptions() {
        return new CodeSpaceKMeans.Options(maxIter, tolerance, seed, CodeSpaceKMeans.Options.DEFAULT_SEEDING_SAMPLE_ROWS,
                CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, null).withRefinement(refinement);
    }
}
