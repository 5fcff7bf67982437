package org.clostera.cluster;

import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.internal.ParameterChecks;
import org.clostera.quantize.Encoder;

/**
 * The settings {@link PQKMeans.Builder} and {@link OPQMeans.Builder} share, written once: K (or auto-K), the
 * encoder of the codes, the seed and threads, and the setters of the {@link KMeansSettings}, {@link AutoKOptions}
 * and {@link RefinementSettings#splitMerge()} records they write through (so each default and each check lives in
 * its record). Every value is checked when set; {@code build()} fixes a copy, so a builder can be changed and
 * reused afterwards.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class KMeansBuilder<B extends KMeansBuilder<B>> {
    private Integer k;
    private AutoKOptions.Builder autoK = AutoKOptions.builder();
    private Encoder encoder;
    private long seed;
    private int threads;
    private KMeansSettings kmeans = KMeansSettings.defaults();
    private boolean splitMerge = RefinementSettings.defaults().splitMerge();
    private ProgressListener progressListener = ProgressListener.NONE;

    /** The values a built estimator keeps. */
    record Settings(Integer k, AutoKOptions autoK, Encoder encoder, long seed, int threads, KMeansSettings kmeans,
                    boolean splitMerge, ProgressListener progressListener) {
    }

    KMeansBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Number of clusters, >= 1 and at most the row count; null = choose automatically (auto-K). */
    public B k(Integer k) {
        this.k = ParameterChecks.clustersOrAuto(k);
        return self();
    }

    /** How auto-K ({@code k(null)}) selects K; default {@link AutoKMethod#CENTROID_SILHOUETTE}. */
    public B autoKMethod(AutoKMethod method) {
        autoK.method(method);
        return self();
    }

    /** Explicit auto-K candidates (at least 2 distinct values >= 2); null = generated candidates. */
    public B autoKCandidates(int... candidates) {
        autoK.candidates(candidates);
        return self();
    }

    /** Smallest generated auto-K candidate (>= 2); null = the template's start. */
    public B autoKMin(Integer min) {
        autoK.min(min);
        return self();
    }

    /** Largest generated auto-K candidate; null = what the sample supports. */
    public B autoKMax(Integer max) {
        autoK.max(max);
        return self();
    }

    /** Step of an arithmetic auto-K candidate range from autoKMin; null = the built-in template. */
    public B autoKStep(Integer step) {
        autoK.step(step);
        return self();
    }

    /** Codes sampled to score the auto-K candidates (default {@value AutoKOptions#DEFAULT_SAMPLE_ROWS}). */
    public B autoKSampleRows(int rows) {
        autoK.sampleRows(rows);
        return self();
    }

    /** All auto-K settings at once (replaces the autoK* values set so far). */
    public B autoK(AutoKOptions options) {
        if (options == null) {
            throw new InvalidParameterException("autoK options must not be null");
        }
        this.autoK = options.toBuilder();
        return self();
    }

    /**
     * The trained encoder that made (or will make) the codes; required. Train one with
     * {@link org.clostera.quantize.PQEncoder#builder()} or {@link org.clostera.quantize.OPQEncoder#builder()}, or
     * let {@link org.clostera.Clusterer} train it and cluster in one call.
     */
    public B encoder(Encoder encoder) {
        this.encoder = encoder;
        return self();
    }

    /** All k-means settings at once (replaces iterations, tolerance, ... set so far). */
    public B kmeans(KMeansSettings kmeans) {
        if (kmeans == null) {
            throw new InvalidParameterException("k-means settings are null");
        }
        this.kmeans = kmeans;
        return self();
    }

    /** Maximum center updates ({@link KMeansSettings#iterations()}; 0 = seeding and one assignment). */
    public B iterations(int iterations) {
        kmeans = kmeans.withIterations(iterations);
        return self();
    }

    /** Stop when an iteration improves the inertia by less than this fraction ({@link KMeansSettings#tolerance()}). */
    public B tolerance(double tolerance) {
        kmeans = kmeans.withTolerance(tolerance);
        return self();
    }

    /** Codes sampled for k-means++ seeding ({@link KMeansSettings#seedingSampleRows()}). */
    public B seedingSampleRows(int rows) {
        kmeans = kmeans.withSeedingSampleRows(rows);
        return self();
    }

    /** Budget of one distance-table tile in bytes ({@link KMeansSettings#lookupTableBytes()}); only changes speed. */
    public B lookupTableBytes(long bytes) {
        kmeans = kmeans.withLookupTableBytes(bytes);
        return self();
    }

    /**
     * Most bytes of per-code bounds that pruned assignment may keep ({@link KMeansSettings#pruningMemory()}; 0 turns
     * pruning off). Only changes speed: labels, centers and inertia are the same with any value.
     */
    public B pruningMemory(long bytes) {
        kmeans = kmeans.withPruningMemory(bytes);
        return self();
    }

    /**
     * Whether the split/merge local search refines Lloyd's result ({@link RefinementSettings#splitMerge()},
     * default true): moves that split one cluster and merge two others, kept only when they lower the
     * objective. False gives plain seeding + Lloyd. Dense iterations on the raw vectors run on request, with
     * {@link PQKMeans#refineOnVectors}.
     */
    public B refinement(boolean refinement) {
        this.splitMerge = refinement;
        return self();
    }

    /** Seed of the seeding sample, the k-means++ draws and the auto-K sample; default 0. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Worker threads; 0 (default) = all cores. Results do not depend on it. */
    public B threads(int threads) {
        this.threads = ParameterChecks.threadsOrAll(threads);
        return self();
    }

    /** Receives progress (encoding, and stage {@code "kmeans"} once per iteration). */
    public B progressListener(ProgressListener listener) {
        this.progressListener = listener == null ? ProgressListener.NONE : listener;
        return self();
    }

    /**
     * The settings to build with; rejects a missing encoder ({@code estimator} names the class,
     * {@code encoderClass} the encoder to train) and inconsistent auto-K settings (e.g. autoKMin > autoKMax).
     */
    Settings settings(String estimator, String encoderClass) {
        if (encoder == null) {
            throw new InvalidParameterException(estimator + " clusters codes and needs the encoder that made them: "
                    + "set " + estimator + ".builder().encoder(" + encoderClass + ".builder()...fit(vectors)), or use "
                    + "org.clostera.Clusterer, which trains the encoder and clusters in one call");
        }
        return new Settings(k, autoK.build(), encoder, seed, threads, kmeans, splitMerge, progressListener);
    }
}
