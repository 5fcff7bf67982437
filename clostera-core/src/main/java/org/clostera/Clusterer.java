package org.clostera;

import org.clostera.internal.ParameterChecks;
import java.nio.file.Path;
import java.util.Objects;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KSelection;
import org.clostera.cluster.PQKMeans;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.CodeStoreFactory;
import org.clostera.data.LabelSink;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters float vectors in one call: trains an encoder on a sample, compresses every vector to an M-byte
 * code, then runs k-means in code space.
 *
 * <pre>{@code
 * Clusterer c = Clusterer.builder().k(64).seed(0).build().fit(vectors);
 * int[] labels = c.labels();
 * float[][] centers = c.clusterCenters();
 * int[] predicted = c.predict(moreVectors);
 * }</pre>
 *
 * <p>{@code fastest(true)} uses plain PQ; the default ({@code fastest(false)}) is OPQ (PQ after a
 * learned rotation, more accurate, slower to train).
 * With {@code k(null)} K is chosen automatically after encoding, on a sample of the codes
 * ({@link #kSelection()} holds the report; the {@code autoK*} builder settings tune it).
 * Same data and seed give the same labels and centers for any thread count. Accessors throw
 * {@link IllegalStateException} before {@code fit}.
 *
 * <p><b>Memory.</b> With {@link Builder#maxRamBytes(long)} the training sample and the encode batches are
 * sized from the budget ({@link RamBudget} documents the shares), and codes that do not fit spill to disk
 * through the {@link Builder#codeStoreFactory code store factory}; {@link #fit(VectorSource, LabelSink)}
 * streams the labels out. Where the codes live and how large the batches are never change the result;
 * only a budget so small that it clamps the training sample does (logged as a warning). K-means keeps
 * one {@code int} label per row while it iterates, so N is limited to about 2^31 rows.
 *
 * <pre>{@code
 * Clusterer c = Clusterer.builder().k(64).maxRamBytes(RamBudget.parseBytes("8g"))
 *         .codeStoreFactory(new MappedFileCodeStoreFactory(spillDir))   // clostera-io
 *         .codesOutputPath(Path.of("codes.bin"))                         // optional: keep the codes
 *         .build();
 * try (VectorSource src = BudgetedSources.open(input, OpenOptions.defaults(), c.config().ramBudget())) {
 *     c.fit(src, LabelSinks.create(Path.of("labels.npy"), src.rows()));
 * }
 * }</pre>
 */
public final class Clusterer {
    private static final Logger LOG = LoggerFactory.getLogger(Clusterer.class);

    private final Config config;
    private final AutoKOptions autoK;
    private final ProgressListener progressListener;
    private final FitStorage storage;
    private volatile Fitted fitted;

    private record Fitted(Encoder encoder, PQKMeans clusterer, Timings timings) {
    }

    /**
     * Validated settings of a {@link Clusterer}, fixed by {@link Builder#build()} and logged at fit start.
     *
     * @param k                 clusters, or null to choose automatically (auto-K)
     * @param fastest           plain PQ (true) or OPQ (false, the default)
     * @param seed              seed of every sample and initialisation
     * @param threads           worker threads (resolved: >= 1)
     * @param subquantizers     M, or 0 for {@link org.clostera.quantize.SubspaceLayout#defaultSubquantizers}
     * @param codebookSize      Ks, 2..256
     * @param iterations        maximum k-means center updates
     * @param encoderIterations Lloyd iterations per subspace when training the encoder
     * @param trainRows         encoder training sample size
     * @param opqIterations     rotation/codebook alternations of OPQ (unused with {@code fastest})
     * @param tolerance         k-means relative inertia improvement below which it stops
     * @param lookupTableBytes  k-means distance-table tile budget (speed only)
     * @param seedingSampleRows k-means++ seeding sample size
     * @param refinement        whether the split/merge local search refines Lloyd's result
     * @param rawRefinementIterations dense Lloyd iterations on the raw vectors after code-space k-means (0 = none)
     * @param ramBudget         bound on the fit's data memory ({@link RamBudget#UNLIMITED} by default)
     */
    public record Config(Integer k, boolean fastest, long seed, int threads, int subquantizers, int codebookSize,
                         int iterations, int encoderIterations, int trainRows, int opqIterations, double tolerance,
                         long lookupTableBytes, int seedingSampleRows, boolean refinement, int rawRefinementIterations,
                         RamBudget ramBudget) {
        public Config {
            if (ramBudget == null) {
                ramBudget = RamBudget.UNLIMITED;
            }
            if (k != null && k < 1) {
                throw new InvalidParameterException("k must be >= 1, got " + k);
            }
            ParameterChecks.atLeast("threads", threads, 1);
            ParameterChecks.subquantizersOrDefault(subquantizers);
            ParameterChecks.codebookSize(codebookSize);
            ParameterChecks.atLeast("encoderIterations", encoderIterations, 0);
            ParameterChecks.atLeast("trainRows", trainRows, 1);
            ParameterChecks.atLeast("opqIterations", opqIterations, 0);
            ParameterChecks.atLeast("rawRefinementIterations", rawRefinementIterations, 0);
            // iterations, tolerance, lookupTableBytes, seedingSampleRows: checked by the k-means options.
            kmeansOptions(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes);
        }

        private static CodeSpaceKMeans.Options kmeansOptions(int iterations, double tolerance, long seed,
                                                             int seedingSampleRows, long lookupTableBytes) {
            return new CodeSpaceKMeans.Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, null);
        }
    }

    /**
     * Wall-clock seconds of the stages of the last fit.
     *
     * @param trainSeconds    encoder training (for OPQ including the rotation)
     * @param rotationSeconds part of the training spent learning the OPQ rotation (0 for PQ)
     * @param encodeSeconds   compressing every vector to a code
     * @param clusterSeconds  k-means in code space (including automatic K selection)
     * @param totalSeconds    the whole fit
     */
    public record Timings(double trainSeconds, double rotationSeconds, double encodeSeconds, double clusterSeconds,
                          double totalSeconds) {
    }

    /** An encoder trained by a strategy, with the share of time spent on a rotation. */
    record TrainedEncoder(Encoder encoder, double rotationSeconds) {
    }

    /** How the encoder is trained: OPQ by default, plain PQ with {@code fastest(true)}. */
    interface EncoderStrategy {
        TrainedEncoder train(VectorSource source, Config config, ProgressListener listener);

        static EncoderStrategy forConfig(Config config) {
            return config.fastest() ? EncoderStrategy::trainPQ : EncoderStrategy::trainOPQ;
        }

        private static TrainedEncoder trainOPQ(VectorSource source, Config config, ProgressListener listener) {
            OPQEncoder encoder = OPQEncoder.builder().ramBudget(config.ramBudget())
                    .subquantizers(config.subquantizers()).codebookSize(config.codebookSize())
                    .iterations(config.encoderIterations()).opqIterations(config.opqIterations())
                    .trainRows(config.trainRows()).seed(config.seed()).threads(config.threads())
                    .progressListener(listener).fit(source);
            return new TrainedEncoder(encoder, encoder.rotationSeconds());
        }

        private static TrainedEncoder trainPQ(VectorSource source, Config config, ProgressListener listener) {
            PQEncoder encoder = PQEncoder.builder().ramBudget(config.ramBudget()).subquantizers(config.subquantizers())
                    .codebookSize(config.codebookSize()).iterations(config.encoderIterations())
                    .trainRows(config.trainRows()).seed(config.seed()).threads(config.threads())
                    .progressListener(listener).fit(source);
            return new TrainedEncoder(encoder, 0);
        }
    }

    private Clusterer(Config config, AutoKOptions autoK, ProgressListener progressListener, FitStorage storage) {
        this.config = config;
        this.autoK = autoK;
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

    /** Fits on in-memory rows (every row the same length; not copied); returns this. */
    public Clusterer fit(float[][] vectors) {
        return fit(ArrayVectorSource.of(vectors));
    }

    /** Fits on a row-major array of {@code rowMajor.length / dim} rows (not copied); returns this. */
    public Clusterer fit(float[] rowMajor, int dim) {
        return fit(ArrayVectorSource.of(rowMajor, dim));
    }

    /** Trains the encoder on a sample of {@code source}, encodes every row, clusters the codes; returns this. */
    public Clusterer fit(VectorSource source) {
        return fit(source, null);
    }

    /**
     * {@link #fit(VectorSource)}, then writes the label of every row to {@code labels} in row order (and
     * closes it); on failure the sink is aborted, so its destination is complete or untouched.
     *
     * @param labels where the labels go, or null
     * @return this
     */
    public Clusterer fit(VectorSource source, LabelSink labels) {
        try {
            fitInternal(source, labels);
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        if (labels != null) {
            labels.close();
        }
        return this;
    }

    private void fitInternal(VectorSource source, LabelSink labels) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        long rows = source.rows();
        if (rows < 1) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        if (source.dim() < 1) {
            throw new InvalidDataException("dimension must be > 0, got " + source.dim(), source.description(), -1,
                    null, null);
        }
        if (config.k() == null) {
            AutoKAnalysis.validate(autoK, rows); // fail before training
        } else if (config.k() > rows) {
            throw new InvalidParameterException("k = " + config.k() + " exceeds the number of rows N = " + rows
                    + " of " + source.description() + "; k must be in 1.." + rows);
        }
        requireSinkRows(labels, rows);
        int codeBytes = config.subquantizers() > 0 ? config.subquantizers()
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
            if (config.rawRefinementIterations() > 0) {
                clusterer.refineOnVectors(source, config.rawRefinementIterations());
            }
            if (labels != null) {
                clusterer.writeLabels(labels);
            }
            storage.complete(codes);
        }
        long end = System.nanoTime();
        Timings timings = new Timings(seconds(trainedAt - start), trained.rotationSeconds(),
                seconds(encodedAt - trainedAt), seconds(end - encodedAt), seconds(end - start));
        LOG.info("clostera fit done: k={}, {} iterations, inertia {}, {}", clusterer.k(), clusterer.iterationsRun(),
                clusterer.inertia(), timings);
        fitted = new Fitted(encoder, clusterer, timings);
    }

    /**
     * Clusters existing codes made by {@code encoder} (e.g. a code file from {@code codesOutputPath} reopened
     * with {@code MappedFileCodeStore.open}, and the encoder saved with
     * {@link org.clostera.quantize.EncoderFiles#save}); no training or
     * encoding. Writes the labels to {@code labels} when not null (closed after, aborted on failure).
     *
     * @return this
     */
    public Clusterer fitCodes(Encoder encoder, CodeStore codes, LabelSink labels) {
        try {
            if (encoder == null || codes == null) {
                throw new InvalidParameterException("encoder and codes must not be null");
            }
            if (config.k() == null) {
                AutoKAnalysis.validate(autoK, codes.rows());
            }
            requireSinkRows(labels, codes.rows());
            storage.budget().requireLabelsFit(codes.rows());
            long start = System.nanoTime();
            PQKMeans clusterer = codeSpaceClusterer(encoder, pruningMemory(codes.rows(), 0)).fit(codes);
            if (labels != null) {
                clusterer.writeLabels(labels);
            }
            double s = seconds(System.nanoTime() - start);
            fitted = new Fitted(encoder, clusterer, new Timings(0, 0, 0, s, s));
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        if (labels != null) {
            labels.close();
        }
        return this;
    }

    /** K-means in the code space of {@code encoder}, with this clusterer's k-means and auto-K settings. */
    /**
     * Bytes the pruned assignment's per-code bounds may take: with a budget, what its per-row share leaves
     * after the labels and {@code codeBytes} of codes in heap; without one, the k-means default.
     */
    private long pruningMemory(long rows, long codeBytes) {
        RamBudget budget = storage.budget();
        if (budget.unlimited()) {
            return CodeSpaceKMeans.Options.AUTO_BOUND_BYTES;
        }
        return Math.max(0, budget.rowDataBytes() - 4 * rows - codeBytes);
    }

    private PQKMeans codeSpaceClusterer(Encoder encoder, long pruningMemory) {
        return PQKMeans.builder().k(config.k()).encoder(encoder).iterations(config.iterations())
                .pruningMemory(pruningMemory)
                .tolerance(config.tolerance()).seed(config.seed()).threads(config.threads())
                .lookupTableBytes(config.lookupTableBytes()).seedingSampleRows(config.seedingSampleRows())
                .refinement(config.refinement()).autoK(autoK).progressListener(progressListener).build();
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

    /** {@link #fit(float[][])} then the training labels. */
    public int[] fitPredict(float[][] vectors) {
        return fit(vectors).labels();
    }

    /** {@link #fit(float[], int)} then the training labels. */
    public int[] fitPredict(float[] rowMajor, int dim) {
        return fit(rowMajor, dim).labels();
    }

    /** {@link #fit(VectorSource)} then the training labels. */
    public int[] fitPredict(VectorSource source) {
        return fit(source).labels();
    }

    /** Nearest cluster of each vector. */
    public int[] predict(float[][] vectors) {
        return fitted().clusterer().predict(vectors);
    }

    /** Nearest cluster of each row of a row-major array of {@code rowMajor.length / dim} rows. */
    public int[] predict(float[] rowMajor, int dim) {
        return fitted().clusterer().predict(ArrayVectorSource.of(rowMajor, dim));
    }

    /** Nearest cluster of each row of {@code source}. */
    public int[] predict(VectorSource source) {
        return fitted().clusterer().predict(source);
    }

    /**
     * Nearest cluster of each row of {@code source}, streamed to {@code labels} in row order: rows are read
     * in increasing order in batches sized from the RAM budget, encoded and assigned batch by batch, so no
     * N-sized array exists and any row count works. Closes the sink; aborts it on failure.
     */
    public void predict(VectorSource source, LabelSink labels) {
        try {
            if (source == null || labels == null) {
                throw new InvalidParameterException("source and label sink must not be null");
            }
            Fitted f = fitted();
            Encoder encoder = f.encoder();
            int dim = encoder.dim();
            if (source.dim() != dim) {
                throw new InvalidDataException("vectors have dimension " + source.dim() + " but the encoder expects "
                        + dim, source.description(), -1, null, null);
            }
            requireSinkRows(labels, source.rows());
            // Two batch-sized arrays (vectors, then codes): the encode share of the budget.
            int defaultRows = (int) Math.max(1, Math.min(PREDICT_BATCH_ROWS, PREDICT_BATCH_BYTES / (4L * dim)));
            int batch = (int) Math.min(config.ramBudget().encodeBatchRows(dim, defaultRows),
                    Math.max(1, source.rows()));
            float[] vectors = new float[batch * dim];
            byte[] codes = new byte[batch * encoder.subquantizers()];
            for (long first = 0; first < source.rows(); first += batch) {
                int n = (int) Math.min(batch, source.rows() - first);
                source.read(first, n, vectors, 0);
                encoder.encode(vectors, n, codes);
                labels.accept(first, f.clusterer().predictCodes(codes, n), 0, n);
            }
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        labels.close();
    }

    /** Rows per batch of {@link #predict(VectorSource, LabelSink)} without a budget. */
    private static final int PREDICT_BATCH_ROWS = 65_536;
    /** Bytes of one batch of vectors without a budget (bounds the batch at large D: 41 rows at D = 200,000). */
    private static final long PREDICT_BATCH_BYTES = 32L << 20;

    /** Cluster of every training row (a copy). */
    public int[] labels() {
        return fitted().clusterer().labels();
    }

    /** Cluster centers in the input space, {@code [k][D]}. */
    public float[][] clusterCenters() {
        return fitted().clusterer().clusterCenters();
    }

    /** K-means inertia after seeding, then after each center update. */
    public double[] inertiaHistory() {
        return fitted().clusterer().inertiaHistory();
    }

    /** The trained encoder. */
    public Encoder encoder() {
        return fitted().encoder();
    }

    /** The K of the fitted clustering: the configured one, or the one auto-K selected. */
    public int selectedK() {
        return fitted().clusterer().selectedK();
    }

    /** The auto-K report when K was chosen automatically ({@code k(null)}), else null. */
    public KSelection kSelection() {
        return fitted().clusterer().kSelection();
    }

    /** The auto-K settings (used when K is null). */
    public AutoKOptions autoKOptions() {
        return autoK;
    }

    /** The fitted code-space clusterer (labels, centers, sizes, predictions on codes). */
    public PQKMeans clusterer() {
        return fitted().clusterer();
    }

    /** Stage timings of the last fit. */
    public Timings timings() {
        return fitted().timings();
    }

    private Fitted fitted() {
        Fitted f = fitted;
        if (f == null) {
            throw new IllegalStateException("Clusterer is not fitted yet: call fit(...) first");
        }
        return f;
    }

    @Override
    public String toString() {
        return "Clusterer[" + config + (fitted == null ? ", not fitted]" : ", " + fitted.timings() + "]");
    }

    /** Settings for a {@link Clusterer}; each value is checked when set, and all together by {@link #build()}. */
    public static final class Builder {
        /** Default OPQ alternations (rotation learning is costly; a few passes give most of the gain). */
        public static final int DEFAULT_OPQ_ITERATIONS = 3;

        private Integer k;
        private boolean fastest;
        private long seed;
        private int threads;
        private int subquantizers;
        private int codebookSize = PQEncoder.DEFAULT_CODEBOOK_SIZE;
        private int iterations = CodeSpaceKMeans.Options.DEFAULT_ITERATIONS;
        private int encoderIterations = PQEncoder.DEFAULT_ITERATIONS;
        private int trainRows = PQEncoder.DEFAULT_TRAIN_ROWS;
        private int opqIterations = DEFAULT_OPQ_ITERATIONS;
        private double tolerance = CodeSpaceKMeans.Options.DEFAULT_TOLERANCE;
        private long lookupTableBytes = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;
        private int seedingSampleRows = CodeSpaceKMeans.Options.DEFAULT_SEEDING_SAMPLE_ROWS;
        private boolean refinement = true;
        private int rawRefinementIterations;
        private ProgressListener progressListener = ProgressListener.NONE;
        private AutoKOptions.Builder autoK = AutoKOptions.builder();
        private RamBudget ramBudget = RamBudget.UNLIMITED;
        private CodeStoreFactory codeStoreFactory = CodeStoreFactory.heap();
        private Path codesOutputPath;

        private Builder() {
        }

        /** Number of clusters (>= 1, at most the row count); null = choose automatically. */
        public Builder k(Integer k) {
            if (k != null && k < 1) {
                throw new InvalidParameterException("k must be >= 1, got " + k);
            }
            this.k = k;
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

        /** Codes sampled to score the auto-K candidates (default 16384). */
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

        /** Plain PQ (true: fastest) instead of OPQ (false, the default: more accurate). */
        public Builder fastest(boolean fastest) {
            this.fastest = fastest;
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
            this.subquantizers = ParameterChecks.subquantizersOrDefault(m);
            return this;
        }

        /** Codewords per subspace Ks, 2..256 (default 256). */
        public Builder codebookSize(int ks) {
            this.codebookSize = ParameterChecks.codebookSize(ks);
            return this;
        }

        /** Maximum k-means center updates (default 20). */
        public Builder iterations(int iterations) {
            this.iterations = ParameterChecks.atLeast("iterations", iterations, 0);
            return this;
        }

        /** Lloyd iterations per subspace when training the encoder (default 25). */
        public Builder encoderIterations(int iterations) {
            this.encoderIterations = ParameterChecks.atLeast("encoderIterations", iterations, 0);
            return this;
        }

        /** Encoder training sample size (default 32768, clamped to the row count). */
        public Builder trainRows(int rows) {
            this.trainRows = ParameterChecks.atLeast("trainRows", rows, 1);
            return this;
        }

        /** OPQ rotation/codebook alternations (default 3; ignored with {@code fastest(true)}). */
        public Builder opqIterations(int iterations) {
            this.opqIterations = ParameterChecks.atLeast("opqIterations", iterations, 0);
            return this;
        }

        /** K-means stops when an iteration improves inertia by less than this fraction (default 1e-4). */
        public Builder tolerance(double tolerance) {
            this.tolerance = ParameterChecks.tolerance(tolerance);
            return this;
        }

        /** K-means distance-table tile budget in bytes (default 4 MiB); only changes speed. */
        public Builder lookupTableBytes(long bytes) {
            this.lookupTableBytes = ParameterChecks.atLeast("lookupTableBytes", bytes, 1);
            return this;
        }

        /** Rows sampled for k-means++ seeding (default 16384; at least 4k are used). */
        public Builder seedingSampleRows(int rows) {
            this.seedingSampleRows = ParameterChecks.atLeast("seedingSampleRows", rows, 1);
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
            this.refinement = refinement;
            return this;
        }

        /**
         * Dense Lloyd iterations on the raw vectors after code-space k-means (default 0 = none): each reads
         * the input once more and costs {@code N x K x D} multiply-adds (a BLAS matrix product per block),
         * and makes the labels and centers those of k-means on the vectors themselves rather than on their
         * codes. For users who can afford more reads of the data and want dense-k-means quality.
         */
        public Builder rawRefinementIterations(int iterations) {
            this.rawRefinementIterations = ParameterChecks.atLeast("rawRefinementIterations", iterations, 0);
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

        /** Validates all settings together and makes the clusterer. */
        public Clusterer build() {
            int resolvedThreads = threads == 0 ? WorkerPool.defaultThreads() : threads;
            Config config = new Config(k, fastest, seed, resolvedThreads, subquantizers, codebookSize, iterations,
                    encoderIterations, trainRows, opqIterations, tolerance, lookupTableBytes, seedingSampleRows,
                    refinement, rawRefinementIterations, ramBudget);
            return new Clusterer(config, autoK.build(), Objects.requireNonNull(progressListener),
                    new FitStorage(config.ramBudget(), codeStoreFactory, codesOutputPath));
        }
    }
}
