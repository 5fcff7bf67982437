package org.clostera.quantize;

import org.clostera.internal.ParameterChecks;
import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.FiniteCheck;
import org.clostera.data.RamBudget;
import org.clostera.data.RowSampler;
import org.clostera.data.VectorSource;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.linalg.OrthogonalProcrustes;
import org.clostera.internal.linalg.PcaRotation;
import org.clostera.internal.linalg.RotationBatches;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.internal.train.SubspaceTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimized product quantizer (OPQ): an orthogonal {@code D x D} rotation {@code R} learned so that PQ
 * of the rotated vectors {@code y = x R} loses as little as possible, then a {@link PQEncoder} in the
 * rotated space (the <em>coding space</em>). Same API as {@link PQEncoder}; codes are M bytes.
 *
 * <pre>{@code
 * OPQEncoder enc = OPQEncoder.builder().subquantizers(64).codebookSize(64).opqIterations(3).fit(source);
 * enc.encode(vectors, n, codes);
 * float[] approx = enc.decode(codes, n);   // back in the original space
 * }</pre>
 *
 * <p>Rows are first normalised ({@link AffineNormalization}: {@code (x - mean) / scale}, learned from the
 * training sample), so the rotation, codebooks and code-space centers work on numbers near 1 whatever the
 * data's offset or magnitude; {@link #decode} returns input units.
 *
 * <p>Training on a deterministic sample X (normalised): start from the PCA rotation with eigenvalue allocation
 * ({@link PcaRotation}); then {@code opqIterations} times: rotate the sample (one GEMM), train PQ in the
 * rotated space (warm-started after the first round), encode it, and replace R by the orthogonal
 * Procrustes solution between X and the reconstruction Y ({@code R = U V^T} from the SVD of
 * {@code X^T Y}); finally rotate with the last R and train PQ once more. {@code X^T Y} is formed from
 * per-codeword sums of X (no n x D x D product).
 *
 * <p><b>Never worse than PQ on its sample.</b> The rounds only descend from their start, and the PCA start can
 * be a poor one: on small-integer data such as scikit-learn's digits (pixels 0..16) it mixes the dimensions
 * into continuous values the codewords cover worse, and the learned rotation ends up to 2x worse than plain PQ.
 * So training also fits plain PQ on the same sample exactly as {@link PQEncoder} would (same M, Ks, iterations
 * and seed: one extra PQ training) and compares the sample MSE after the final training. If plain PQ is lower,
 * the rounds run again from the identity, warm from those plain PQ codebooks (a second alternation, paid only on
 * such data), and that rotation is kept if it beats plain PQ; otherwise the identity with plain PQ's codebooks
 * is kept, which codes every row exactly as {@link PQEncoder} does. Ties keep the learned rotation. The promise
 * is about the training sample (rows outside it usually follow); it is PQEncoder's own sample unless a RAM budget
 * clamps OPQ's (which also holds the rotated copy) below PQ's. The choice
 * and the sample errors are logged (info) and returned by {@link #rotationChoice()}; they are not stored in
 * encoder files, which keep their format. Dense math runs on native OpenBLAS when present, else on
 * the pure-Java path ({@link LinearAlgebra}). Same data and seed give the same encoder for any thread
 * count.
 */
public final class OPQEncoder implements Encoder {
    /** Lloyd iterations of the warm-started PQ training inside OPQ rounds after the first. */
    static final int WARM_ITERATIONS = 8;
    /** Lloyd iterations of the first OPQ round's PQ training (from the PCA-quantile start). */
    static final int FIRST_ROUND_ITERATIONS = 10;
    /** Columns of X per task when summing rows per codeword for X^T Y. */
    static final int SUM_COLUMNS = 16;
    /** Progress stage of rotation learning (one unit per OPQ round plus the final PQ training). */
    public static final String TRAIN_STAGE = "opq-train";
    /** Progress stage reported while encoding a {@link VectorSource}. */
    public static final String ENCODE_STAGE = "opq-encode";

    private static final Logger LOG = LoggerFactory.getLogger(OPQEncoder.class);

    private final AffineNormalization normalization;
    private final float[] rotation;
    private final PQEncoder pq;
    private final int threads;
    private final int batchRows;
    private final LinearAlgebra backend;
    private final double rotationSeconds;
    private final double[] rotatedErrorHistory;
    private final RotationChoice rotationChoice;

    private OPQEncoder(AffineNormalization normalization, float[] rotation, PQEncoder pq, int threads, int batchRows,
                       LinearAlgebra backend, double rotationSeconds, double[] rotatedErrorHistory,
                       RotationChoice rotationChoice) {
        this.normalization = normalization;
        this.rotation = rotation;
        this.pq = pq;
        this.threads = threads;
        this.batchRows = batchRows > 0 ? batchRows : RotationBatches.rows(pq.dim());
        this.backend = backend;
        this.rotationSeconds = rotationSeconds;
        this.rotatedErrorHistory = rotatedErrorHistory;
        this.rotationChoice = rotationChoice;
    }

    /** A builder with the defaults (M from D, Ks 256, 25 Lloyd iterations, 3 OPQ iterations, 32768 rows). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An encoder from an existing rotation and coding-space PQ that rotates its input as is (no
     * normalisation).
     *
     * @param rotation {@code D x D} row-major, {@code y = x R}; must be orthogonal within 1e-3; copied
     * @param pq       the PQ of the rotated space, same dimension
     * @param threads  threads for rotation and encoding, or 0 for all cores
     */
    public static OPQEncoder fromRotation(float[] rotation, PQEncoder pq, int threads) {
        return fromRotation(AffineNormalization.IDENTITY, rotation, pq, threads);
    }

    /**
     * An encoder that normalises with {@code normalization}, then rotates ({@code y = ((x - mean) / scale) R})
     * and quantizes with {@code pq} (whose own normalisation must be the identity); e.g. read back from a file.
     */
    public static OPQEncoder fromRotation(AffineNormalization normalization, float[] rotation, PQEncoder pq,
                                          int threads) {
        if (normalization == null) {
            throw new InvalidParameterException("normalization is null (use AffineNormalization.IDENTITY)");
        }
        if (pq != null && !pq.normalization().isIdentity()) {
            throw new InvalidParameterException("the coding-space PQ of an OPQ encoder must not normalise again");
        }
        if (pq == null || rotation == null) {
            throw new InvalidParameterException("rotation and coding-space PQ encoder must not be null");
        }
        int d = pq.dim();
        if (rotation.length != d * d) {
            throw new InvalidParameterException("rotation holds " + rotation.length + " floats, expected D x D = "
                    + d + " x " + d);
        }
        if (threads < 0) {
            throw new InvalidParameterException("threads must be >= 1 (or 0 for all cores), got " + threads);
        }
        FiniteCheck.requireFinite(rotation, 0, d, d, 0, "rotation");
        double error = OrthogonalProcrustes.orthogonalityError(rotation, d);
        if (error > 1e-3) {
            throw new InvalidParameterException("rotation is not orthogonal: max |R^T R - I| = " + error);
        }
        return new OPQEncoder(normalization, rotation.clone(), pq, threads == 0 ? WorkerPool.defaultThreads() : threads,
                0, LinearAlgebra.get(), 0, new double[0], RotationChoice.SUPPLIED);
    }

    @Override
    public int dim() {
        return pq.dim();
    }

    @Override
    public int subquantizers() {
        return pq.subquantizers();
    }

    @Override
    public int codebookSize() {
        return pq.codebookSize();
    }

    @Override
    public SubspaceLayout layout() {
        return pq.layout();
    }

    @Override
    public float[] codebook(int subspace) {
        return pq.codebook(subspace);
    }

    @Override
    public boolean rotated() {
        return true;
    }

    @Override
    public AffineNormalization normalization() {
        return normalization;
    }

    /** The learned rotation, {@code D x D} row-major ({@code y = x R}); a copy. */
    public float[] rotation() {
        return rotation.clone();
    }

    /** The plain PQ of the rotated (coding) space. */
    public PQEncoder codingSpaceEncoder() {
        return pq;
    }

    /** Threads used for rotation and encoding. */
    public int threads() {
        return threads;
    }

    /**
     * Rows rotated per GEMM batch: {@link Builder#batchRows(int)}, else what the RAM budget's encode share
     * holds, else {@value RotationBatches#ENV} or 32 MiB of floats.
     */
    public int batchRows() {
        return batchRows;
    }

    /**
     * Wall time spent learning the rotation (the plain PQ it is compared with, PCA start, OPQ rounds with their PQ
     * trainings and Procrustes updates, and the rounds from the identity when they run), excluding the final PQ
     * trainings; 0 for {@link #fromRotation}.
     */
    public double rotationSeconds() {
        return rotationSeconds;
    }

    /**
     * Mean squared reconstruction error per dimension of the training sample in each OPQ round, before
     * its Procrustes update (the alternating objective; non-increasing up to Lloyd noise), of the last
     * alternation run (from the identity when it ran, else from the PCA start). A copy.
     */
    public double[] rotatedErrorHistory() {
        return rotatedErrorHistory.clone();
    }

    /**
     * Which rotation training kept and the sample errors it compared; {@link RotationChoice#SUPPLIED} for
     * {@link #fromRotation} (and so for encoders read from a file).
     */
    public RotationChoice rotationChoice() {
        return rotationChoice;
    }

    /** Where the kept rotation comes from: {@code rotationChoice().start()}. */
    public RotationStart rotationStart() {
        return rotationChoice.start();
    }

    /** The dense-math backend in use (native OpenBLAS or the pure-Java path). */
    public String linearAlgebra() {
        return backend.name();
    }

    @Override
    public void toCodingSpace(float[] in, int n, float[] out) {
        requireRows(in, n, "input");
        requireRows(out, n, "output");
        try (WorkerPool pool = new WorkerPool(threads)) {
            multiplyInBatches(in, n, false, out, pool);
        }
    }

    @Override
    public void fromCodingSpace(float[] in, int n, float[] out) {
        requireRows(in, n, "input");
        requireRows(out, n, "output");
        try (WorkerPool pool = new WorkerPool(threads)) {
            multiplyInBatches(in, n, true, out, pool);
        }
    }

    /**
     * {@code out = normalise(in) R}, or {@code out = unnormalise(in R^T)} when {@code inverse}: one GEMM per
     * batch of {@link #batchRows} rows.
     */
    private void multiplyInBatches(float[] in, int n, boolean inverse, float[] out, WorkerPool pool) {
        int d = dim();
        float[] normalised = inverse || normalization.isIdentity() ? null : new float[Math.min(batchRows, n) * d];
        for (int first = 0; first < n; first += batchRows) {
            int count = Math.min(batchRows, n - first);
            if (inverse) {
                backend.gemm().multiply(false, true, count, d, d, in, first * d, d, rotation, 0, d,
                        0f, out, first * d, d, pool);
                normalization.invertInPlace(out, first * d, count, d);
            } else {
                normaliseAndRotate(in, first * d, count, normalised, out, first * d, pool);
            }
        }
    }

    /**
     * {@code out[outOffset..] = normalise(rows) R} for {@code count} rows of {@code in} from {@code inOffset};
     * {@code normalised} is a scratch of at least {@code count x D} floats, or null for identity normalisation.
     */
    private void normaliseAndRotate(float[] in, int inOffset, int count, float[] normalised, float[] out,
                                    int outOffset, WorkerPool pool) {
        int d = dim();
        float[] left = in;
        int leftOffset = inOffset;
        if (normalised != null) {
            normalization.apply(in, inOffset, count, d, normalised, 0);
            left = normalised;
            leftOffset = 0;
        }
        backend.gemm().multiply(false, false, count, d, d, left, leftOffset, d, rotation, 0, d,
                0f, out, outOffset, d, pool);
    }

    @Override
    public void encode(float[] vectors, int n, byte[] codes) {
        int d = dim();
        int m = subquantizers();
        if (n < 0) {
            throw new InvalidParameterException("row count must be >= 0, got " + n);
        }
        requireRows(vectors, n, "vectors");
        if (codes == null || (long) codes.length < (long) n * m) {
            throw new InvalidParameterException("codes hold " + (codes == null ? 0 : codes.length)
                    + " bytes, fewer than n x M = " + n + " x " + m);
        }
        // Check before rotating: a NaN would spread over its whole row and lose its column.
        FiniteCheck.requireFinite(vectors, 0, n, d, 0, "float[]");
        int batch = Math.min(batchRows, Math.max(1, n));
        float[] rotated = new float[batch * d];
        // Normalise before rotating: rotating raw rows far from 0 (or near the float range) would cancel
        // (or overflow) in the GEMM.
        float[] normalised = normalization.isIdentity() ? null : new float[batch * d];
        byte[] batchCodes = new byte[batch * m];
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int first = 0; first < n; first += batch) {
                int count = Math.min(batch, n - first);
                normaliseAndRotate(vectors, first * d, count, normalised, rotated, 0, pool);
                pq.encode(rotated, count, batchCodes, false);
                System.arraycopy(batchCodes, 0, codes, first * m, count * m);
            }
        }
    }

    @Override
    public void encode(VectorSource source, CodeStore codes, ProgressListener listener) {
        int d = dim();
        int m = subquantizers();
        if (source == null || codes == null) {
            throw new InvalidParameterException("source and code store must not be null");
        }
        if (source.dim() != d) {
            throw new InvalidDataException("expected dimension " + d + " but the source has " + source.dim(),
                    source.description(), -1, null, null);
        }
        if (codes.rows() != source.rows() || codes.codeBytes() != m) {
            throw new InvalidParameterException("code store is " + codes.rows() + " x " + codes.codeBytes()
                    + " bytes but the source needs " + source.rows() + " x " + m);
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long rows = source.rows();
        int batch = (int) Math.min(batchRows, Math.max(1, rows));
        progress.onStageStart(ENCODE_STAGE, rows);
        float[] input = new float[batch * d];
        float[] rotated = new float[batch * d];
        byte[] batchCodes = new byte[batch * m];
        long start = System.nanoTime();
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (long first = 0; first < rows; first += batch) {
                int count = (int) Math.min(batch, rows - first);
                CheckedReads.read(source, first, count, input);
                normalization.applyInPlace(input, 0, count, d);
                backend.gemm().multiply(false, false, count, d, d, input, 0, d, rotation, 0, d,
                        0f, rotated, 0, d, pool);
                pq.encode(rotated, count, batchCodes, false);
                codes.write(first, count, batchCodes, 0);
                progress.onProgress(ENCODE_STAGE, first + count, rows);
            }
        }
        progress.onStageEnd(ENCODE_STAGE);
        if (LOG.isDebugEnabled()) {
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.debug("OPQ-encoded {} rows of {} in {} s ({} rows/s, {} threads, {})", rows, source.description(),
                    seconds, (long) (rows / Math.max(seconds, 1e-9)), threads, backend.name());
        }
    }

    @Override
    public float[] decode(byte[] codes, int n) {
        int d = dim();
        int m = subquantizers();
        if (n < 0) {
            throw new InvalidParameterException("row count must be >= 0, got " + n);
        }
        if (codes == null || (long) codes.length < (long) n * m) {
            throw new InvalidParameterException("codes hold " + (codes == null ? 0 : codes.length)
                    + " bytes, fewer than n x M = " + n + " x " + m);
        }
        if ((long) n * d > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("cannot decode " + n + " rows of dimension " + d
                    + " into one array; decode in batches");
        }
        float[] out = new float[n * d];
        int batch = Math.min(batchRows, Math.max(1, n));
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int first = 0; first < n; first += batch) {
                int count = Math.min(batch, n - first);
                byte[] part = first == 0 && count == n ? codes : Arrays.copyOfRange(codes, first * m, (first + count) * m);
                float[] inCodingSpace = pq.decode(part, count);
                backend.gemm().multiply(false, true, count, d, d, inCodingSpace, 0, d, rotation, 0, d,
                        0f, out, first * d, d, pool);
                normalization.invertInPlace(out, first * d, count, d);
            }
        }
        return out;
    }

    /**
     * Mean squared reconstruction error per dimension, in the input space, over a deterministic sample
     * (see {@link ReconstructionError}).
     */
    public double reconstructionMse(VectorSource source, int sampleRows, long seed) {
        return ReconstructionError.meanSquaredError(this, source, sampleRows, seed);
    }

    @Override
    public String toString() {
        return "OPQEncoder[" + layout() + ", Ks=" + codebookSize() + ", rotation " + dim() + "x" + dim() + "]";
    }

    private void requireRows(float[] array, int n, String what) {
        if (n < 0) {
            throw new InvalidParameterException("row count must be >= 0, got " + n);
        }
        if (array == null || (long) array.length < (long) n * dim()) {
            throw new InvalidParameterException(what + " holds " + (array == null ? 0 : array.length)
                    + " floats, fewer than n x D = " + n + " x " + dim());
        }
    }

    /** Where an encoder's rotation comes from. */
    public enum RotationStart {
        /** Learned by the alternating rounds from the PCA rotation with eigenvalue allocation (the usual case). */
        PCA("the rotation learned from the PCA start"),
        /**
         * Learned by the alternating rounds from the identity, warm from the plain PQ codebooks: run only when
         * plain PQ beat the rotation from the PCA start, and kept when it beats plain PQ too.
         */
        IDENTITY("the rotation learned from the identity start"),
        /**
         * No rotation (the identity) and the codebooks of {@link PQEncoder} with the same settings and seed:
         * plain PQ reconstructed the training sample better than any learned rotation.
         */
        PLAIN_PQ("the identity (plain PQ)"),
        /** Given to {@link #fromRotation} or read from a file; not chosen by training. */
        SUPPLIED("a supplied rotation");

        private final String description;

        RotationStart(String description) {
            this.description = description;
        }
    }

    /**
     * The choice training made, with the sample MSE per dimension (input units) of each candidate; NaN for a
     * candidate not trained.
     *
     * @param start              the kept rotation
     * @param pcaSampleMse       the rotation learned from the PCA start, after its final PQ training
     * @param identitySampleMse  the rotation learned from the identity start (run only when plain PQ beat the
     *                           PCA start)
     * @param plainPqSampleMse   plain PQ, trained as {@link PQEncoder} would on the same sample
     */
    public record RotationChoice(RotationStart start, double pcaSampleMse, double identitySampleMse,
                                 double plainPqSampleMse) {
        /** An encoder built from a given rotation. */
        public static final RotationChoice SUPPLIED = new RotationChoice(RotationStart.SUPPLIED, Double.NaN, Double.NaN,
                Double.NaN);
    }

    /**
     * Settings for training an {@link OPQEncoder}; the terminal operation is {@link #fit(VectorSource)}.
     * Every parameter is checked before any data is read.
     */
    public static final class Builder {
        private EncoderSettings settings = EncoderSettings.defaults();
        private long seed;
        private int threads;
        private int batchRows;
        private RamBudget ramBudget = RamBudget.UNLIMITED;
        private ProgressListener progressListener = ProgressListener.NONE;
        private LinearAlgebra backend;

        private Builder() {
        }

        /**
         * All training settings at once (replaces M, Ks, iterations, opqIterations and trainRows set so far); this builder
         * trains OPQ whatever its {@code opq} flag.
         */
        public Builder settings(EncoderSettings settings) {
            if (settings == null) {
                throw new InvalidParameterException("encoder settings are null");
            }
            this.settings = settings;
            return this;
        }

        /** Number of subspaces M (= code bytes), 1..D; 0 (default) = {@link SubspaceLayout#defaultSubquantizers}. */
        public Builder subquantizers(int m) {
            settings = settings.withSubquantizers(m);
            return this;
        }

        /** Codewords per subspace Ks, 2..256 (default 256). */
        public Builder codebookSize(int ks) {
            settings = settings.withCodebookSize(ks);
            return this;
        }

        /** Maximum Lloyd iterations of the first and the final PQ training (default 25). */
        public Builder iterations(int iterations) {
            settings = settings.withIterations(iterations);
            return this;
        }

        /**
         * OPQ rounds (PQ training + Procrustes rotation update), default 3; 0 keeps the PCA rotation (or the
         * identity, when plain PQ reconstructs the sample better).
         */
        public Builder opqIterations(int opqIterations) {
            settings = settings.withOpqIterations(opqIterations);
            return this;
        }

        /** Rows in the deterministic training sample (default 32768, clamped to the row count; must be >= Ks). */
        public Builder trainRows(int trainRows) {
            settings = settings.withTrainRows(trainRows);
            return this;
        }

        /** Seed of the training sample and initialisation (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Worker threads for training, rotation and encoding; 0 (default) = all cores. Results do not depend on it. */
        public Builder threads(int threads) {
            this.threads = ParameterChecks.threadsOrAll(threads);
            return this;
        }

        /**
         * Rows per rotation batch when encoding; 0 (default) = about {@value RotationBatches#DEFAULT_MIB} MiB
         * of floats, or the environment variable {@value RotationBatches#ENV} (MiB).
         */
        public Builder batchRows(int batchRows) {
            if (batchRows < 0) {
                throw new InvalidParameterException("batchRows must be >= 1 (or 0 for the default), got " + batchRows);
            }
            this.batchRows = batchRows;
            return this;
        }

        /**
         * Bounds the training sample and the encode batches by their shares of {@code budget} (see
         * {@link RamBudget}). Rotation learning holds the sample and its rotated copy, so {@code trainRows} is
         * clamped to the rows of which both fit the training share (logged, as it changes the encoder);
         * encoding holds an input and a rotated batch, sized to fit the encode share unless
         * {@link #batchRows(int)} is set. Default unlimited.
         */
        public Builder ramBudget(RamBudget budget) {
            this.ramBudget = budget == null ? RamBudget.UNLIMITED : budget;
            return this;
        }

        /** Receives training progress (stages {@value OPQEncoder#TRAIN_STAGE} and {@value SubspaceTrainer#STAGE}). */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        /** Forces a dense-math backend (tests compare the native and the pure-Java paths). */
        Builder linearAlgebra(LinearAlgebra backend) {
            this.backend = backend;
            return this;
        }

        /** Trains on the rows of {@code vectors} (every row the same length; not copied). */
        public OPQEncoder fit(float[][] vectors) {
            return fit(ArrayVectorSource.of(vectors));
        }

        /** Trains on a row-major array of {@code rowMajor.length / dim} rows (not copied). */
        public OPQEncoder fit(float[] rowMajor, int dim) {
            return fit(ArrayVectorSource.of(rowMajor, dim));
        }

        /** Trains on a deterministic sample of {@code source}'s rows. */
        public OPQEncoder fit(VectorSource source) {
            int trainRows = settings.trainRows();
            TrainingInput input = TrainingInput.check(source, settings.subquantizers(), settings.codebookSize(),
                    trainRows);
            int dim = input.dim();
            long rows = input.rows();
            SubspaceLayout layout = input.layout();
            int ks = input.ks();
            // The sample and its rotation: two sample-sized arrays in the training share.
            int budgetRows = ramBudget.trainRows(trainRows, 2 * dim);
            if (budgetRows < ks) {
                throw new InvalidParameterException("RAM budget " + ramBudget + " is too small to train OPQ: its "
                        + "training share (1/4) holds a sample and its rotation of " + budgetRows + " rows of dimension "
                        + dim + ", fewer than codebookSize Ks = " + ks + "; give at least "
                        + RamBudget.format(32L * ks * dim) + " or use plain PQ (fastest(true))");
            }
            if (budgetRows < trainRows && budgetRows < rows) {
                LOG.warn("RAM budget {}: OPQ training sample clamped from {} to {} rows (this changes the encoder)",
                        ramBudget, trainRows, budgetRows);
            }
            int sampleRows = TrainingInput.sampleRowsWithinArrayLimit((int) Math.min(budgetRows, rows), dim, ks);
            OpqDimensionLimit.check(dim, sampleRows, Runtime.getRuntime().maxMemory());
            int workers = threads == 0 ? WorkerPool.defaultThreads() : threads;
            LinearAlgebra linalg = backend != null ? backend : LinearAlgebra.get();

            long[] rowIndices = RowSampler.sample(rows, sampleRows, seed);
            float[] sample = new float[sampleRows * dim];
            CheckedReads.readRows(source, rowIndices, sample);
            AffineNormalization normalization = AffineNormalization.learn(sample, sampleRows, dim);
            normalization.applyInPlace(sample, 0, sampleRows, dim);
            // Encoding holds an input and a rotated batch: the two batches of the encode share.
            int batch = batchRows > 0 || ramBudget.unlimited() ? batchRows
                    : ramBudget.encodeBatchRows(dim, RotationBatches.rows(dim));
            try (WorkerPool pool = new WorkerPool(workers)) {
                return new RotationLearner(sample, sampleRows, layout, ks, linalg, pool).learn(normalization, workers,
                        batch);
            }
        }

        /** The alternating optimisation on one in-memory sample. */
        private final class RotationLearner {
            private final float[] x;
            private final int n;
            private final SubspaceLayout layout;
            private final int ks;
            private final LinearAlgebra linalg;
            private final WorkerPool pool;

            RotationLearner(float[] x, int n, SubspaceLayout layout, int ks, LinearAlgebra linalg, WorkerPool pool) {
                this.x = x;
                this.n = n;
                this.layout = layout;
                this.ks = ks;
                this.linalg = linalg;
                this.pool = pool;
            }

            OPQEncoder learn(AffineNormalization normalization, int workers, int encodeBatchRows) {
                int opqIterations = settings.opqIterations();
                ProgressListener progress = progressListener;
                long start = System.nanoTime();
                long total = opqIterations + 2L;
                progress.onStageStart(TRAIN_STAGE, total);
                // Plain PQ on the sample, trained exactly as PQEncoder trains it: kept when the learned rotation
                // reconstructs the sample worse, so OPQ never loses to PQ on its own sample.
                Candidate plain = plainPq(workers);
                progress.onProgress(TRAIN_STAGE, 1L, total);
                Candidate pca = alternate(PcaRotation.compute(x, n, layout, linalg, pool), null, RotationStart.PCA,
                        workers, 1L, total);
                double finalTrainSeconds = pca.finalTrainSeconds;
                Candidate kept = pca.sampleMse <= plain.sampleMse ? pca : plain;
                Candidate fromIdentity = null;
                if (kept == plain && opqIterations > 0) {
                    // The PCA start lost (e.g. small-integer data whose values the mixing spreads out): learn the
                    // rotation again from the identity, whose first round is the plain PQ just trained. Costs a
                    // second alternation, only on such data. The PCA rotation is dropped first, so the peak
                    // memory stays that of one alternation.
                    pca = pca.withoutRotation();
                    total += opqIterations + 1L;
                    fromIdentity = alternate(identity(layout.dim()), plain.codebooks, RotationStart.IDENTITY, workers,
                            opqIterations + 2L, total);
                    finalTrainSeconds += fromIdentity.finalTrainSeconds;
                    if (fromIdentity.sampleMse < plain.sampleMse) {
                        kept = fromIdentity;
                    }
                }
                // As before the comparison: everything but the final PQ trainings of the alternations.
                double rotationSeconds = (System.nanoTime() - start) / 1e9 - finalTrainSeconds;
                progress.onStageEnd(TRAIN_STAGE);
                double scale2 = normalization.squaredScale();
                RotationChoice choice = new RotationChoice(kept.start, pca.sampleMse * scale2,
                        fromIdentity == null ? Double.NaN : fromIdentity.sampleMse * scale2, plain.sampleMse * scale2);
                LOG.info("OPQ trained: {} Ks={} on {} rows, {} rounds; sample MSE from the PCA start {}, from the "
                        + "identity start {}, plain PQ {}: kept {}; rotation {} s ({})", layout, ks, n, opqIterations,
                        format(choice.pcaSampleMse()), fromIdentity == null ? "(not run)"
                                : format(choice.identitySampleMse()), format(choice.plainPqSampleMse()),
                        kept.start.description, String.format(java.util.Locale.ROOT, "%.2f", rotationSeconds),
                        linalg.name());
                PQEncoder pq = PQEncoder.fromCodebooks(layout, ks, kept.codebooks, workers);
                Candidate alternation = kept == plain ? (fromIdentity != null ? fromIdentity : pca) : kept;
                double[] history = alternation.history.clone();
                for (int i = 0; i < history.length; i++) {
                    history[i] *= scale2; // reported in input units, like every error figure
                }
                float[] rotation = kept.rotation != null ? kept.rotation : identity(layout.dim());
                return new OPQEncoder(normalization, rotation, pq, workers, encodeBatchRows, linalg, rotationSeconds,
                        history, choice);
            }

            /** Plain PQ of the (normalised) sample: the identity rotation and PQEncoder's codebooks. */
            private Candidate plainPq(int workers) {
                float[][] codebooks = SubspaceTrainer.train(x, n, layout, ks, settings.iterations(), null, seed, pool);
                // No D x D identity held while the learned rotation trains: it is built only if kept.
                return new Candidate(RotationStart.PLAIN_PQ, null, codebooks, sampleError(x, codebooks, workers),
                        new double[0], 0);
            }

            /**
             * The alternating optimisation from rotation {@code r}: {@code opqIterations} rounds of PQ training
             * on {@code X R} and a Procrustes update, then a final PQ training on {@code X R}. When
             * {@code firstCodebooks} is given it is the PQ of {@code X r}, and the first round uses it as is.
             */
            private Candidate alternate(float[] r, float[][] firstCodebooks, RotationStart startKind, int workers,
                                        long progressBase, long total) {
                int d = layout.dim();
                int m = layout.subspaces();
                int iterations = settings.iterations();
                int opqIterations = settings.opqIterations();
                ProgressListener progress = progressListener;
                float[] y = new float[n * d];
                byte[] codes = new byte[n * m];
                float[][] codebooks = null;
                double[] history = new double[opqIterations];
                for (int round = 0; round < opqIterations; round++) {
                    long t0 = System.nanoTime();
                    linalg.gemm().multiply(false, false, n, d, d, x, r, y, pool);
                    long t1 = System.nanoTime();
                    if (round == 0 && firstCodebooks != null) {
                        codebooks = firstCodebooks;
                    } else {
                        int lloyd = codebooks == null ? firstIterations() : Math.min(iterations, WARM_ITERATIONS);
                        codebooks = SubspaceTrainer.train(y, n, layout, ks, lloyd, codebooks, seed, pool);
                    }
                    long t2 = System.nanoTime();
                    PQEncoder.fromCodebooks(layout, ks, codebooks, workers).encode(y, n, codes, false);
                    history[round] = rotatedError(y, codes, codebooks);
                    long t3 = System.nanoTime();
                    float[] crossCovariance = crossCovariance(codes, codebooks);
                    long t4 = System.nanoTime();
                    r = OrthogonalProcrustes.solve(crossCovariance, d, linalg, pool);
                    long t5 = System.nanoTime();
                    progress.onProgress(TRAIN_STAGE, progressBase + round + 1L, total);
                    LOG.debug("OPQ ({} start) round {}/{}: normalised sample MSE before the update {}; ms: rotate {}, "
                            + "PQ train {}, encode {}, X^T Y {}, Procrustes {}", startKind, round + 1, opqIterations,
                            history[round], (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                            (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
                }
                linalg.gemm().multiply(false, false, n, d, d, x, r, y, pool);
                long finalStart = System.nanoTime();
                codebooks = SubspaceTrainer.train(y, n, layout, ks, iterations, codebooks, seed, pool, progress);
                double finalTrainSeconds = (System.nanoTime() - finalStart) / 1e9;
                progress.onProgress(TRAIN_STAGE, progressBase + opqIterations + 1L, total);
                return new Candidate(startKind, r, codebooks, sampleError(y, codebooks, workers), history,
                        finalTrainSeconds);
            }

            /** Normalised sample MSE per dimension of {@code rotated} coded with {@code codebooks}. */
            private double sampleError(float[] rotated, float[][] codebooks, int workers) {
                byte[] codes = new byte[n * layout.subspaces()];
                PQEncoder.fromCodebooks(layout, ks, codebooks, workers).encode(rotated, n, codes, false);
                return rotatedError(rotated, codes, codebooks);
            }

            /** Lloyd iterations of the first round (from scratch): later rounds and the final training refine. */
            private int firstIterations() {
                return Math.min(settings.iterations(), FIRST_ROUND_ITERATIONS);
            }

            /** Mean squared error per dimension between the rotated sample and its PQ reconstruction. */
            private double rotatedError(float[] rotated, byte[] codes, float[][] codebooks) {
                int d = layout.dim();
                int m = layout.subspaces();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < m; s++) {
                        int width = layout.width(s);
                        int c = (codes[i * m + s] & 0xFF) * width;
                        int base = i * d + layout.offset(s);
                        for (int j = 0; j < width; j++) {
                            double diff = rotated[base + j] - codebooks[s][c + j];
                            sum += diff * diff;
                        }
                    }
                }
                return sum / ((double) n * d);
            }

            /**
             * {@code X^T Y} ({@code D x D}, row-major) where Y is the decoded sample: the columns of subspace
             * s are {@code S_s^T C_s}, with {@code S_s} the per-codeword sums of the rows of X coded to each
             * codeword of s ({@code Ks x D}) and {@code C_s} the codebook: ~{@code n M D} additions instead of
             * a {@code 2 n D^2} product. One task per block of {@value #SUM_COLUMNS} columns of X, so the sums
             * of a block ({@code M x Ks x 16} floats, 256 KiB at M = Ks = 64) stay in L2 while the rows stream
             * by once (wider blocks measured 3x slower); rows are summed in ascending order, so the result does
             * not depend on the thread count.
             */
            private float[] crossCovariance(byte[] codes, float[][] codebooks) {
                int d = layout.dim();
                int m = layout.subspaces();
                float[] a = new float[d * d];
                int blocks = (d + SUM_COLUMNS - 1) / SUM_COLUMNS;
                // The small products run inside tasks: use the Java GEMM, thread-safe and identical on both
                // backends.
                org.clostera.internal.linalg.Gemm taskGemm = LinearAlgebra.java().gemm();
                pool.run(blocks, blk -> {
                    int j0 = blk * SUM_COLUMNS;
                    int cols = Math.min(SUM_COLUMNS, d - j0);
                    float[] sums = new float[m * ks * cols];
                    for (int i = 0; i < n; i++) {
                        int row = i * d + j0;
                        int codeBase = i * m;
                        for (int s = 0; s < m; s++) {
                            int at = (s * ks + (codes[codeBase + s] & 0xFF)) * cols;
                            taskGemm.accumulate(sums, at, x, row, cols);
                        }
                    }
                    for (int s = 0; s < m; s++) {
                        int width = layout.width(s);
                        // A[j0 .. j0+cols, offset(s) ..] = S_s[:, j0 ..]^T C_s
                        taskGemm.multiply(true, false, cols, width, ks, sums, s * ks * cols, cols, codebooks[s], 0,
                                width, 0f, a, j0 * d + layout.offset(s), d, null);
                    }
                });
                return a;
            }
        }

        /**
         * One trained candidate: its rotation (null = identity), coding-space codebooks, normalised sample MSE
         * per dimension, the per-round history (normalised) and the seconds of its final PQ training.
         */
        private record Candidate(RotationStart start, float[] rotation, float[][] codebooks, double sampleMse,
                                 double[] history, double finalTrainSeconds) {
            Candidate withoutRotation() {
                return new Candidate(start, null, null, sampleMse, history, finalTrainSeconds);
            }
        }
    }

    private static float[] identity(int d) {
        float[] identity = new float[d * d];
        for (int i = 0; i < d; i++) {
            identity[i * d + i] = 1f;
        }
        return identity;
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
