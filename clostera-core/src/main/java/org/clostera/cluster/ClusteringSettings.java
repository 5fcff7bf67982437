package org.clostera.cluster;

import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.internal.ParameterChecks;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;

/**
 * The settings {@link PQKMeans.Builder} and {@link OPQMeans.Builder} share: K (or auto-K), the encoder,
 * the code-space k-means options, and the encoder training used when {@code fit(VectorSource)} has no
 * encoder. Each value is checked when set; the builders' public setters delegate here, and what they build
 * keeps its own {@link #copy()}, so a builder can be changed and reused afterwards.
 */
final class ClusteringSettings {
    private Integer k;
    private AutoKOptions.Builder autoK = AutoKOptions.builder();
    private Encoder encoder;
    private int iterations = CodeSpaceKMeans.Options.DEFAULT_ITERATIONS;
    private double tolerance = CodeSpaceKMeans.Options.DEFAULT_TOLERANCE;
    private long seed;
    private int threads;
    private long lookupTableBytes = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;
    private int seedingSampleRows = CodeSpaceKMeans.Options.DEFAULT_SEEDING_SAMPLE_ROWS;
    private boolean refinement = true;
    private long boundBytes = CodeSpaceKMeans.Options.AUTO_BOUND_BYTES;
    private ProgressListener progressListener = ProgressListener.NONE;
    private int subquantizers;
    private int codebookSize = PQEncoder.DEFAULT_CODEBOOK_SIZE;
    private int encoderIterations = PQEncoder.DEFAULT_ITERATIONS;
    private int trainRows = PQEncoder.DEFAULT_TRAIN_ROWS;

    /** An independent copy (the auto-K builder included). */
    ClusteringSettings copy() {
        ClusteringSettings c = new ClusteringSettings();
        c.k = k;
        c.autoK = autoK.build().toBuilder();
        c.encoder = encoder;
        c.iterations = iterations;
        c.tolerance = tolerance;
        c.seed = seed;
        c.threads = threads;
        c.lookupTableBytes = lookupTableBytes;
        c.seedingSampleRows = seedingSampleRows;
        c.refinement = refinement;
        c.boundBytes = boundBytes;
        c.progressListener = progressListener;
        c.subquantizers = subquantizers;
        c.codebookSize = codebookSize;
        c.encoderIterations = encoderIterations;
        c.trainRows = trainRows;
        return c;
    }

    /** A copy that clusters codes made by {@code encoder}. */
    ClusteringSettings withEncoder(Encoder encoder) {
        ClusteringSettings c = copy();
        c.encoder = encoder;
        return c;
    }

    void k(Integer k) {
        if (k != null && k < 1) {
            throw new InvalidParameterException("k must be >= 1, got " + k);
        }
        this.k = k;
    }

    /** The auto-K settings being built ({@code autoK*} setters write through it). */
    AutoKOptions.Builder autoK() {
        return autoK;
    }

    void autoK(AutoKOptions options) {
        this.autoK = options.toBuilder();
    }

    void encoder(Encoder encoder) {
        this.encoder = encoder;
    }

    void iterations(int iterations) {
        this.iterations = ParameterChecks.atLeast("iterations", iterations, 0);
    }

    void tolerance(double tolerance) {
        this.tolerance = ParameterChecks.tolerance(tolerance);
    }

    void seed(long seed) {
        this.seed = seed;
    }

    void threads(int threads) {
        this.threads = ParameterChecks.threadsOrAll(threads);
    }

    void lookupTableBytes(long bytes) {
        this.lookupTableBytes = ParameterChecks.atLeast("lookupTableBytes", bytes, 1);
    }

    void seedingSampleRows(int rows) {
        this.seedingSampleRows = ParameterChecks.atLeast("seedingSampleRows", rows, 1);
    }

    void refinement(boolean refinement) {
        this.refinement = refinement;
    }

    void boundBytes(long bytes) {
        // Checked by the k-means options.
        kmeansOptionsWith(bytes);
        this.boundBytes = bytes;
    }

    void progressListener(ProgressListener listener) {
        this.progressListener = listener == null ? ProgressListener.NONE : listener;
    }

    void subquantizers(int m) {
        this.subquantizers = ParameterChecks.subquantizersOrDefault(m);
    }

    void codebookSize(int ks) {
        this.codebookSize = ParameterChecks.codebookSize(ks);
    }

    void encoderIterations(int iterations) {
        this.encoderIterations = ParameterChecks.atLeast("encoderIterations", iterations, 0);
    }

    void trainRows(int rows) {
        this.trainRows = ParameterChecks.atLeast("trainRows", rows, 1);
    }

    /** K, or null for auto-K. */
    Integer k() {
        return k;
    }

    /** The configured encoder, or null. */
    Encoder encoder() {
        return encoder;
    }

    /** The auto-K settings; rejects inconsistent ones (e.g. autoKMin > autoKMax). */
    AutoKOptions autoKOptions() {
        return autoK.build();
    }

    /** The code-space k-means options. */
    CodeSpaceKMeans.Options kmeansOptions() {
        return kmeansOptionsWith(boundBytes);
    }

    private CodeSpaceKMeans.Options kmeansOptionsWith(long bounds) {
        return new CodeSpaceKMeans.Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes,
                progressListener).withRefinement(refinement).withBoundBytes(bounds);
    }

    /** Worker threads, 0 resolved to all cores. */
    int resolvedThreads() {
        return threads == 0 ? WorkerPool.defaultThreads() : threads;
    }

    /** A PQ encoder builder with the encoder-training settings (M, Ks, Lloyd iterations, sample, seed, threads). */
    PQEncoder.Builder pqEncoder() {
        return PQEncoder.builder().subquantizers(subquantizers).codebookSize(codebookSize)
                .iterations(encoderIterations).trainRows(trainRows).seed(seed).threads(threads)
                .progressListener(progressListener);
    }

    /** {@link #pqEncoder()}'s settings for an OPQ encoder with {@code opqIterations} rounds. */
    OPQEncoder.Builder opqEncoder(int opqIterations) {
        return OPQEncoder.builder().subquantizers(subquantizers).codebookSize(codebookSize)
                .iterations(encoderIterations).opqIterations(opqIterations).trainRows(trainRows).seed(seed)
                .threads(threads).progressListener(progressListener);
    }
}
