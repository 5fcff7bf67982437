package org.clostera.internal.autok;

import org.clostera.data.CodeStore;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;

/**
 * Clusters the sample codes for one candidate K in code space (the code-space k-means engine, with the
 * caller's encoder and k-means options), starting from the given centers. Must be deterministic.
 *
 * <p>Two steps, so that the analysis can spend the expensive one only where it matters: {@link #cluster}
 * runs Lloyd to convergence (cheap), {@link #refine} runs the engine's split/merge search from a converged
 * clustering (most of the cost; {@link AutoKAnalysis} calls it only for the candidates near the pick).
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

    /**
     * The refinement of {@code converged} (a {@link #cluster} result for {@code k}): moves that lower its
     * inertia on the sample. Returns {@code converged} itself when there is nothing to refine, as this default
     * does (a clusterer whose {@link #cluster} already refines, or one without a refinement).
     */
    default Fit refine(CodeStore sample, int k, Fit converged) {
        return converged;
    }

    /**
     * The code-space k-means engine with {@code options} ({@link AutoKAnalysis#sampleOptions}): {@link #cluster}
     * is Lloyd only, {@link #refine} the engine's split/merge search when {@code options.refinement()} is on.
     */
    static SampleClusterer codeSpace(Encoder encoder, CodeSpaceKMeans.Options options, WorkerPool pool) {
        CodeSpaceKMeans.Options lloyd = options.withRefinement(false);
        boolean refinement = options.refinement();
        return new SampleClusterer() {
            @Override
            public Fit cluster(CodeStore sample, int k, float[] initialCenters) {
                CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(sample, encoder, k, initialCenters, lloyd, pool);
                return new Fit(r.centers(), r.iterationsRun());
            }

            @Override
            public Fit refine(CodeStore sample, int k, Fit converged) {
                if (!refinement) {
                    return converged;
                }
                // From converged centers the engine's Lloyd confirms in one pass, then searches.
                CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(sample, encoder, k, converged.centers(), options, pool);
                return new Fit(r.centers(), converged.iterations() + r.iterationsRun());
            }
        };
    }
}
