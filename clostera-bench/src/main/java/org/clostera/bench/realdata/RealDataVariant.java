package org.clostera.bench.realdata;

import java.util.Arrays;
import java.util.List;
import org.clostera.Clusterer;

/**
 * One way of running {@link Clusterer} on a real dataset. {@link #configure} is the one place where the
 * benchmark and the digits regression test set up the builder: a new builder option goes there (and, when
 * it should be compared, into a new variant).
 *
 * @param name    the variant's name in reports
 * @param fastest {@code Clusterer.Builder.fastest}: plain PQ instead of OPQ
 * @param autoK   K chosen automatically instead of the number of true classes
 * @param refinement {@code Clusterer.Builder.refinement}: the split/merge search (on by default)
 * @param rawIterations {@code Clusterer.Builder.rawRefinementIterations}: dense passes on the raw rows at the end
 *                      (null = the library's automatic rule)
 */
public record RealDataVariant(String name, boolean fastest, boolean autoK, boolean refinement, Integer rawIterations) {
    RealDataVariant(String name, boolean fastest, boolean autoK) {
        this(name, fastest, autoK, true, null);
    }

    /** The library's defaults with K = the number of true classes: the figure compared with scikit-learn. */
    public static final RealDataVariant DEFAULT = new RealDataVariant("default", false, false);
    public static final RealDataVariant FASTEST = new RealDataVariant("fastest", true, false);
    public static final RealDataVariant DEFAULT_AUTO_K = new RealDataVariant("default-autok", false, true);
    public static final RealDataVariant FASTEST_AUTO_K = new RealDataVariant("fastest-autok", true, true);
    /** The defaults without the split/merge refinement: plain seeding + Lloyd, as before the refinement. */
    public static final RealDataVariant NO_REFINEMENT = new RealDataVariant("no-refinement", false, false, false, 0);
    /** The defaults without dense iterations on the raw rows: k-means on the codes only (the default before 0.3). */
    public static final RealDataVariant CODES_ONLY = new RealDataVariant("codes-only", false, false, true, 0);
    /** The defaults plus up to 20 dense Lloyd iterations on the raw rows. */
    public static final RealDataVariant REFINE_RAW = new RealDataVariant("refine-raw", false, false, true, 20);
    public static final List<RealDataVariant> ALL = List.of(DEFAULT, FASTEST, DEFAULT_AUTO_K, FASTEST_AUTO_K,
            NO_REFINEMENT, CODES_ONLY, REFINE_RAW);

    /** The builder for this variant: defaults except K, {@code fastest}, the seed and the thread count. */
    public Clusterer.Builder configure(int trueK, long seed, int threads) {
        Clusterer.Builder builder = Clusterer.builder().k(autoK ? null : trueK).fastest(fastest).seed(seed).threads(threads)
                .refinement(refinement);
        return rawIterations == null ? builder : builder.rawRefinementIterations(rawIterations);
    }

    /** The variant called {@code name}. */
    public static RealDataVariant named(String name) {
        return ALL.stream().filter(v -> v.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown variant '" + name + "'; known: "
                        + Arrays.toString(ALL.stream().map(RealDataVariant::name).toArray())));
    }
}
