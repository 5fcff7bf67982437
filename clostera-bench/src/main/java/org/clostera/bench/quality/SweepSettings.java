package org.clostera.bench.quality;

import org.clostera.Clusterer;

/**
 * How the sweep configures clostera: the one place that builds a {@link Clusterer}, so an option of the
 * library (e.g. a refinement switch) becomes a sweep option by adding a field here and one line in
 * {@link #builder}.
 *
 * @param threads worker threads
 * @param seed    clustering seed
 * @param label   names the run in the JSON ("before", "after", ...), so runs of two versions can be compared
 * @param refinement    {@code Clusterer.Builder.refinement} (default on)
 * @param rawIterations {@code Clusterer.Builder.rawRefinementIterations} (null = the library's automatic rule, the default)
 */
record SweepSettings(int threads, long seed, String label, boolean refinement, Integer rawIterations) {

    /** Encoders of the sweep. */
    enum Mode {
        /** Plain PQ ({@code fastest(true)}). */
        PQ,
        /** OPQ, the default encoder. */
        OPQ
    }

    /** A builder with library defaults except the mode, K (null = auto-K), threads and seed. */
    Clusterer.Builder builder(Mode mode, Integer k) {
        Clusterer.Builder builder = Clusterer.builder().k(k).fastest(mode == Mode.PQ).threads(threads).seed(seed)
                .refinement(refinement);
        return rawIterations == null ? builder : builder.rawRefinementIterations(rawIterations);
    }
}
