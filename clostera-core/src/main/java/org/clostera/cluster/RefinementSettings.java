package org.clostera.cluster;

import org.clostera.internal.ParameterChecks;

/**
 * What refines the result of Lloyd's iterations: the split/merge local search in code space, and dense
 * Lloyd iterations on the raw vectors. The one definition of these settings, their defaults and their
 * checks, held by {@code Clusterer.Builder}, {@link PQKMeans.Builder} and {@link OPQMeans.Builder}.
 * Immutable; every value is checked by the canonical constructor.
 *
 * <pre>{@code
 * RefinementSettings plain = RefinementSettings.defaults().withSplitMerge(false).withRawIterations(0);
 * ClusteringModel model = Clusterer.builder().k(16).refinement(plain).fit(vectors);   // seeding + Lloyd only
 * }</pre>
 *
 * @param splitMerge    after Lloyd converges, try moves that split one cluster and merge two others, kept only
 *                      when they lower the objective, first on the seeding sample, then on all codes; auto-K
 *                      candidates are refined the same way (default true; false = plain seeding + Lloyd)
 * @param rawIterations dense Lloyd iterations on the raw vectors after code-space k-means, >= 0 (0 = none),
 *                      or null (default) for automatic: up to 20 when the input is at most 2^28 floats in at
 *                      most 2^24 rows and the passes cost at most twice the encoder's distance work, otherwise
 *                      none (the rule of {@code Clusterer.Builder.rawRefinementIterations}). Each iteration reads the input once more, and the
 *                      labels then come from exact distances to the centers. Only {@code Clusterer} runs them
 *                      (it has the vectors); {@link PQKMeans} and {@link OPQMeans} cluster codes and run them
 *                      on request ({@link PQKMeans#refineOnVectors}), so their builders take only
 *                      {@link #splitMerge()}
 */
public record RefinementSettings(boolean splitMerge, Integer rawIterations) {
    private static final RefinementSettings DEFAULTS = new RefinementSettings(true, null);

    /** Checks {@code rawIterations}; a negative one gives an {@code InvalidParameterException} naming it. */
    public RefinementSettings {
        if (rawIterations != null) {
            ParameterChecks.atLeast("rawRefinementIterations", rawIterations, 0);
        }
    }

    /** Split/merge on, dense iterations automatic. */
    public static RefinementSettings defaults() {
        return DEFAULTS;
    }

    /** These settings with the split/merge search on or off. */
    public RefinementSettings withSplitMerge(boolean value) {
        return new RefinementSettings(value, rawIterations);
    }

    /** These settings with {@code value} dense iterations on the raw vectors (0 = none). */
    public RefinementSettings withRawIterations(int value) {
        return new RefinementSettings(splitMerge, value);
    }

    /** These settings with the dense iterations chosen by the automatic rule. */
    public RefinementSettings withAutomaticRawIterations() {
        return new RefinementSettings(splitMerge, null);
    }
}
