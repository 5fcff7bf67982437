package org.clostera.cluster;

import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.LabelSink;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.VectorSource;
import org.clostera.internal.KMeansRunOptions;
import org.clostera.internal.ParameterChecks;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.autok.SampleClusterer;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.DenseAssignment;
import org.clostera.internal.kmeans.RawLloyd;
import org.clostera.internal.kmeans.RawSplitMerge;
import org.clostera.internal.kmeans.RowLabels;
import org.clostera.internal.kmeans.StreamedPrediction;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K-means on product-quantization codes (PQk-means): vectors are compressed to M-byte codes by an
 * {@link Encoder}, then clustered in code space with table lookups, never touching the raw vectors again.
 *
 * <pre>{@code
 * PQKMeans km = PQKMeans.builder().k(64).encoder(encoder).seed(0).build().fit(codes);
 * int[] labels = km.labels();
 * float[][] centers = km.clusterCenters();   // input space
 * int[] predicted = km.predict(newVectors);
 * }</pre>
 *
 * <p>Works with any encoder (PQ or OPQ): centers live in the encoder's coding space and are mapped back
 * to the input space by {@link #clusterCenters()}. Same data and seed give the same labels and centers
 * for any thread count.
 *
 * <p>With {@code k(null)} the number of clusters is chosen automatically after encoding, on a sample of
 * the codes with the same encoder ({@link AutoKOptions}: candidates, method, sample size); the final
 * clustering then runs on all codes with the selected K, and {@link #kSelection()} holds the report.
 *
 * <p>Accessors of the fit's results throw {@link IllegalStateException} before {@code fit}. Not safe for
 * concurrent fits; a fitted instance may be used for predictions from several threads.
 */
public final class PQKMeans {
    private static final Logger LOG = LoggerFactory.getLogger(PQKMeans.class);

    private final Integer k;
    private final AutoKOptions autoK;
    private final Encoder encoder;
    private final KMeansSettings kmeans;
    private final boolean splitMerge;
    private final long seed;
    private final CodeSpaceKMeans.Options options;
    private final int threads;

    private volatile Fitted fitted;

    /**
     * What fit produced; {@code rawErrorHistory} is empty and {@code rawCenters} (input space, the centers
     * the labels were computed with) null unless {@link #refineOnVectors} ran.
     */
    private record Fitted(Encoder encoder, CodeSpaceKMeans.Result result, KSelection selection,
                          double[] rawErrorHistory, double rawRefineSeconds, float[] rawCenters) {
        Fitted(Encoder encoder, CodeSpaceKMeans.Result result, KSelection selection) {
            this(encoder, result, selection, new double[0], 0, null);
        }
    }

    /** An estimator with {@code settings}. */
    PQKMeans(KMeansBuilder.Settings settings) {
        this.k = settings.k();
        this.autoK = settings.autoK();
        this.encoder = settings.encoder();
        this.kmeans = settings.kmeans();
        this.splitMerge = settings.splitMerge();
        this.seed = settings.seed();
        this.options = KMeansRunOptions.of(kmeans, splitMerge, seed, settings.progressListener());
        this.threads = settings.threads() == 0 ? WorkerPool.defaultThreads() : settings.threads();
    }

    /**
     * A builder with the defaults ({@link KMeansSettings#defaults()}, split/merge on, seed 0, all cores); the
     * encoder is required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clusters existing codes (made by the configured encoder).
     *
     * @return this
     */
    public PQKMeans fit(CodeStore codes) {
        if (codes == null) {
            throw new InvalidParameterException("code store is null");
        }
        return fitCodes(codes, encoder);
    }

    /**
     * Encodes every row of {@code source} with the configured encoder into an in-memory code store, then
     * clusters the codes. (To train the encoder on the same data and cluster in one call, use
     * {@link org.clostera.Clusterer}.)
     *
     * @return this
     */
    public PQKMeans fit(VectorSource source) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        if (source.rows() < 1) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        try (HeapCodeStore codes = encode(encoder, source, options.progressListener())) {
            return fitCodes(codes, encoder);
        }
    }

    /** {@link #fit(VectorSource)} on in-memory rows (every row the same length; not copied). */
    public PQKMeans fit(float[][] vectors) {
        return fit(ArrayVectorSource.of(vectors));
    }

    /** Encodes all rows of {@code source} into a new heap code store with {@code encoder}. */
    static HeapCodeStore encode(Encoder encoder, VectorSource source, ProgressListener listener) {
        if (source.dim() != encoder.dim()) {
            throw new InvalidDataException("vectors have dimension " + source.dim() + " but the encoder expects "
                    + encoder.dim(), source.description(), -1, null, null);
        }
        HeapCodeStore codes = new HeapCodeStore(source.rows(), encoder.subquantizers());
        encoder.encode(source, codes, listener);
        return codes;
    }

    private PQKMeans fitCodes(CodeStore codes, Encoder encoder) {
        if (codes.codeBytes() != encoder.subquantizers()) {
            throw new InvalidParameterException("codes have " + codes.codeBytes()
                    + " bytes per row but the encoder has M = " + encoder.subquantizers() + " subquantizers");
        }
        if (k == null) {
            AutoKAnalysis.validate(autoK, codes.rows());
        }
        try (WorkerPool pool = new WorkerPool(threads)) {
            AutoKAnalysis.Outcome auto = k != null ? null : chooseK(codes, encoder, pool);
            int clusters = k != null ? k : auto.selection().selectedK();
            LOG.debug("PQKMeans fit: N={}, k={}, encoder={}, {}", codes.rows(), clusters, encoder, options);
            // With auto-K, the selected candidate's centers (k-means++ seeds refined on the sample) start the
            // final clustering of all codes.
            CodeSpaceKMeans.Result result = CodeSpaceKMeans.run(codes, encoder, clusters,
                    auto == null ? null : auto.centers(), options, pool);
            EmptyClusters.warnIfAny(result.clusterSizes());
            fitted = new Fitted(encoder, result, auto == null ? null
                    : auto.selection().inInputUnits(encoder.normalization().squaredScale(), encoder.dim()));
        }
        return this;
    }

    /**
     * Automatic K selection ({@code k == null}): every candidate is clustered by the same engine and
     * options on a sample of the codes (never re-encoded), then scored; see {@link AutoKAnalysis}.
     */
    private AutoKAnalysis.Outcome chooseK(CodeStore codes, Encoder encoder, WorkerPool pool) {
        SampleClusterer clusterer = SampleClusterer.codeSpace(encoder, AutoKAnalysis.sampleOptions(options), pool);
        return AutoKAnalysis.run(codes, encoder, autoK, clusterer, seed, pool, options.progressListener());
    }

    private Fitted fitted() {
        Fitted f = fitted;
        if (f == null) {
            throw new IllegalStateException("PQKMeans is not fitted yet: call fit(...) first");
        }
        return f;
    }

    /** Number of clusters K (the configured one, or the one auto-K chose). */
    public int k() {
        return fitted().result().k();
    }

    /** The K the final clustering used: the configured K, or the one auto-K selected. */
    public int selectedK() {
        return k();
    }

    /** The auto-K report ({@code k(null)}), or null when K was configured. */
    public KSelection kSelection() {
        return fitted().selection();
    }

    /** The auto-K settings (used when K is null). */
    public AutoKOptions autoKOptions() {
        return autoK;
    }

    /** The encoder the codes are made with. */
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Cluster of every training row (a copy).
     *
     * @throws InvalidParameterException when the fit had more rows than one Java array holds
     *                                   (2^31 - 9): use {@link #label(long)} or
     *                                   {@link #writeLabels(LabelSink)}
     */
    public int[] labels() {
        return fitted().result().labels();
    }

    /** Cluster of training row {@code row} (0-based, any row count). */
    public int label(long row) {
        RowLabels labels = fitted().result().rowLabels();
        if (row < 0 || row >= labels.rows()) {
            throw new InvalidParameterException("row " + row + " is outside the " + labels.rows() + " training rows");
        }
        return labels.get(row);
    }

    /** K centers in the input space ({@code [k][D]}). */
    public float[][] clusterCenters() {
        Fitted f = fitted();
        int dim = f.encoder().dim();
        int clusters = f.result().k();
        float[] input = new float[clusters * dim];
        if (f.rawCenters() != null) {
            System.arraycopy(f.rawCenters(), 0, input, 0, input.length);
        } else {
            f.encoder().fromCodingSpace(f.result().centers(), clusters, input);
        }
        float[][] out = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            out[c] = Arrays.copyOfRange(input, c * dim, (c + 1) * dim);
        }
        return out;
    }

    /**
     * Input-space centers of the dense iterations ({@link #refineOnVectors}), {@code k x D} row-major (a copy): the
     * centers its labels are the exact nearest of; null when they did not run.
     */
    public float[] rawRefinedCenters() {
        float[] centers = fitted().rawCenters();
        return centers == null ? null : centers.clone();
    }

    /** K centers in the encoder's (normalised, for OPQ rotated) coding space, {@code k x D} row-major (a copy). */
    public float[] codingSpaceCenters() {
        return fitted().result().centers().clone();
    }

    /**
     * Inertia after seeding, then after each center update ({@link #iterationsRun()} + 1 values), in input
     * units (k-means runs in the encoder's normalised coding space; its figures times {@code scale^2}).
     */
    public double[] inertiaHistory() {
        Fitted f = fitted();
        double[] history = f.result().inertiaHistory().clone();
        double squaredScale = f.encoder().normalization().squaredScale();
        for (int i = 0; i < history.length; i++) {
            history[i] *= squaredScale;
        }
        return history;
    }

    /**
     * Per assignment pass of the main Lloyd run ({@link #iterationsRun()} + 1 values), the fraction of
     * code-center distances that pruned assignment skipped (0 for the first pass and when pruning is off).
     */
    public double[] prunedFractionHistory() {
        return fitted().result().prunedFractionHistory().clone();
    }

    /** Center updates performed (at most the configured iterations). */
    public int iterationsRun() {
        return fitted().result().iterationsRun();
    }

    /** Seconds spent choosing the initial centers (seeding on a sample, restarts), part of the fit time. */
    public double seedingSeconds() {
        return fitted().result().seedingSeconds();
    }

    /**
     * Finishes the fit with up to {@code iterations} dense Lloyd iterations on the raw vectors (the rows the
     * codes were made from, same order), streamed in blocks: the labels and centers then minimise the error
     * of the vectors themselves rather than of their codes. Costs one read of {@code source} per iteration
     * plus one, and {@code N x K x D} multiply-adds each. Afterwards {@link #labels()}, the centers and
     * {@link #clusterSizes()} are the refined ones, {@link #rawErrorHistory()} holds the vectors' squared
     * error per iteration; {@link #inertiaHistory()} stays the code-space history. Predicting vectors then
     * uses exact distances to the refined centers ({@link #predict(VectorSource)}: the same labels as the
     * fit for the same rows); predicting codes uses the refined centers in code space.
     *
     * <p>With {@link Builder#refinement} on (the default), a split/merge search on the raw vectors follows
     * ({@code RawSplitMerge}: the code-space search's moves with exact distances, at most 8 reads of the
     * source per iteration asked for); its moves count in {@link #refinementMoves()} and the error it
     * reaches is appended to {@link #rawErrorHistory()}.
     *
     * @return this
     */
    public PQKMeans refineOnVectors(VectorSource source, int iterations) {
        return refineOnVectors(source, iterations, false);
    }

    /**
     * {@link #refineOnVectors(VectorSource, int)}; with {@code spherical} (the rows of {@code source} have unit
     * length: the cosine metric), the centers are renormalised to unit length after every update (spherical
     * k-means).
     *
     * @return this
     */
    public PQKMeans refineOnVectors(VectorSource source, int iterations, boolean spherical) {
        Fitted f = fitted();
        ParameterChecks.atLeast("iterations", iterations, 1);
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        long trainingRows = f.result().rowLabels().rows();
        if (source.rows() != trainingRows || source.dim() != f.encoder().dim()) {
            throw new InvalidParameterException("raw refinement needs the " + trainingRows + " x "
                    + f.encoder().dim() + " training vectors, got " + source.rows() + " x " + source.dim()
                    + " from " + source.description());
        }
        long start = System.nanoTime();
        int clusters = f.result().k();
        int dim = f.encoder().dim();
        float[] input = new float[clusters * dim];
        f.encoder().fromCodingSpace(f.result().centers(), clusters, input);
        RawLloyd.Outcome raw;
        int rawMoves = 0;
        try (WorkerPool pool = new WorkerPool(threads)) {
            raw = RawLloyd.run(source, input, clusters, iterations, options.tolerance(),
                    LinearAlgebra.get().gemm(), pool, spherical);
            if (splitMerge) {
                RawSplitMerge.Result searched = RawSplitMerge.search(source, raw, clusters,
                        RAW_SEARCH_PASSES_PER_ITERATION * (long) iterations, options.tolerance(),
                        LinearAlgebra.get().gemm(), pool, spherical);
                rawMoves = searched.moves();
                if (rawMoves > 0) {
                    double[] lloyd = raw.errorHistory();
                    double[] history = Arrays.copyOf(lloyd, lloyd.length + 1);
                    history[lloyd.length] = searched.outcome().error();
                    RawLloyd.Outcome s = searched.outcome();
                    raw = new RawLloyd.Outcome(s.centers(), s.labels(), s.sizes(), history, raw.iterationsRun(),
                            s.clusterErrors());
                }
            }
        }
        float[] coding = new float[clusters * dim];
        f.encoder().toCodingSpace(raw.centers(), clusters, coding);
        CodeSpaceKMeans.Result r = f.result();
        CodeSpaceKMeans.Result refined = new CodeSpaceKMeans.Result(clusters, coding, RowLabels.copyOf(raw.labels()),
                r.inertiaHistory(), r.iterationsRun(), raw.sizes(), r.inertia(), r.seedingSeconds(),
                r.refineSeconds(), r.refinementMoves() + rawMoves, r.prunedFractionHistory());
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.debug("raw refinement: {} iterations, squared error {} -> {}, {} s", raw.iterationsRun(),
                raw.errorHistory()[0], raw.errorHistory()[raw.errorHistory().length - 1], seconds);
        fitted = new Fitted(f.encoder(), refined, f.selection(), raw.errorHistory(), seconds, raw.centers());
        return this;
    }

    /**
     * Squared error of the raw vectors to their centers after {@link #refineOnVectors}: before its first
     * update, then after each; empty when it did not run.
     */
    public double[] rawErrorHistory() {
        return fitted().rawErrorHistory().clone();
    }

    /** Seconds spent in {@link #refineOnVectors} (0 when it did not run). */
    public double rawRefineSeconds() {
        return fitted().rawRefineSeconds();
    }

    /**
     * Seconds spent in the split/merge search, on the seeding sample and on all codes (see
     * {@link Builder#refinement}).
     */
    public double refineSeconds() {
        return fitted().result().refineSeconds();
    }

    /** Split/merge moves the refinement accepted (on the seeding sample and on all codes). */
    public int refinementMoves() {
        return fitted().result().refinementMoves();
    }

    /** Final inertia: sum over codes of the squared distance of the decoded code to its center (input units). */
    public double inertia() {
        Fitted f = fitted();
        return f.result().inertia() * f.encoder().normalization().squaredScale();
    }

    /** Training rows per cluster. */
    public long[] clusterSizes() {
        return fitted().result().clusterSizes().clone();
    }

    /** Nearest cluster of each vector (encoded with the fitted encoder). */
    public int[] predict(float[][] vectors) {
        return predict(ArrayVectorSource.of(vectors));
    }

    /**
     * Nearest cluster of each row of {@code source}: encoded with the fitted encoder and assigned in code
     * space, or, after {@link #refineOnVectors}, the exact nearest refined center. Either way a training row
     * gets its fit label.
     */
    public int[] predict(VectorSource source) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        Fitted f = fitted();
        if (f.rawCenters() == null) {
            try (HeapCodeStore codes = encode(f.encoder(), source, ProgressListener.NONE)) {
                return predict(codes);
            }
        }
        if (source.dim() != f.encoder().dim()) {
            throw new InvalidDataException("vectors have dimension " + source.dim() + " but the encoder expects "
                    + f.encoder().dim(), source.description(), -1, null, null);
        }
        if (source.rows() > CodeSpaceKMeans.MAX_LABEL_ROWS) {
            throw new InvalidParameterException(source.rows() + " rows do not fit one label array; predict into"
                    + " a label sink instead");
        }
        int rows = (int) source.rows();
        int dim = f.encoder().dim();
        int[] labels = new int[rows];
        int batchRows = Math.max(1, Math.min(PREDICT_BATCH_ROWS, rows));
        float[] batch = new float[batchRows * dim];
        DenseAssignment assignment = new DenseAssignment(f.rawCenters(), f.result().k(), dim);
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int first = 0; first < rows; first += batchRows) {
                int n = Math.min(batchRows, rows - first);
                source.read(first, n, batch, 0);
                assignment.assignAll(batch, n, labels, first, LinearAlgebra.get().gemm(), pool);
            }
        }
        return labels;
    }

    /** Reads of the data the split/merge search on the raw vectors may spend per dense iteration asked for. */
    private static final int RAW_SEARCH_PASSES_PER_ITERATION = 8;

    /** Rows read per batch by {@link #predict(VectorSource)} with exact distances. */
    private static final int PREDICT_BATCH_ROWS = 16 * DenseAssignment.BLOCK_ROWS;

    /** Nearest cluster of each of the first {@code n} codes ({@code n x M} bytes, made by the fitted encoder). */
    public int[] predictCodes(byte[] codes, int n) {
        Fitted f = fitted();
        try (WorkerPool pool = new WorkerPool(threads)) {
            return CodeSpaceKMeans.predict(codes, n, f.encoder(), f.result().centers(), f.result().k(),
                    options.lookupTableBytes(), pool);
        }
    }

    /** Nearest cluster of every code in {@code codes} (made by the fitted encoder). */
    public int[] predict(CodeStore codes) {
        Fitted f = fitted();
        try (WorkerPool pool = new WorkerPool(threads)) {
            return CodeSpaceKMeans.predict(codes, f.encoder(), f.result().centers(), f.result().k(),
                    options.lookupTableBytes(), pool);
        }
    }

    /**
     * Writes the label of every training row to {@code sink}, in row order, one chunk of the label store at
     * a time (no copy of the labels, any row count); the caller closes the sink.
     */
    public void writeLabels(LabelSink sink) {
        if (sink == null) {
            throw new InvalidParameterException("label sink is null");
        }
        RowLabels labels = fitted().result().rowLabels();
        if (sink.rows() != labels.rows()) {
            throw new InvalidParameterException("the label sink expects " + sink.rows() + " rows but the fit has "
                    + labels.rows());
        }
        for (int c = 0; c < labels.chunkCount(); c++) {
            sink.accept(labels.firstRow(c), labels.chunk(c), 0, labels.chunkLength(c));
        }
    }

    /**
     * Nearest cluster of every code in {@code codes}, written to {@code sink} in row order, range by range
     * ({@value StreamedPrediction#RANGE_ROWS} rows at a time): no N-sized array, so any row count works, also
     * past 2^31 rows. The caller closes the sink.
     */
    public void predict(CodeStore codes, LabelSink sink) {
        if (codes == null || sink == null) {
            throw new InvalidParameterException("code store and label sink must not be null");
        }
        if (sink.rows() != codes.rows()) {
            throw new InvalidParameterException("the label sink expects " + sink.rows()
                    + " rows but the code store has "
                    + codes.rows());
        }
        Fitted f = fitted();
        try (WorkerPool pool = new WorkerPool(threads)) {
            StreamedPrediction.predict(codes, 0, codes.rows(), f.encoder(), f.result().centers(), f.result().k(),
                    options.lookupTableBytes(), pool, sink);
        }
    }

    /** The k-means settings this estimator runs with. */
    public KMeansSettings kmeansSettings() {
        return kmeans;
    }

    /** Whether the split/merge search refines Lloyd's result ({@link Builder#refinement(boolean)}). */
    public boolean splitMerge() {
        return splitMerge;
    }

    /** The seed of every sample and of the k-means++ draws. */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        Fitted f = fitted;
        return "PQKMeans[k=" + (f != null ? String.valueOf(f.result().k()) : String.valueOf(k)) + ", threads="
                + threads + ", seed=" + seed + ", " + kmeans + ", splitMerge=" + splitMerge + (f == null ? ", not fitted]" : ", inertia=" + f.result().inertia() + "]");
    }

    /**
     * Settings for a {@link PQKMeans}; every value is checked when set ({@link KMeansBuilder} has the setters).
     */
    public static final class Builder extends KMeansBuilder<Builder> {
        private Builder() {
        }

        /** Builds the estimator; rejects a missing encoder and inconsistent auto-K settings (e.g. autoKMin > autoKMax). */
        public PQKMeans build() {
            return new PQKMeans(settings("PQKMeans", "PQEncoder"));
        }
    }
}
