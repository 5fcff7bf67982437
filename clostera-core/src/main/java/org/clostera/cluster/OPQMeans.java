package org.clostera.cluster;

import org.clostera.internal.ParameterChecks;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.ArrayVectorSource;
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
 * OPQMeans km = OPQMeans.builder().k(64).subquantizers(64).codebookSize(64).seed(0).build().fit(source);
 * int[] labels = km.labels();
 * float[][] centers = km.clusterCenters();   // input (unrotated) space
 * }</pre>
 *
 * <p>Without a configured encoder, the first {@link #fit(VectorSource)} trains an {@link OPQEncoder}
 * (this builder's subquantizers, codebookSize, encoderIterations, opqIterations, trainRows, seed, threads)
 * and later fits reuse it. A configured encoder must be rotated ({@link Encoder#rotated()}); a plain PQ
 * encoder is rejected, use {@link PQKMeans} for it. Same data and seed give the same result for any
 * thread count. Accessors throw {@link IllegalStateException} before {@code fit}.
 */
public final class OPQMeans {
    private final ClusteringSettings settings;
    private final int opqIterations;
    private volatile Encoder encoder;
    private volatile PQKMeans fitted;

    private OPQMeans(ClusteringSettings settings, int opqIterations) {
        this.settings = settings;
        this.opqIterations = opqIterations;
        this.encoder = settings.encoder();
    }

    /** A builder with the defaults (k required, 20 iterations, tolerance 1e-4, 3 OPQ iterations, seed 0). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clusters existing codes, made by the configured OPQ encoder (required here).
     *
     * @return this
     */
    public OPQMeans fit(CodeStore codes) {
        if (encoder == null) {
            throw new InvalidParameterException("fit(CodeStore) needs the OPQ encoder that made the codes: "
                    + "set OPQMeans.builder().encoder(...)");
        }
        PQKMeans km = codeSpaceClusterer(encoder);
        km.fit(codes);
        fitted = km;
        return this;
    }

    /**
     * Encodes every row of {@code source} with the OPQ encoder (training one on a sample of the source on
     * the first fit when none is configured), then clusters the codes.
     *
     * @return this
     */
    public OPQMeans fit(VectorSource source) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        if (source.rows() < 1) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        Encoder enc = encoder;
        if (enc == null) {
            enc = settings.opqEncoder(opqIterations).fit(source);
            encoder = enc;
        }
        PQKMeans km = codeSpaceClusterer(enc);
        km.fit(source);
        fitted = km;
        return this;
    }

    /** {@link #fit(VectorSource)} on in-memory rows (every row the same length; not copied). */
    public OPQMeans fit(float[][] vectors) {
        return fit(ArrayVectorSource.of(vectors));
    }

    private PQKMeans codeSpaceClusterer(Encoder enc) {
        return new PQKMeans(settings.withEncoder(enc));
    }

    private PQKMeans fitted() {
        PQKMeans f = fitted;
        if (f == null) {
            throw new IllegalStateException("OPQMeans is not fitted yet: call fit(...) first");
        }
        return f;
    }

    /** The fitted code-space clusterer (a {@link PQKMeans} over the OPQ codes). */
    public PQKMeans clusterer() {
        return fitted();
    }

    /** The OPQ encoder (configured, or trained by the first {@link #fit(VectorSource)}). */
    public Encoder encoder() {
        return fitted().encoder();
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
        PQKMeans f = fitted;
        return "OPQMeans[" + (f == null ? "k=" + settings.k() + ", not fitted" : f.toString()) + "]";
    }

    /** Settings for an {@link OPQMeans}; every value is checked when set. */
    public static final class Builder {
        private final ClusteringSettings settings = new ClusteringSettings();
        private int opqIterations = OPQEncoder.DEFAULT_OPQ_ITERATIONS;

        private Builder() {
        }

        /** How K is chosen when {@link #k(Integer)} is null (method, candidates, sample size). */
        public Builder autoK(AutoKOptions options) {
            if (options == null) {
                throw new InvalidParameterException("autoK options are null");
            }
            settings.autoK(options);
            return this;
        }

        /** Number of clusters, >= 1 and at most the row count; null = choose automatically (auto-K). */
        public Builder k(Integer k) {
            settings.k(k);
            return this;
        }

        /**
         * A trained rotated encoder (an {@link OPQEncoder}); null = train one on the first fit. An encoder
         * without rotation is rejected.
         */
        public Builder encoder(Encoder encoder) {
            if (encoder != null && !encoder.rotated()) {
                throw new InvalidParameterException("OPQMeans needs an encoder trained with a rotation (OPQEncoder), but "
                        + encoder + " has none; use PQKMeans for plain PQ codes, or leave the encoder unset to train OPQ");
            }
            settings.encoder(encoder);
            return this;
        }

        /** Maximum center updates (default 20). */
        public Builder iterations(int iterations) {
            settings.iterations(iterations);
            return this;
        }

        /** Stop when the relative inertia improvement of an iteration is below this (default 1e-4). */
        public Builder tolerance(double tolerance) {
            settings.tolerance(tolerance);
            return this;
        }

        /** Seed of every sample (seeding, and encoder training when fit trains one); default 0. */
        public Builder seed(long seed) {
            settings.seed(seed);
            return this;
        }

        /** Worker threads; 0 (default) = all cores. Results do not depend on it. */
        public Builder threads(int threads) {
            settings.threads(threads);
            return this;
        }

        /** Budget of one distance-table tile in bytes; only changes speed. */
        public Builder lookupTableBytes(long bytes) {
            settings.lookupTableBytes(bytes);
            return this;
        }

        /** Rows sampled for farthest-first seeding. */
        public Builder seedingSampleRows(int rows) {
            settings.seedingSampleRows(rows);
            return this;
        }

        /**
         * Whether the split/merge local search refines Lloyd's result (default true): moves that split one
         * cluster and merge two others, kept only when they lower the objective. False gives plain seeding
         * + Lloyd.
         */
        public Builder refinement(boolean refinement) {
            settings.refinement(refinement);
            return this;
        }

        /** Receives progress (OPQ training, encoding, clustering). */
        public Builder progressListener(ProgressListener listener) {
            settings.progressListener(listener);
            return this;
        }

        /** M of the OPQ encoder trained when none is set; 0 = default from D. */
        public Builder subquantizers(int m) {
            settings.subquantizers(m);
            return this;
        }

        /** Ks of the OPQ encoder trained when none is set (2..256, default 256). */
        public Builder codebookSize(int ks) {
            settings.codebookSize(ks);
            return this;
        }

        /** Lloyd iterations per subspace of the OPQ encoder trained when none is set (default 25). */
        public Builder encoderIterations(int iterations) {
            settings.encoderIterations(iterations);
            return this;
        }

        /** OPQ rounds of the encoder trained when none is set (default 3). */
        public Builder opqIterations(int opqIterations) {
            this.opqIterations = ParameterChecks.atLeast("opqIterations", opqIterations, 0);
            return this;
        }

        /** Training sample of the encoder trained when none is set (default 32768). */
        public Builder trainRows(int rows) {
            settings.trainRows(rows);
            return this;
        }

        /** Builds the estimator. */
        public OPQMeans build() {
            return new OPQMeans(settings.copy(), opqIterations);
        }
    }
}
