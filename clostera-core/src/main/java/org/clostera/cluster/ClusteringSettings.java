package org.clostera.cluster;

import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.internal.ParameterChecks;
import org.clostera.quantize.Encoder;

/**
 * What {@link PQKMeans.Builder} and {@link OPQMeans.Builder} hold: K (or auto-K), the encoder of the codes, the
 * seed and threads, and the {@link KMeansSettings} and {@link RefinementSettings} records their setters write
 * through (so each default and each check lives in one record). Built into an immutable
 * {@link Snapshot}, so a builder can be changed and reused afterwards.
 */
final class ClusteringSettings {
    private Integer k;
    private AutoKOptions.Builder autoK = AutoKOptions.builder();
    private Encoder encoder;
    private long seed;
    private int threads;
    private KMeansSettings kmeans = KMeansSettings.defaults();
    private boolean splitMerge = RefinementSettings.defaults().splitMerge();
    private ProgressListener progressListener = ProgressListener.NONE;

    /** The values a built estimator keeps. */
    record Snapshot(Integer k, AutoKOptions autoK, Encoder encoder, long seed, int threads, KMeansSettings kmeans,
                    boolean splitMerge, ProgressListener progressListener) {
    }

    void k(Integer k) {
        this.k = ParameterChecks.clustersOrAuto(k);
    }

    /** The auto-K settings being built ({@code autoK*} setters write through it). */
    AutoKOptions.Builder autoK() {
        return autoK;
    }

    void autoK(AutoKOptions options) {
        if (options == null) {
            throw new InvalidParameterException("autoK options must not be null");
        }
        this.autoK = options.toBuilder();
    }

    void encoder(Encoder encoder) {
        this.encoder = encoder;
    }

    void seed(long seed) {
        this.seed = seed;
    }

    void threads(int threads) {
        this.threads = ParameterChecks.threadsOrAll(threads);
    }

    KMeansSettings kmeans() {
        return kmeans;
    }

    void kmeans(KMeansSettings settings) {
        if (settings == null) {
            throw new InvalidParameterException("k-means settings are null");
        }
        this.kmeans = settings;
    }

    void splitMerge(boolean splitMerge) {
        this.splitMerge = splitMerge;
    }

    void progressListener(ProgressListener listener) {
        this.progressListener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * The settings to build with; rejects a missing encoder ({@code estimator} names the class,
     * {@code encoderClass} the encoder to train) and inconsistent auto-K settings (e.g. autoKMin > autoKMax).
     */
    Snapshot snapshot(String estimator, String encoderClass) {
        if (encoder == null) {
            throw new InvalidParameterException(estimator + " clusters codes and needs the encoder that made them: "
                    + "set " + estimator + ".builder().encoder(" + encoderClass + ".builder()...fit(vectors)), or use "
                    + "org.clostera.Clusterer, which trains the encoder and clusters in one call");
        }
        return new Snapshot(k, autoK.build(), encoder, seed, threads, kmeans, splitMerge, progressListener);
    }
}
