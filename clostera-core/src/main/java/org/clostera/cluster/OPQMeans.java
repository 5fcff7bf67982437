package org.clostera.cluster;

import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.data.VectorSource;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.OPQEncoder;

/**
 * K-means on OPQ codes: {@link PQKMeans} with an {@link OPQEncoder}, the quality path. Plain PQ loses
 * much fidelity on real embeddings, whose dimensions are correlated across subspaces; the learned
 * rotation recovers most of it at the same code size.
 *
 * <pre>{@code
 * OPQEncoder encoder = OPQEncoder.builder().subquantizers(64).codebookSize(64).seed(0).fit(source);
 * OPQMeans km = OPQMeans.builder().k(64).encoder(encoder).seed(0).build().fit(source);
 * int[] labels = km.labels();
 * float[][] centers = km.clusterCenters();   // input (unrotated) space
 * }</pre>
 *
 * <p>The encoder is required and must be rotated ({@link Encoder#rotated()}); a plain PQ encoder is
 * rejected, use {@link PQKMeans} for it. To train the encoder and cluster in one call, use
 * {@link org.clostera.Clusterer}. Same data and seed give the same result for any thread count. Accessors
 * of the fit's results throw {@link IllegalStateException} before {@code fit}.
 */
public final class OPQMeans {
    private final PQKMeans clusterer;
    private volatile boolean fitted;

    private OPQMeans(PQKMeans clusterer) {
        this.clusterer = clusterer;
    }

    /**
     * A builder with the defaults ({@link KMeansSettings#defaults()}, split/merge on, seed 0, all cores); the OPQ
     * encoder is required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clusters existing codes, made by the configured OPQ encoder.
     *
     * @return this
     */
    public OPQMeans fit(CodeStore codes) {
        clusterer.fit(codes);
        fitted = true;
        return this;
    }

    /**
     * Encodes every row of {@code source} with the configured OPQ encoder, then clusters the codes.
     *
     * @return this
     */
    public OPQMeans fit(VectorSource source) {
        clusterer.fit(source);
        fitted = true;
        return this;
    }

    /** {@link #fit(VectorSource)} on in-memory rows (every row the same length; not copied). */
    public OPQMeans fit(float[][] vectors) {
        clusterer.fit(vectors);
        fitted = true;
        return this;
    }

    private PQKMeans fitted() {
        if (!fitted) {
            throw new IllegalStateException("OPQMeans is not fitted yet: call fit(...) first");
        }
        return clusterer;
    }

    /** The fitted code-space clusterer (a {@link PQKMeans} over the OPQ codes). */
    public PQKMeans clusterer() {
        return fitted();
    }

    /** The OPQ encoder the codes are made with. */
    public Encoder encoder() {
        return clusterer.encoder();
    }

    /** Number of clusters K (given, or chosen by auto-K). */
    public int k() {
        return fitted().k();
    }

    /** The K chosen by automatic selection; equals {@link #k()} when K was given. */
    public int selectedK() {
        return fitted().selectedK();
    }

    /** The automatic K selection report, or null when K was given. */
    public KSelection kSelection() {
        return fitted().kSelection();
    }

    /** Cluster of every training row (a copy). */
    public int[] labels() {
        return fitted().labels();
    }

    /** K centers in the input (unrotated) space ({@code [k][D]}). */
    public float[][] clusterCenters() {
        return fitted().clusterCenters();
    }

    /** K centers in the rotated coding space, {@code k x D} row-major (a copy). */
    public float[] codingSpaceCenters() {
        return fitted().codingSpaceCenters();
    }

    /** Inertia after seeding, then after each center update (input units). */
    public double[] inertiaHistory() {
        return fitted().inertiaHistory();
    }

    /** Center updates performed. */
    public int iterationsRun() {
        return fitted().iterationsRun();
    }

    /** Final inertia in input units (the rotation preserves distances; the normalisation is undone). */
    public double inertia() {
        return fitted().inertia();
    }

    /** Training rows per cluster. */
    public long[] clusterSizes() {
        return fitted().clusterSizes();
    }

    /** Nearest cluster of each vector (rotated and encoded with the fitted encoder). */
    public int[] predict(float[][] vectors) {
        return fitted().predict(vectors);
    }

    /** Nearest cluster of each row of {@code source}. */
    public int[] predict(VectorSource source) {
        return fitted().predict(source);
    }

    /** Nearest cluster of each of the first {@code n} OPQ codes. */
    public int[] predictCodes(byte[] codes, int n) {
        return fitted().predictCodes(codes, n);
    }

    /** Nearest cluster of every code in {@code codes}. */
    public int[] predict(CodeStore codes) {
        return fitted().predict(codes);
    }

    @Override
    public String toString() {
        return "OPQMeans[" + clusterer + "]";
    }

    /**
     * Settings for an {@link OPQMeans}; every value is checked when set. The k-means setters write through one
     * {@link KMeansSettings} ({@link #kmeans(KMeansSettings)} sets them all at once), the auto-K ones through
     * {@link AutoKOptions}.
     */
    public static final class Builder {
        private final ClusteringSettings settings = new ClusteringSettings();

        private Builder() {
        }

        /** Number of clusters, >= 1 and at most the row count; null = choose automatically (auto-K). */
        public Builder k(Integer k) {
            settings.k(k);
            return this;
        }

        /** How K is chosen when {@link #k(Integer)} is null (method, candidates, sample size). */
        public Builder autoK(AutoKOptions options) {
            settings.autoK(options);
            return this;
        }

        /**
         * The trained rotated encoder (an {@link OPQEncoder}) that made (or will make) the codes; required. An
         * encoder without rotation is rejected.
         */
        public Builder encoder(Encoder encoder) {
            if (encoder != null && !encoder.rotated()) {
                throw new InvalidParameterException("OPQMeans needs an encoder trained with a rotation (OPQEncoder), but "
                        + encoder + " has none; use PQKMeans for plain PQ codes");
            }
            settings.encoder(encoder);
            return this;
        }

        /** All k-means settings at once (replaces iterations, tolerance, ... set so far). */
        public Builder kmeans(KMeansSettings kmeans) {
            settings.kmeans(kmeans);
            return this;
        }

        /** Maximum center updates ({@link KMeansSettings#iterations()}; default 20). */
        public Builder iterations(int iterations) {
            settings.kmeans(settings.kmeans().withIterations(iterations));
            return this;
        }

        /** Stop when an iteration improves the inertia by less than this fraction (default 1e-4). */
        public Builder tolerance(double tolerance) {
            settings.kmeans(settings.kmeans().withTolerance(tolerance));
            return this;
        }

        /** Seed of the seeding sample, the k-means++ draws and the auto-K sample; default 0. */
        public Builder seed(long seed) {
            settings.seed(seed);
            return this;
        }

        /** Worker threads; 0 (default) = all cores. Results do not depend on it. */
        public Builder threads(int threads) {
            settings.threads(threads);
            return this;
        }

        /** Budget of one distance-table tile in bytes (default 4 MiB); only changes speed. */
        public Builder lookupTableBytes(long bytes) {
            settings.kmeans(settings.kmeans().withLookupTableBytes(bytes));
            return this;
        }

        /** Codes sampled for k-means++ seeding (default 16384; at least 4k are used). */
        public Builder seedingSampleRows(int rows) {
            settings.kmeans(settings.kmeans().withSeedingSampleRows(rows));
            return this;
        }

        /**
         * Whether the split/merge local search refines Lloyd's result ({@link RefinementSettings#splitMerge()},
         * default true). False gives plain seeding + Lloyd.
         */
        public Builder refinement(boolean refinement) {
            settings.splitMerge(refinement);
            return this;
        }

        /** Most bytes of per-code bounds for pruned assignment ({@link KMeansSettings#pruningMemory()}); speed only. */
        public Builder pruningMemory(long bytes) {
            settings.kmeans(settings.kmeans().withPruningMemory(bytes));
            return this;
        }

        /** Receives progress (encoding, clustering). */
        public Builder progressListener(ProgressListener listener) {
            settings.progressListener(listener);
            return this;
        }

        /** Builds the estimator; rejects a missing encoder and inconsistent auto-K settings. */
        public OPQMeans build() {
            return new OPQMeans(new PQKMeans(settings.snapshot("OPQMeans", "OPQEncoder")));
        }
    }
}
