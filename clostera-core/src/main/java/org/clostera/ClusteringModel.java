package org.clostera;

import java.nio.file.Path;
import java.util.Arrays;
import org.clostera.cluster.KSelection;
import org.clostera.cluster.PQKMeans;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.LabelSink;
import org.clostera.data.RamBudget;
import org.clostera.data.UnitLengthRows;
import org.clostera.data.VectorSource;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.DenseAssignment;
import org.clostera.internal.kmeans.StreamedPrediction;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.internal.persist.EncoderFile;
import org.clostera.internal.persist.ModelFile;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.EncoderFiles;

/**
 * A fitted clustering, immutable: the trained encoder (PQ or OPQ), the K centers, and what the fit
 * measured (inertia history, cluster sizes, timings, the auto-K report). Made by {@link Clusterer#fit} or
 * read back with {@link #load(Path)}; {@link #save(Path)} writes it (format in {@code docs/model-format.md}).
 *
 * <pre>{@code
 * ClusteringModel model = Clusterer.builder().k(null).fit(vectors);   // K chosen automatically
 * int[] labels = model.labels();                 // the training rows' clusters
 * model.save(Path.of("clusters.model"));
 * int[] later = ClusteringModel.load(Path.of("clusters.model")).predict(newVectors);
 * }</pre>
 *
 * <p>{@code predict} encodes rows with the model's encoder and assigns each code to its nearest center with
 * the same distance tables and kernel as the fit; when the fit ended with dense iterations on the raw
 * vectors ({@link #assignsExactly()}), it assigns each row to its exactly nearest center instead, as those
 * iterations did. Either way predicting the training rows gives the fit's labels, and a saved model
 * predicts exactly as the model it was saved from. Safe to use from several threads.
 */
public final class ClusteringModel {
    /** Rows per batch of {@link #predict(VectorSource, LabelSink)} without a budget. */
    private static final int PREDICT_BATCH_ROWS = 65_536;
    /** Bytes of one batch of vectors without a budget (bounds the batch at large D: 204 rows at D = 40,000). */
    private static final long PREDICT_BATCH_BYTES = 32L << 20;

    private final Encoder encoder;
    private final Metric metric;
    private final int k;
    private final float[] centers;
    /** Input-space centers rows are assigned to by exact distance, or null (assignment in code space). */
    private final float[] exactCenters;
    private final long[] clusterSizes;
    private final double[] inertiaHistory;
    private final long seed;
    private final KSelection selection;
    private final FitSummary fit;
    /**
     * The fit whose training labels this model keeps, read only for them (they stay in its long-indexed
     * store, so any row count works), or null when they went to a sink or the model was loaded.
     */
    private final PQKMeans trainingFit;
    private final String labelsDestination;
    private final int threads;
    private final RamBudget ramBudget;

    /**
     * Wall-clock seconds of the stages of a fit. {@code clusterSeconds} is all of code-space clustering:
     * auto-K, seeding, Lloyd iterations, the split/merge refinement and dense raw iterations; the parts are
     * broken out so the Lloyd iterations can be timed on their own ({@link #lloydSeconds()}).
     *
     * @param trainSeconds      encoder training (for OPQ including the rotation)
     * @param rotationSeconds   part of the training spent learning the OPQ rotation (0 for PQ)
     * @param encodeSeconds     compressing every vector to a code
     * @param autoKSeconds      choosing K ({@code k(null)}), part of {@code clusterSeconds}; 0 when K was given
     * @param seedingSeconds    choosing the initial centers, part of {@code clusterSeconds}
     * @param refineSeconds     the split/merge search over all codes, part of {@code clusterSeconds}
     * @param rawRefineSeconds  dense iterations on the raw vectors, part of {@code clusterSeconds}
     * @param clusterSeconds    code-space clustering, everything above that is not training or encoding
     * @param totalSeconds      the whole fit
     */
    public record Timings(double trainSeconds, double rotationSeconds, double encodeSeconds, double autoKSeconds,
                          double seedingSeconds, double refineSeconds, double rawRefineSeconds, double clusterSeconds,
                          double totalSeconds) {
        /** Timings of a model read from a file: the fit's are not saved. */
        public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Seconds of the k-means (Lloyd) iterations on all codes: cluster time minus its other parts. */
        public double lloydSeconds() {
            return Math.max(0, clusterSeconds - autoKSeconds - seedingSeconds - refineSeconds - rawRefineSeconds);
        }
    }

    /**
     * What a fit did beyond its result, for reports.
     *
     * @param timings          stage timings
     * @param iterationsRun    Lloyd center updates on all codes
     * @param refinementMoves  split/merge moves accepted
     * @param rawErrorHistory  squared error of the raw vectors per dense iteration (empty when none ran)
     * @param prunedFractionHistory per assignment pass of the main Lloyd run, the share of distances pruned
     */
    private record FitSummary(Timings timings, int iterationsRun, int refinementMoves, double[] rawErrorHistory,
                              double[] prunedFractionHistory) {
        static final FitSummary LOADED = new FitSummary(Timings.NONE, 0, 0, new double[0], new double[0]);
    }

    private ClusteringModel(Encoder encoder, Metric metric, int k, float[] centers, float[] exactCenters,
                            long[] clusterSizes, double[] inertiaHistory, long seed, KSelection selection,
                            FitSummary fit, PQKMeans trainingFit, String labelsDestination, int threads, RamBudget ramBudget) {
        this.encoder = encoder;
        this.metric = metric;
        this.k = k;
        this.centers = centers;
        this.exactCenters = exactCenters;
        this.clusterSizes = clusterSizes;
        this.inertiaHistory = inertiaHistory;
        this.seed = seed;
        this.selection = selection;
        this.fit = fit;
        this.trainingFit = trainingFit;
        this.labelsDestination = labelsDestination;
        this.threads = threads;
        this.ramBudget = ramBudget;
    }

    /**
     * The model of a finished fit.
     *
     * @param labelsDestination where the labels went when they are not kept ({@code labels} null)
     */
    static ClusteringModel fromFit(PQKMeans fitted, Timings timings, boolean keepLabels, String labelsDestination,
                                   long seed, int threads, RamBudget ramBudget, Metric metric) {
        FitSummary summary = new FitSummary(timings, fitted.iterationsRun(), fitted.refinementMoves(),
                fitted.rawErrorHistory(), fitted.prunedFractionHistory());
        return new ClusteringModel(fitted.encoder(), metric, fitted.k(), fitted.codingSpaceCenters(),
                fitted.rawRefinedCenters(), fitted.clusterSizes(),
                fitted.inertiaHistory(), seed, fitted.kSelection(), summary, keepLabels ? fitted : null,
                labelsDestination, threads, ramBudget);
    }

    /** Reads a model saved by {@link #save}; predictions use all cores. */
    public static ClusteringModel load(Path path) {
        return load(path, 0);
    }

    /**
     * Reads a model saved by {@link #save}. A missing, truncated, corrupt, foreign or newer file gives an
     * {@link InvalidDataException} naming the file and the problem.
     *
     * @param threads worker threads of its predictions (0 = all cores)
     */
    public static ClusteringModel load(Path path, int threads) {
        if (path == null) {
            throw new InvalidParameterException("model path is null");
        }
        String source = path.toString();
        ModelFile.Content content = ModelFile.read(path);
        Encoder encoder = EncoderFiles.fromBytes(content.encoder(), source + " (encoder block)", threads);
        int kind = encoder.rotated() ? EncoderFile.KIND_OPQ : EncoderFile.KIND_PQ;
        if (kind != content.encoderKind() || encoder.dim() != content.dim()
                || encoder.subquantizers() != content.subquantizers()
                || encoder.codebookSize() != content.codebookSize()) {
            throw new InvalidDataException("corrupt model: the header (kind " + content.encoderKind() + ", D = "
                    + content.dim() + ", M = " + content.subquantizers() + ", Ks = " + content.codebookSize()
                    + ") does not match its encoder (kind " + kind + ", D = " + encoder.dim() + ", M = "
                    + encoder.subquantizers() + ", Ks = " + encoder.codebookSize() + ")", source, -1, null, null);
        }
        Metric metric = content.metric() == ModelFile.METRIC_COSINE ? Metric.COSINE : Metric.L2;
        return new ClusteringModel(encoder, metric, content.k(), content.centers(), content.exactCenters(),
                content.clusterSizes(),
                content.inertiaHistory(), content.seed(), null, FitSummary.LOADED, null, null,
                threads == 0 ? WorkerPool.defaultThreads() : threads, RamBudget.UNLIMITED);
    }

    /**
     * Writes the model to {@code path} (a temporary sibling, then an atomic rename: the file is complete or
     * untouched): encoder, centers, cluster sizes, inertia history, seed. Not saved: the training labels,
     * the timings and the auto-K report.
     */
    public void save(Path path) {
        if (path == null) {
            throw new InvalidParameterException("model path is null");
        }
        ModelFile.write(path, new ModelFile.Content(k,
                metric == Metric.COSINE ? ModelFile.METRIC_COSINE : ModelFile.METRIC_L2,
                encoder.rotated() ? EncoderFile.KIND_OPQ : EncoderFile.KIND_PQ, encoder.dim(),
                encoder.subquantizers(), encoder.codebookSize(), seed, EncoderFiles.toBytes(encoder), centers,
                clusterSizes, inertiaHistory, exactCenters));
    }

    /** The trained encoder (PQ or OPQ). */
    public Encoder encoder() {
        return encoder;
    }

    /** The distance of the clustering; with {@link Metric#COSINE} rows are scaled to unit length to predict. */
    public Metric metric() {
        return metric;
    }

    /** Number of clusters K: the configured one, or the one auto-K selected. */
    public int k() {
        return k;
    }

    /** Input dimension D. */
    public int dim() {
        return encoder.dim();
    }

    /** The seed of the fit. */
    public long seed() {
        return seed;
    }

    /** The auto-K report when K was chosen automatically ({@code k(null)}); null when K was given or after load. */
    public KSelection kSelection() {
        return selection;
    }

    /** Whether K was chosen automatically by this fit (false after load: the report is not saved). */
    public boolean kSelected() {
        return selection != null;
    }

    /**
     * Whether rows are assigned by exact distance to the input-space centers (the fit ended with dense
     * iterations on the raw vectors) rather than encoded and assigned in code space.
     */
    public boolean assignsExactly() {
        return exactCenters != null;
    }

    /** Cluster centers in the input space, {@code [k][D]} (a copy). */
    public float[][] clusterCenters() {
        int dim = encoder.dim();
        float[] input = new float[k * dim];
        if (exactCenters != null) {
            System.arraycopy(exactCenters, 0, input, 0, input.length);
        } else {
            encoder.fromCodingSpace(centers, k, input);
        }
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            out[c] = Arrays.copyOfRange(input, c * dim, (c + 1) * dim);
        }
        return out;
    }

    /** Centers in the encoder's (normalised, for OPQ rotated) coding space, {@code k x D} row-major (a copy). */
    public float[] codingSpaceCenters() {
        return centers.clone();
    }

    /** Training rows per cluster (a copy). */
    public long[] clusterSizes() {
        return clusterSizes.clone();
    }

    /** K-means inertia after seeding, then after each center update and accepted refinement move (input units). */
    public double[] inertiaHistory() {
        return inertiaHistory.clone();
    }

    /** Final inertia (input units): the last entry of the inertia history, NaN when there is none. */
    public double inertia() {
        return inertiaHistory.length == 0 ? Double.NaN : inertiaHistory[inertiaHistory.length - 1];
    }

    /** Stage timings of the fit ({@link Timings#NONE} for a loaded model). */
    public Timings timings() {
        return fit.timings();
    }

    /** Lloyd center updates on all codes (0 for a loaded model). */
    public int iterationsRun() {
        return fit.iterationsRun();
    }

    /** Split/merge refinement moves accepted by the fit (0 for a loaded model). */
    public int refinementMoves() {
        return fit.refinementMoves();
    }

    /** Squared error of the raw vectors per dense iteration ({@code rawRefinementIterations}); empty when none ran. */
    public double[] rawErrorHistory() {
        return fit.rawErrorHistory().clone();
    }

    /**
     * Per assignment pass of the main Lloyd run, the fraction of code-center distances that pruned
     * assignment skipped (0 for the first pass; empty for a loaded model). Pruning never changes the result.
     */
    public double[] prunedFractionHistory() {
        return fit.prunedFractionHistory().clone();
    }

    /** Whether {@link #labels()} has the training labels (they are not kept when they went to a label sink). */
    public boolean hasLabels() {
        return trainingFit != null;
    }

    /**
     * The cluster of every training row (a copy).
     *
     * @throws IllegalStateException     when the fit wrote its labels to a {@link LabelSink} instead (saying
     *                                   which), or the model was loaded from a file (predict the rows instead)
     * @throws InvalidParameterException when the fit had more rows than one Java array holds (2^31 - 9): read
     *                                   them with {@link #label(long)}, or fit into a {@link LabelSink}
     */
    public int[] labels() {
        return requireLabels().labels();
    }

    /**
     * The cluster of training row {@code row} (0-based): works for any row count, also past 2^31 rows.
     *
     * @throws IllegalStateException     when the labels are not kept (as {@link #labels()})
     * @throws InvalidParameterException when {@code row} is not a training row
     */
    public int label(long row) {
        return requireLabels().label(row);
    }

    private PQKMeans requireLabels() {
        if (trainingFit == null) {
            throw new IllegalStateException(labelsDestination != null
                    ? "the labels of this fit were written to " + labelsDestination + " and not kept in memory"
                    : "a model loaded from a file has no training labels: predict(rows) gives them");
        }
        return trainingFit;
    }

    /** Nearest cluster of each vector (every row of length D). */
    public int[] predict(float[][] vectors) {
        return predict(ArrayVectorSource.of(vectors));
    }

    /** Nearest cluster of each row of a row-major array of {@code rowMajor.length / dim} rows. */
    public int[] predict(float[] rowMajor, int dim) {
        return predict(ArrayVectorSource.of(rowMajor, dim));
    }

    /** Nearest cluster of each row of {@code source} (at most about 2^31 rows: use the sink version beyond). */
    public int[] predict(VectorSource source) {
        requireSource(source);
        if (source.rows() > CodeSpaceKMeans.MAX_LABEL_ROWS) {
            throw new InvalidParameterException(source.rows() + " rows of " + source.description()
                    + " do not fit one label array: use predict(source, labelSink)");
        }
        int[] out = new int[(int) source.rows()];
        streamPredictions(source, (first, batch, count) -> System.arraycopy(batch, 0, out, (int) first, count));
        return out;
    }

    /**
     * Nearest cluster of each row of {@code source}, streamed to {@code labels} in row order: rows are read
     * in increasing order in batches (sized from the fit's RAM budget), encoded and assigned batch by batch,
     * so no N-sized array exists and any row count works. Closes the sink; aborts it on failure.
     */
    public void predict(VectorSource source, LabelSink labels) {
        try {
            if (labels == null) {
                throw new InvalidParameterException("label sink is null");
            }
            requireSource(source);
            requireSinkRows(labels, source.rows());
            streamPredictions(source, (first, batch, count) -> labels.accept(first, batch, 0, count));
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        labels.close();
    }

    /** Nearest cluster of each of the first {@code n} codes ({@code n x M} bytes, made by this model's encoder). */
    public int[] predictCodes(byte[] codes, int n) {
        try (WorkerPool pool = new WorkerPool(threads)) {
            return CodeSpaceKMeans.predict(codes, n, encoder, centers, k,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, pool);
        }
    }

    /** Nearest cluster of every code in {@code codes} (made by this model's encoder). */
    public int[] predict(CodeStore codes) {
        if (codes == null) {
            throw new InvalidParameterException("code store is null");
        }
        try (WorkerPool pool = new WorkerPool(threads)) {
            return CodeSpaceKMeans.predict(codes, encoder, centers, k,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, pool);
        }
    }

    /**
     * Nearest cluster of every code in {@code codes}, written to {@code labels} in row order, assigned in ranges
     * of 2^20 rows (no N-sized array: any row count works, also past 2^31 rows). Closes the sink; aborts it on
     * failure.
     */
    public void predict(CodeStore codes, LabelSink labels) {
        try {
            if (codes == null || labels == null) {
                throw new InvalidParameterException("code store and label sink must not be null");
            }
            requireSinkRows(labels, codes.rows());
            try (WorkerPool pool = new WorkerPool(threads)) {
                StreamedPrediction.predict(codes, 0, codes.rows(), encoder, centers, k,
                        CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, pool, labels);
            }
        } catch (RuntimeException | Error e) {
            if (labels != null) {
                labels.abort();
            }
            throw e;
        }
        labels.close();
    }

    /** Receives the labels of one batch of rows. */
    private interface BatchLabels {
        void accept(long firstRow, int[] labels, int count);
    }

    private void streamPredictions(VectorSource input, BatchLabels out) {
        VectorSource source = metric == Metric.COSINE ? UnitLengthRows.of(input) : input;
        int dim = encoder.dim();
        // Two batch-sized arrays (vectors, then codes or labels): the encode share of the budget.
        int defaultRows = (int) Math.max(1, Math.min(PREDICT_BATCH_ROWS, PREDICT_BATCH_BYTES / (4L * dim)));
        int batch = (int) Math.min(ramBudget.encodeBatchRows(dim, defaultRows), Math.max(1, source.rows()));
        float[] vectors = new float[batch * dim];
        DenseAssignment exact = exactCenters == null ? null : new DenseAssignment(exactCenters, k, dim);
        byte[] codes = exact == null ? new byte[batch * encoder.subquantizers()] : null;
        int[] labels = exact == null ? null : new int[batch];
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (long first = 0; first < source.rows(); first += batch) {
                int n = (int) Math.min(batch, source.rows() - first);
                source.read(first, n, vectors, 0);
                if (exact != null) {
                    exact.assignAll(vectors, n, labels, 0, LinearAlgebra.get().gemm(), pool);
                    out.accept(first, labels, n);
                } else {
                    encoder.encode(vectors, n, codes);
                    out.accept(first, CodeSpaceKMeans.predict(codes, n, encoder, centers, k,
                            CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, pool), n);
                }
            }
        }
    }

    private void requireSource(VectorSource source) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        if (source.dim() != encoder.dim()) {
            throw new InvalidDataException("vectors have dimension " + source.dim() + " but the model expects "
                    + encoder.dim(), source.description(), -1, null, null);
        }
    }

    private static void requireSinkRows(LabelSink labels, long rows) {
        if (labels.rows() != rows) {
            throw new InvalidParameterException("the label sink expects " + labels.rows() + " rows but the data has "
                    + rows);
        }
    }

    @Override
    public String toString() {
        return "ClusteringModel[k=" + k + ", " + (encoder.rotated() ? "OPQ" : "PQ") + ", D=" + encoder.dim() + ", M="
                + encoder.subquantizers() + ", Ks=" + encoder.codebookSize()
                + (metric == Metric.COSINE ? ", cosine" : "") + (kSelected() ? ", K selected by "
                + selection.method() : "") + "]";
    }
}
