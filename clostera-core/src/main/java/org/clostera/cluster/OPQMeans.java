package org.clostera.cluster;

import org.clostera.InvalidParameterException;
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

    /** Cluster of training row {@code row} (0-based, any row count). */
    public int label(long row) {
        return fitted().label(row);
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
     * Settings for an {@link OPQMeans}; every value is checked when set ({@link KMeansBuilder} has the setters).
     */
    public static final class Builder extends KMeansBuilder<Builder> {
        private Builder() {
        }

        /**
         * The trained rotated encoder (an {@link OPQEncoder}) that made (or will make) the codes; required. An
         * encoder without rotation is rejected.
         */
        @Override
        public Builder encoder(Encoder encoder) {
            if (encoder != null && !encoder.rotated()) {
                throw new InvalidParameterException("OPQMeans needs an encoder trained with a rotation (OPQEncoder), but "
                        + encoder + " has none; use PQKMeans for plain PQ codes");
            }
            return super.encoder(encoder);
        }

        /** Builds the estimator; rejects a missing encoder and inconsistent auto-K settings. */
        public OPQMeans build() {
            return new OPQMeans(new PQKMeans(settings("OPQMeans", "OPQEncoder")));
        }
    }
}
