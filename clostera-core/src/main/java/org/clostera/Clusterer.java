package org.clostera;

import org.clostera.internal.ParameterChecks;
import java.nio.file.Path;
import java.util.Objects;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KMeansSettings;
import org.clostera.cluster.KSelection;
import org.clostera.cluster.PQKMeans;
import org.clostera.cluster.RefinementSettings;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.CodeStoreFactory;
import org.clostera.data.LabelSink;
import org.clostera.data.RamBudget;
import org.clostera.data.UnitLengthRows;
import org.clostera.data.VectorSource;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.EncoderSettings;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimator: clusters float vectors in one call (trains an encoder on a sample, compresses every vector
 * to an M-byte code, runs k-means in code space) and returns an immutable {@link ClusteringModel}.
 *
 * <pre>{@code
 * ClusteringModel model = Clusterer.builder().k(null).fit(vectors);   // K chosen automatically
 * int[] labels = model.labels();
 * float[][] centers = model.clusterCenters();
 * int[] predicted = model.predict(moreVectors);
 * model.save(Path.of("clusters.model"));
 * }</pre>
 *
 * <p>{@code fastest(true)} uses plain PQ; the default ({@code fastest(false)}) is OPQ (PQ after a
 * learned rotation, more accurate, slower to train).
 * With {@code k(null)} (the default) K is chosen automatically after encoding, on a sample of the codes
 * ({@link ClusteringModel#kSelection()} holds the report; the {@code autoK*} builder settings tune it).
 * Same data and seed give the same labels and centers for any thread count. A {@code Clusterer} keeps no
 * state between fits: one instance may fit several inputs, also concurrently.
 *
 * <p><b>Memory.</b> With {@link Builder#maxRamBytes(long)} the training sample and the encode batches are
 * sized from the budget ({@link RamBudget} documents the shares), and codes that do not fit spill to disk
 * through the {@link Builder#codeStoreFactory code store factory}; {@link #fit(VectorSource, LabelSink)}
 * streams the labels out (the model then does not keep them). Where the codes live and how large the
 * batches are never change the result; only a budget so small that it clamps the training sample does
 * (logged as a warning). K-means keeps one {@code int} label per row while it iterates, so N is limited
 * to about 2^31 rows.
 *
 * <pre>{@code
 * Clusterer c = Clusterer.builder().k(64).maxRamBytes(RamBudget.parseBytes("8g"))
 *         .codeStoreFactory(new MappedFileCodeStoreFactory(spillDir))   // clostera-io
 *         .codesOutputPath(Path.of("codes.bin"))                         // optional: keep the codes
 *         .build();
 * try (VectorSource src = BudgetedSources.open(input, OpenOptions.defaults(), c.config().ramBudget())) {
 *     ClusteringModel model = c.fit(src, LabelSinks.create(Path.of("labels.npy"), src.rows()));
 * }
 * }</pre>
 */
public final class Clusterer {
    private static final Logger LOG = LoggerFactory.getLogger(Clusterer.class);

    private final Config config;
    private final ProgressListener progressListener;
    private final FitStorage storage;

    /**
     * Validated settings of a {@link Clusterer}, fixed by {@link Builder#build()} and logged at fit start. The
     * encoder, k-means, refinement and auto-K settings are the records every builder shares.
     *
     * @param k          clusters, or null to choose automatically (auto-K)
     * @param seed       seed of every sample and initialisation
     * @param threads    worker threads (resolved: >= 1)
     * @param encoder    how the encoder is trained (OPQ or PQ, M, Ks, ...); null = {@link EncoderSettings#defaults()}
     * @param kmeans     how code-space k-means runs; null = {@link KMeansSettings#defaults()}
     * @param refinement split/merge search and dense iterations on the raw vectors; null =
     *                   {@link RefinementSettings#defaults()}
     * @param autoK      how K is chosen when {@code k} is null; null = {@link AutoKOptions#defaults()}
     * @param ramBudget  bound on the fit's data memory ({@link RamBudget#UNLIMITED} by default)
     * @param metric     {@link Metric#L2} (default) or {@link Metric#COSINE}
     */
    public record Config(Integer k, long seed, int threads, EncoderSettings encoder, KMeansSettings kmeans,
                         RefinementSettings refinement, AutoKOptions autoK, RamBudget ramBudget, Metric metric) {
        public Config {
            ParameterChecks.clustersOrAuto(k);
            ParameterChecks.atLeast("threads", threads, 1);
            encoder = encoder == null ? EncoderSettings.defaults() : encoder;
            kmeans = kmeans == null ? KMeansSettings.defaults() : kmeans;
            refinement = refinement == null ? RefinementSettings.defaults() : refinement;
            autoK = autoK == null ? AutoKOptions.defaults() : autoK;
            ramBudget = ramBudget == null ? RamBudget.UNLIMITED : ramBudget;
            metric = metric == null ? Metric.L2 : metric;
        }
    }

    /** An encoder trained by a strategy, with the share of time spent on a rotation. */
    record TrainedEncoder(Encoder encoder, double rotationSeconds) {
    }

    /** How the encoder is trained: OPQ by default, plain PQ with {@code fastest(true)}. */
    interface EncoderStrategy {
        TrainedEncoder train(VectorSource source, Config config, ProgressListener listener);

        static EncoderStrategy forConfig(Config config) {
            return config.encoder().opq() ? EncoderStrategy::trainOPQ : EncoderStrategy::trainPQ;
        }

        private static TrainedEncoder trainOPQ(VectorSource source, Config config, ProgressListener listener) {
            OPQEncoder encoder = OPQEncoder.builder().settings(config.encoder()).ramBudget(config.ramBudget())
                    .seed(config.seed()).threads(config.threads()).progressListener(listener).fit(source);
            return new TrainedEncoder(encoder, encoder.rotationSeconds());
        }

        private static TrainedEncoder trainPQ(VectorSource source, Config config, ProgressListener listener) {
            PQEncoder encoder = PQEncoder.builder().settings(config.encoder()).ramBudget(config.ramBudget())
                    .seed(config.seed()).threads(config.threads()).progressListener(listener).fit(source);
            return new TrainedEncoder(encoder, 0);
        }
    }

    private Clusterer(Config config, ProgressListener progressListener, FitStorage storage) {
        this.config = config;
        this.progressListener = progressListener;
        this.storage = storage;
    }

    /** A builder with the defaults (K chosen automatically, OPQ, seed 0, all cores). */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** Fits on in-memory rows (every row the same length; not copied). */
    public ClusteringModel fit(float[][] vectors) {
        return fit(ArrayVectorSource.of(vectors));
    }

    /** Fits on a row-major array of {@code rowMajor.length / dim} rows (not copied). */
    public ClusteringModel fit(float[] rowMajor, int dim) {
        return fit(ArrayVectorSource.of(rowMajor, dim));
    }

    /** Trains the encoder on a sample of {@code source}, encodes every row, clusters the codes. */
    public ClusteringModel fit(VectorSource source) {
        return fit(source, null);
    }

    /**
     * {@link #fit(VectorSource)}, then writes the label of every row to {@code labels} in row order (and
     * closes it); on failure the sink is aborted, so its destination is complete or untouched. The model
     * does not keep the labels when they went to a sink.
     *
     * @param labels where the labels go, or null (the model keeps them)
     */
    public ClusteringModel fit(VectorSource source, LabelSink labels) {
        ClusteringModel model;
        try {
            model = fitInternal(source, labels);
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        if (labels != null) {
            labels.close();
        }
        return model;
    }

    private ClusteringModel fitInternal(VectorSource input, LabelSink labels) {
        if (input == null) {
            throw new InvalidParameterException("source is null");
        }
        // Cosine: every stage sees the rows at unit length.
        VectorSource source = config.metric() == Metric.COSINE ? UnitLengthRows.of(input) : input;
        long rows = source.rows();
        if (rows < 1) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        if (source.dim() < 1) {
            throw new InvalidDataException("dimension must be > 0, got " + source.dim(), source.description(), -1,
                    null, null);
        }
        if (config.k() == null) {
            AutoKAnalysis.validate(config.autoK(), rows); // fail before training
        } else if (config.k() > rows) {
            throw new InvalidParameterException("k = " + config.k() + " exceeds the number of rows N = " + rows
                    + " of " + source.description() + "; k must be in 1.." + rows);
        }
        requireSinkRows(labels, rows);
        int codeBytes = config.encoder().subquantizers() > 0 ? config.encoder().subquantizers()
                : org.clostera.quantize.SubspaceLayout.defaultSubquantizers(source.dim());
        storage.validate(rows, codeBytes, source.description());
        LOG.info("clostera fit: {} rows x {} dims from {}; {}", rows, source.dim(), source.description(), config);
        long start = System.nanoTime();
        TrainedEncoder trained = EncoderStrategy.forConfig(config).train(source, config, progressListener);
        Encoder encoder = trained.encoder();
        long trainedAt = System.nanoTime();

        PQKMeans clusterer = codeSpaceClusterer(encoder,
                pruningMemory(rows, storage.budget().codesFitInHeap(rows, encoder.subquantizers())
                        ? rows * encoder.subquantizers() : 0));
        long encodedAt;
        try (CodeStore codes = storage.open(rows, encoder.subquantizers())) {
            encoder.encode(source, codes, progressListener);
            encodedAt = System.nanoTime();
            clusterer.fit(codes);
            int rawIterations = rawRefinementIterations(rows, source.dim(), clusterer.k(), encoder.codebookSize());
            if (rawIterations > 0) {
                clusterer.refineOnVectors(source, rawIterations, config.metric() == Metric.COSINE);
            }
            if (labels != null) {
                clusterer.writeLabels(labels);
            }
            storage.complete(codes);
        }
        long end = System.nanoTime();
        ClusteringModel.Timings timings = stageTimings(clusterer, seconds(trainedAt - start), trained.rotationSeconds(),
                seconds(encodedAt - trainedAt), seconds(end - encodedAt), seconds(end - start));
        LOG.info("clostera fit done: k={}, {} iterations, inertia {}, {}", clusterer.k(), clusterer.iterationsRun(),
                clusterer.inertia(), timings);
        return model(clusterer, timings, labels);
    }

    private ClusteringModel model(PQKMeans clusterer, ClusteringModel.Timings timings, LabelSink labels) {
        return ClusteringModel.fromFit(clusterer, timings, labels == null,
                labels == null ? null : labels.description(), config.seed(), config.threads(), config.ramBudget(),
                config.metric());
    }

    private static ClusteringModel.Timings stageTimings(PQKMeans clusterer, double train, double rotation, double encode,
                                                   double cluster, double total) {
        KSelection selection = clusterer.kSelection();
        return new ClusteringModel.Timings(train, rotation, encode, selection == null ? 0 : selection.seconds(),
                clusterer.seedingSeconds(), clusterer.refineSeconds(), clusterer.rawRefineSeconds(), cluster, total);
    }

    /** The dense iterations on the raw vectors this fit runs: the configured number, or the automatic rule's. */
    private int rawRefinementIterations(long rows, int dim, int k, int codebookSize) {
        Integer configured = config.refinement().rawIterations();
        return configured != null ? configured : AutomaticRawRefinement.iterations(rows, dim, k, codebookSize);
    }

    /**
     * Clusters existing codes made by {@code encoder} (e.g. a code file from {@code codesOutputPath} reopened
     * with {@code MappedFileCodeStore.open}, and the encoder saved with
     * {@link org.clostera.quantize.EncoderFiles#save}); no training or
     * encoding. Writes the labels to {@code labels} when not null (closed after, aborted on failure; the
     * model then does not keep them).
     */
    public ClusteringModel fitCodes(Encoder encoder, CodeStore codes, LabelSink labels) {
        ClusteringModel model;
        try {
            if (encoder == null || codes == null) {
                throw new InvalidParameterException("encoder and codes must not be null");
            }
            if (config.k() == null) {
                AutoKAnalysis.validate(config.autoK(), codes.rows());
            }
            requireSinkRows(labels, codes.rows());
            storage.budget().requireLabelsFit(codes.rows());
            long start = System.nanoTime();
            PQKMeans clusterer = codeSpaceClusterer(encoder, pruningMemory(codes.rows(), 0)).fit(codes);
            if (labels != null) {
                clusterer.writeLabels(labels);
            }
            double s = seconds(System.nanoTime() - start);
            model = model(clusterer, stageTimings(clusterer, 0, 0, 0, s, s), labels);
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        if (labels != null) {
            labels.close();
        }
        return model;
    }

    /**
     * Bytes the pruned assignment's per-code bounds may take: the configured amount; when automatic, with a
     * budget what its per-row share leaves after the labels and {@code codeBytes} of codes in heap, without one
     * the k-means rule.
     */
    private long pruningMemory(long rows, long codeBytes) {
        RamBudget budget = storage.budget();
        if (!config.kmeans().automaticPruningMemory() || budget.unlimited()) {
            return config.kmeans().pruningMemory();
        }
        return Math.max(0, budget.rowDataBytes() - 4 * rows - codeBytes);
    }

    /** K-means in the code space of {@code encoder}, with this clusterer's k-means and auto-K settings. */
    private PQKMeans codeSpaceClusterer(Encoder encoder, long pruningMemory) {
        return PQKMeans.builder().k(config.k()).encoder(encoder)
                .kmeans(config.kmeans().withPruningMemory(pruningMemory)).refinement(config.refinement().splitMerge())
                .seed(config.seed()).threads(config.threads()).autoK(config.autoK())
                .progressListener(progressListener).build();
    }

    private static void requireSinkRows(LabelSink labels, long rows) {
        if (labels != null && labels.rows() != rows) {
            throw new InvalidParameterException("the label sink expects " + labels.rows() + " rows but the data has "
                    + rows);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The auto-K settings (used when K is null). */
    public AutoKOptions autoKOptions() {
        return config.autoK();
    }

    @Override
    public String toString() {
        return "Clusterer[" + config + "]";
    }

    /**
     * Settings for a {@link Clusterer}; each value is checked when set, and all together by {@link #build()}. The
     * encoder, k-means, refinement and auto-K setters write through the shared records ({@link EncoderSettings},
     * {@link KMeansSettings}, {@link RefinementSettings}, {@link AutoKOptions}), which can also be set whole.
     */
    public static final class Builder {
        private Integer k;
        private long seed;
        private int threads;
        private EncoderSettings encoder = EncoderSettings.defaults();
        private KMeansSettings kmeans = KMeansSettings.defaults();
        private RefinementSettings refinement = RefinementSettings.defaults();
        private Metric metric = Metric.L2;
        private ProgressListener progressListener = ProgressListener.NONE;
        private AutoKOptions.Builder autoK = AutoKOptions.builder();
        private RamBudget ramBudget = RamBudget.UNLIMITED;
        private CodeStoreFactory codeStoreFactory = CodeStoreFactory.heap();
        private Path codesOutputPath;

        private Builder() {
        }

        /** Number of clusters (>= 1, at most the row count); null = choose automatically. */
        public Builder k(Integer k) {
            this.k = ParameterChecks.clustersOrAuto(k);
            return this;
        }

        /** How auto-K ({@code k(null)}) selects K; default {@link AutoKMethod#CENTROID_SILHOUETTE}. */
        public Builder autoKMethod(AutoKMethod method) {
            autoK.method(method);
            return this;
        }

        /** Explicit auto-K candidates (at least 2 distinct values >= 2); null = generated candidates. */
        public Builder autoKCandidates(int... candidates) {
            autoK.candidates(candidates);
            return this;
        }

        /** Smallest generated auto-K candidate (>= 2); null = the template's start. */
        public Builder autoKMin(Integer min) {
            autoK.min(min);
            return this;
        }

        /** Largest generated auto-K candidate; null = what the sample supports. */
        public Builder autoKMax(Integer max) {
            autoK.max(max);
            return this;
        }

        /** Step of an arithmetic auto-K candidate range from autoKMin; null = the built-in template. */
        public Builder autoKStep(Integer step) {
            autoK.step(step);
            return this;
        }

        /** Codes sampled to score the auto-K candidates (default {@value AutoKOptions#DEFAULT_SAMPLE_ROWS}). */
        public Builder autoKSampleRows(int rows) {
            autoK.sampleRows(rows);
            return this;
        }

        /** All auto-K settings at once (replaces the autoK* values set so far). */
        public Builder autoK(AutoKOptions options) {
            if (options == null) {
                throw new InvalidParameterException("autoK options must not be null");
            }
            autoK = options.toBuilder();
            return this;
        }

        /** All encoder-training settings at once (replaces fastest, subquantizers, codebookSize, ... set so far). */
        public Builder encoder(EncoderSettings settings) {
            if (settings == null) {
                throw new InvalidParameterException("encoder settings must not be null");
            }
            this.encoder = settings;
            return this;
        }

        /** All k-means settings at once (replaces iterations, tolerance, ... set so far). */
        public Builder kmeans(KMeansSettings settings) {
            if (settings == null) {
                throw new InvalidParameterException("k-means settings must not be null");
            }
            this.kmeans = settings;
            return this;
        }

        /** Both refinements at once (replaces refinement(boolean) and rawRefinementIterations set so far). */
        public Builder refinement(RefinementSettings settings) {
            if (settings == null) {
                throw new InvalidParameterException("refinement settings must not be null");
            }
            this.refinement = settings;
            return this;
        }

        /** Plain PQ (true: fastest) instead of OPQ (false, the default: more accurate); {@link EncoderSettings#opq()}. */
        public Builder fastest(boolean fastest) {
            encoder = encoder.withOpq(!fastest);
            return this;
        }

        /** Seed of every sample and initialisation (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Worker threads; 0 (default) = all cores. Results do not depend on it. */
        public Builder threads(int threads) {
            this.threads = ParameterChecks.threadsOrAll(threads);
            return this;
        }

        /** Code bytes M, 1..D; 0 (default) = about sqrt(D) with subspaces at least 4 wide. */
        public Builder subquantizers(int m) {
            encoder = encoder.withSubquantizers(m);
            return this;
        }

        /** Codewords per subspace Ks, 2..256 (default 256). */
        public Builder codebookSize(int ks) {
            encoder = encoder.withCodebookSize(ks);
            return this;
        }

        /** Maximum k-means center updates (default 20). */
        public Builder iterations(int iterations) {
            kmeans = kmeans.withIterations(iterations);
            return this;
        }

        /** Lloyd iterations per subspace when training the encoder (default 25). */
        public Builder encoderIterations(int iterations) {
            encoder = encoder.withIterations(iterations);
            return this;
        }

        /** Encoder training sample size (default 32768, clamped to the row count). */
        public Builder trainRows(int rows) {
            encoder = encoder.withTrainRows(rows);
            return this;
        }

        /** OPQ rotation/codebook alternations (default 3; ignored with {@code fastest(true)}). */
        public Builder opqIterations(int iterations) {
            encoder = encoder.withOpqIterations(iterations);
            return this;
        }

        /** K-means stops when an iteration improves inertia by less than this fraction (default 1e-4). */
        public Builder tolerance(double tolerance) {
            kmeans = kmeans.withTolerance(tolerance);
            return this;
        }

        /** K-means distance-table tile budget in bytes (default 4 MiB); only changes speed. */
        public Builder lookupTableBytes(long bytes) {
            kmeans = kmeans.withLookupTableBytes(bytes);
            return this;
        }

        /** Rows sampled for k-means++ seeding (default 16384; at least 4k are used). */
        public Builder seedingSampleRows(int rows) {
            kmeans = kmeans.withSeedingSampleRows(rows);
            return this;
        }

        /**
         * Most bytes of per-code bounds the pruned assignment may keep ({@link KMeansSettings#pruningMemory()}; 0
         * turns pruning off). Default automatic: a quarter of the JVM's maximum heap, or with a RAM budget what its
         * per-row share leaves after the labels and the codes. Only changes speed.
         */
        public Builder pruningMemory(long bytes) {
            kmeans = kmeans.withPruningMemory(bytes);
            return this;
        }

        /**
         * Whether a split/merge local search refines the k-means result (default true): after Lloyd
         * converges, moves that split one cluster along its principal direction and merge the two clusters
         * whose merge costs least are tried, first on the seeding sample and then on all codes, and kept
         * only when they lower the k-means objective. Auto-K candidates are refined the same way. False
         * gives plain seeding + Lloyd, as in clostera 0.1.
         */
        public Builder refinement(boolean refinement) {
            this.refinement = this.refinement.withSplitMerge(refinement);
            return this;
        }

        /**
         * The distance clusters are formed under (default {@link Metric#L2}). {@link Metric#COSINE} scales every
         * row to unit length (refusing all-zero rows), for embeddings; the model predicts the same way.
         */
        public Builder metric(Metric metric) {
            if (metric == null) {
                throw new InvalidParameterException("metric is null");
            }
            this.metric = metric;
            return this;
        }

        /**
         * Dense Lloyd iterations on the raw vectors after code-space k-means (0 = none): each reads the input
         * once more and costs {@code N x K x D} multiply-adds (a BLAS matrix product per block), and makes the
         * labels and centers those of k-means on the vectors themselves rather than on their codes. Labels
         * then come from exact distances to the centers, not from the codes.
         *
         * <p>Default automatic ({@link #automaticRawRefinement()}): up to 20 iterations when the input is at
         * most 2^28 floats (1 GiB) in at most 2^24 rows and the passes cost at most twice the encoder's distance work
         * ({@code 2 Ks / K} passes), otherwise none. So small and mid-sized data get dense-k-means quality,
         * and large data keeps the speed of code space. Set a number to choose for yourself.
         */
        public Builder rawRefinementIterations(int iterations) {
            refinement = refinement.withRawIterations(iterations);
            return this;
        }

        /** Back to the default: dense iterations on the raw vectors chosen by the rule of {@link #rawRefinementIterations}. */
        public Builder automaticRawRefinement() {
            refinement = refinement.withAutomaticRawIterations();
            return this;
        }

        /** Receives progress of training, encoding and clustering (may be called from worker threads). */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        /**
         * Bounds the memory of a fit's data to {@code bytes} (see {@link RamBudget} for the shares): the
         * training sample and encode batches shrink to fit, and codes beyond the code share spill to disk
         * through the {@link #codeStoreFactory code store factory}. Default unlimited.
         */
        public Builder maxRamBytes(long bytes) {
            this.ramBudget = RamBudget.ofBytes(bytes);
            return this;
        }

        /** {@link #maxRamBytes(long)} as a value, e.g. {@code RamBudget.parse("8g")}; null = unlimited. */
        public Builder ramBudget(RamBudget budget) {
            this.ramBudget = budget == null ? RamBudget.UNLIMITED : budget;
            return this;
        }

        /**
         * Makes spilled and persistent code stores (default heap only, which cannot spill): e.g.
         * {@code new org.clostera.io.store.MappedFileCodeStoreFactory(spillDirectory)}.
         */
        public Builder codeStoreFactory(CodeStoreFactory factory) {
            this.codeStoreFactory = factory == null ? CodeStoreFactory.heap() : factory;
            return this;
        }

        /**
         * Keeps the codes of a successful fit in this file (written under a temporary name and renamed at the
         * end; removed if the fit fails), for reuse with {@link #fitCodes}. Needs a file-backed
         * {@link #codeStoreFactory}. Default none.
         */
        public Builder codesOutputPath(Path path) {
            this.codesOutputPath = path;
            return this;
        }

        /** {@code build().fit(vectors)}: fits on in-memory rows (every row the same length; not copied). */
        public ClusteringModel fit(float[][] vectors) {
            return build().fit(vectors);
        }

        /** {@code build().fit(rowMajor, dim)}: fits on a row-major array of {@code rowMajor.length / dim} rows. */
        public ClusteringModel fit(float[] rowMajor, int dim) {
            return build().fit(rowMajor, dim);
        }

        /** {@code build().fit(source)}. */
        public ClusteringModel fit(VectorSource source) {
            return build().fit(source);
        }

        /** {@code build().fit(source, labels)}: the labels are streamed to the sink, not kept. */
        public ClusteringModel fit(VectorSource source, LabelSink labels) {
            return build().fit(source, labels);
        }

        /** Validates all settings together and makes the clusterer. */
        public Clusterer build() {
            int resolvedThreads = threads == 0 ? WorkerPool.defaultThreads() : threads;
            Config config = new Config(k, seed, resolvedThreads, encoder, kmeans, refinement, autoK.build(), ramBudget,
                    metric);
            return new Clusterer(config, Objects.requireNonNull(progressListener),
                    new FitStorage(config.ramBudget(), codeStoreFactory, codesOutputPath));
        }
    }
}
