package org.clostera.quantize;

import org.clostera.internal.ParameterChecks;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.FiniteCheck;
import org.clostera.data.RamBudget;
import org.clostera.data.RowSampler;
import org.clostera.data.VectorSource;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.internal.persist.EncoderFile;
import org.clostera.internal.train.Lloyd;
import org.clostera.internal.train.SubspaceTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Product quantizer: D dimensions split into M contiguous subspaces ({@link SubspaceLayout}, uneven
 * widths when M does not divide D), each with its own codebook of Ks codewords, so a vector becomes M
 * unsigned bytes (the index of the nearest codeword per subspace). Immutable once trained; encoding is
 * batched and multi-threaded, and gives the same codes for any thread count.
 *
 * <pre>{@code
 * PQEncoder enc = PQEncoder.builder().subquantizers(64).codebookSize(64).seed(0).fit(source);
 * byte[] codes = new byte[n * enc.subquantizers()];
 * enc.encode(vectors, n, codes);
 * float[] approx = enc.decode(codes, n);
 * }</pre>
 *
 * <p>Rows are quantized after an affine normalisation ({@link AffineNormalization}: {@code (x - mean) /
 * scale}, mean and power-of-two scale learned from the training sample), so codebooks and distances stay
 * near 1 whatever the data's offset or magnitude; {@link #decode} returns input units.
 *
 * <p>Training takes a deterministic sample of {@link Builder#trainRows(int) trainRows} rows, then per subspace
 * (in parallel) a PCA-quantile initialisation and Lloyd iterations; same data and seed give the same
 * codebooks for any thread count.
 */
public final class PQEncoder implements Encoder {
    /** Progress stage name reported while encoding a {@link VectorSource}. */
    public static final String ENCODE_STAGE = "pq-encode";

    /** Rows per encoding task: large enough to amortise kernel calls, small enough to balance threads. */
    static final int ENCODE_BLOCK_ROWS = 256;
    /** Floats of the scratch that rows of a caller's array are normalised into (256 KiB: stays in L2). */
    private static final int NORMALIZE_CHUNK_FLOATS = 65_536;
    /** Target size of one float batch buffer when encoding a source (two are used for read-ahead). */
    private static final long BATCH_TARGET_BYTES = 32L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(PQEncoder.class);

    private final SubspaceLayout layout;
    private final AffineNormalization normalization;
    private final int ks;
    private final float[][] codebooks;
    private final float[][] codebooksT;
    private final float[][] norms;
    private final int threads;
    private final int batchRows;
    private final Kernels kernels;

    private PQEncoder(SubspaceLayout layout, AffineNormalization normalization, int ks, float[][] codebooks,
                      int threads, int batchRows) {
        this.layout = layout;
        this.normalization = normalization;
        this.ks = ks;
        this.codebooks = codebooks;
        this.threads = threads;
        this.batchRows = batchRows > 0 ? batchRows : defaultBatchRows(layout.dim());
        this.kernels = KernelsProvider.get();
        int m = layout.subspaces();
        this.codebooksT = new float[m][];
        this.norms = new float[m][];
        for (int s = 0; s < m; s++) {
            int width = layout.width(s);
            codebooksT[s] = new float[ks * width];
            norms[s] = new float[ks];
            Lloyd.transpose(codebooks[s], ks, width, codebooksT[s], norms[s]);
        }
    }

    /** A builder with the defaults (M inferred from D, Ks 256, 25 iterations, 32768 training rows, seed 0). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An encoder from existing codebooks (e.g. trained by OPQ in a rotated space) that quantizes its input
     * as is (no normalisation).
     *
     * @param layout    the subspaces
     * @param ks        codewords per subspace, 2..256
     * @param codebooks {@code [M][ks * width(s)]}, codeword {@code c} at {@code c * width}; copied
     * @param threads   encoding threads, or 0 for all cores
     */
    public static PQEncoder fromCodebooks(SubspaceLayout layout, int ks, float[][] codebooks, int threads) {
        return fromCodebooks(layout, AffineNormalization.IDENTITY, ks, codebooks, threads);
    }

    /**
     * An encoder from existing codebooks of the normalised space of {@code normalization}: it quantizes
     * {@code (x - mean) / scale}, and decodes back to input units.
     */
    public static PQEncoder fromCodebooks(SubspaceLayout layout, AffineNormalization normalization, int ks,
                                          float[][] codebooks, int threads) {
        if (normalization == null) {
            throw new InvalidParameterException("normalization is null (use AffineNormalization.IDENTITY)");
        }
        if (layout == null) {
            throw new InvalidParameterException("subspace layout is null");
        }
        ParameterChecks.codebookSize(ks);
        if (threads < 0) {
            throw new InvalidParameterException("threads must be >= 1 (or 0 for all cores), got " + threads);
        }
        if (codebooks == null || codebooks.length != layout.subspaces()) {
            throw new InvalidParameterException("expected M = " + layout.subspaces() + " codebooks, got "
                    + (codebooks == null ? "null" : String.valueOf(codebooks.length)));
        }
        float[][] copy = new float[codebooks.length][];
        for (int s = 0; s < codebooks.length; s++) {
            int expected = ks * layout.width(s);
            if (codebooks[s] == null || codebooks[s].length != expected) {
                throw new InvalidParameterException("codebook " + s + " has "
                        + (codebooks[s] == null ? "no" : String.valueOf(codebooks[s].length))
                        + " floats, expected Ks x width = " + ks + " x " + layout.width(s));
            }
            copy[s] = codebooks[s].clone();
            try {
                FiniteCheck.requireFinite(copy[s], 0, ks, layout.width(s), 0, "codebook " + s);
            } catch (InvalidDataException e) {
                throw new InvalidParameterException(e.getMessage().replace("row", "codeword"));
            }
        }
        return new PQEncoder(layout, normalization, ks, copy, threads == 0 ? WorkerPool.defaultThreads() : threads, 0);
    }

    @Override
    public int dim() {
        return layout.dim();
    }

    @Override
    public int subquantizers() {
        return layout.subspaces();
    }

    @Override
    public int codebookSize() {
        return ks;
    }

    @Override
    public SubspaceLayout layout() {
        return layout;
    }

    @Override
    public float[] codebook(int subspace) {
        return codebooks[subspace].clone();
    }

    @Override
    public AffineNormalization normalization() {
        return normalization;
    }

    /** Threads used by {@link #encode}. */
    public int threads() {
        return threads;
    }

    /** Rows read per batch by {@link #encode(VectorSource, CodeStore, ProgressListener)}. */
    public int batchRows() {
        return batchRows;
    }

    /**
     * Saves the codebooks to {@code path} in clostera's versioned encoder format (written to a temporary
     * name and renamed, so the file is complete or untouched). {@link #load} reads it back.
     */
    public void save(java.nio.file.Path path) {
        if (path == null) {
            throw new InvalidParameterException("encoder path is null");
        }
        int[] widths = new int[layout.subspaces()];
        for (int s = 0; s < widths.length; s++) {
            widths[s] = layout.width(s);
        }
        EncoderFile.write(path, new EncoderFile.Content(EncoderFile.KIND_PQ, widths, ks, codebooks, null,
                normalization.mean(layout.dim()), normalization.scale()));
    }

    /**
     * Loads an encoder saved by {@link #save}, encoding with all cores. A missing, corrupt, truncated or
     * non-PQ file gives an {@link InvalidDataException} naming the file.
     */
    public static PQEncoder load(java.nio.file.Path path) {
        return load(path, 0);
    }

    /** {@link #load(java.nio.file.Path)} with a thread count for encoding (0 = all cores). */
    public static PQEncoder load(java.nio.file.Path path, int threads) {
        if (path == null) {
            throw new InvalidParameterException("encoder path is null");
        }
        EncoderFile.Content content = EncoderFile.read(path);
        if (content.kind() != EncoderFile.KIND_PQ) {
            throw new InvalidDataException("this file holds an OPQ encoder (with a rotation), not a PQ encoder; "
                    + "load it with EncoderFiles.load", path.toString(), -1, null, null);
        }
        return fromContent(content, path.toString(), threads);
    }

    /** The PQ part of a read encoder file (the coding-space PQ, without normalisation, for OPQ). */
    static PQEncoder fromContent(EncoderFile.Content content, String source, int threads) {
        SubspaceLayout layout = SubspaceLayout.of(content.dim(), content.widths().length);
        for (int s = 0; s < layout.subspaces(); s++) {
            if (layout.width(s) != content.widths()[s]) {
                throw new InvalidDataException("unsupported subspace widths: subspace " + s + " is "
                        + content.widths()[s] + " wide, expected " + layout.width(s), source, -1, null, null);
            }
        }
        // An OPQ file's normalisation belongs to the OPQ encoder (it comes before the rotation).
        AffineNormalization normalization = content.kind() == EncoderFile.KIND_PQ
                ? AffineNormalization.of(content.mean(), content.scale()) : AffineNormalization.IDENTITY;
        return fromCodebooks(layout, normalization, content.ks(), content.codebooks(), threads);
    }

    @Override
    public boolean rotated() {
        return false;
    }

    @Override
    public void toCodingSpace(float[] in, int n, float[] out) {
        int dim = layout.dim();
        Math.multiplyExact(n, dim);
        normalization.apply(in, 0, n, dim, out, 0);
    }

    @Override
    public void fromCodingSpace(float[] in, int n, float[] out) {
        int dim = layout.dim();
        System.arraycopy(in, 0, out, 0, Math.multiplyExact(n, dim));
        normalization.invertInPlace(out, 0, n, dim);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses up to {@link #threads()} threads (blocks of 256 rows; a single block runs on the calling
     * thread) and rejects NaN/Inf rows with an {@link InvalidDataException} naming the row.
     */
    @Override
    public void encode(float[] vectors, int n, byte[] codes) {
        encode(vectors, n, codes, true);
    }

    /**
     * {@link #encode(float[], int, byte[])}, skipping the NaN/Inf check when {@code checkFinite} is false
     * (OPQ encodes rotations of rows it has already checked).
     */
    void encode(float[] vectors, int n, byte[] codes, boolean checkFinite) {
        int dim = layout.dim();
        int m = layout.subspaces();
        if (n < 0) {
            throw new InvalidParameterException("row count must be >= 0, got " + n);
        }
        if (vectors == null || (long) vectors.length < (long) n * dim) {
            throw new InvalidParameterException("vectors hold " + (vectors == null ? 0 : vectors.length)
                    + " floats, fewer than n x D = " + n + " x " + dim);
        }
        if (codes == null || (long) codes.length < (long) n * m) {
            throw new InvalidParameterException("codes hold " + (codes == null ? 0 : codes.length)
                    + " bytes, fewer than n x M = " + n + " x " + m);
        }
        int[] labels = new int[n];
        int blocks = (n + ENCODE_BLOCK_ROWS - 1) / ENCODE_BLOCK_ROWS;
        if (threads == 1 || blocks <= 1) {
            for (int b = 0; b < blocks; b++) {
                encodeBlock(vectors, n, b, codes, labels, checkFinite, false);
            }
            return;
        }
        try (WorkerPool pool = new WorkerPool(Math.min(threads, blocks))) {
            pool.run(blocks, b -> encodeBlock(vectors, n, b, codes, labels, checkFinite, false));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Rows are read in batches of {@link #batchRows()} by one reader thread, in increasing order (so
     * sequential sources work), while the previous batch is encoded by up to {@link #threads()} workers.
     * Reports progress as stage {@value #ENCODE_STAGE} in rows. NaN/Inf rows are rejected naming the source
     * and row: by the source when it {@linkplain VectorSource#checksFinite() checks}, else by the reader
     * thread right after each read.
     */
    @Override
    public void encode(VectorSource source, CodeStore codes, ProgressListener listener) {
        int dim = layout.dim();
        int m = layout.subspaces();
        if (source == null || codes == null) {
            throw new InvalidParameterException("source and code store must not be null");
        }
        if (source.dim() != dim) {
            throw new InvalidDataException("expected dimension " + dim + " but the source has " + source.dim(),
                    source.description(), -1, null, null);
        }
        if (codes.rows() != source.rows() || codes.codeBytes() != m) {
            throw new InvalidParameterException("code store is " + codes.rows() + " x " + codes.codeBytes()
                    + " bytes but the source needs " + source.rows() + " x " + m);
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long rows = source.rows();
        int batch = (int) Math.min(batchRows, Math.max(1, rows));
        if ((long) batch * dim > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("batchRows " + batch + " x dimension " + dim
                    + " exceeds the largest Java array; use a smaller batchRows");
        }
        progress.onStageStart(ENCODE_STAGE, rows);
        if (rows == 0) {
            progress.onStageEnd(ENCODE_STAGE);
            return;
        }
        long batches = (rows + batch - 1) / batch;
        float[][] buffers = new float[batches > 1 ? 2 : 1][batch * dim];
        byte[] batchCodes = new byte[batch * m];
        int[] labels = new int[batch];
        long start = System.nanoTime();
        // One reader thread fills the next buffer while the workers encode the current one; the source
        // is read by that thread only, in increasing row order.
        ExecutorService reader = batches > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clostera-pq-reader");
            t.setDaemon(true);
            return t;
        }) : null;
        Future<?> pending = null;
        try (WorkerPool pool = new WorkerPool(Math.min(threads, (batch + ENCODE_BLOCK_ROWS - 1) / ENCODE_BLOCK_ROWS))) {
            int firstCount = (int) Math.min(batch, rows);
            if (reader == null) {
                CheckedReads.read(source, 0, firstCount, buffers[0]);
            } else {
                pending = reader.submit(() -> CheckedReads.read(source, 0, firstCount, buffers[0]));
                awaitRead(pending);
                pending = null;
            }
            for (long b = 0; b < batches; b++) {
                long first = b * batch;
                int count = (int) Math.min(batch, rows - first);
                float[] current = buffers[(int) (b & 1)];
                if (b + 1 < batches) {
                    long nextFirst = first + count;
                    int nextCount = (int) Math.min(batch, rows - nextFirst);
                    float[] next = buffers[(int) ((b + 1) & 1)];
                    pending = reader.submit(() -> CheckedReads.read(source, nextFirst, nextCount, next));
                }
                int blocks = (count + ENCODE_BLOCK_ROWS - 1) / ENCODE_BLOCK_ROWS;
                pool.run(blocks, blk -> encodeBlock(current, count, blk, batchCodes, labels, false, true));
                codes.write(first, count, batchCodes, 0);
                if (pending != null) {
                    awaitRead(pending);
                    pending = null;
                }
                progress.onProgress(ENCODE_STAGE, first + count, rows);
            }
        } finally {
            if (pending != null) {
                // Failed mid-way: let the read finish before the caller may close the source.
                try {
                    pending.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException ignored) {
                    // The original failure is what matters.
                }
            }
            if (reader != null) {
                reader.shutdownNow();
            }
        }
        progress.onStageEnd(ENCODE_STAGE);
        if (LOG.isDebugEnabled()) {
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.debug("encoded {} rows of {} in {} s ({} rows/s, {} threads, kernels {})", rows,
                    source.description(), seconds, (long) (rows / Math.max(seconds, 1e-9)), threads, kernels.name());
        }
    }

    private static void awaitRead(Future<?> pending) {
        try {
            pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ClosteraException("reading the source failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosteraException("interrupted while reading the source", e);
        }
    }

    /**
     * Encodes block {@code block} (rows {@code [block * 256, ...)}) of {@code n} row-major vectors into
     * {@code codes}; {@code labels} is scratch with one slot per row (each block uses its own slots). The
     * rows are normalised first: in place when {@code ownBuffer} (a batch buffer of this encoder), else
     * into a block-sized copy (the caller's array is never changed).
     */
    private void encodeBlock(float[] vectors, int n, int block, byte[] codes, int[] labels, boolean checkFinite,
                             boolean ownBuffer) {
        int dim = layout.dim();
        int m = layout.subspaces();
        int first = block * ENCODE_BLOCK_ROWS;
        int count = Math.min(ENCODE_BLOCK_ROWS, n - first);
        if (checkFinite) {
            FiniteCheck.requireFinite(vectors, first * dim, count, dim, first, "float[]");
        }
        if (normalization.isIdentity() || ownBuffer) {
            if (!normalization.isIdentity()) {
                normalization.applyInPlace(vectors, first * dim, count, dim);
            }
            encodeRows(vectors, first * dim, first, count, codes, labels);
            return;
        }
        // The caller's rows are normalised into a small scratch, a chunk at a time (a block-sized copy would
        // allocate 2 MiB per block at D = 2048 and cost ~20% of the encode; measured).
        int chunk = Math.max(1, Math.min(count, NORMALIZE_CHUNK_FLOATS / dim));
        float[] scratch = new float[chunk * dim];
        for (int start = 0; start < count; start += chunk) {
            int rows = Math.min(chunk, count - start);
            normalization.apply(vectors, (first + start) * dim, rows, dim, scratch, 0);
            encodeRows(scratch, 0, first + start, rows, codes, labels);
        }
    }

    /** Codes of {@code count} rows at {@code data[offset..]}, which are rows {@code first..} of the output. */
    private void encodeRows(float[] data, int offset, int first, int count, byte[] codes, int[] labels) {
        int dim = layout.dim();
        int m = layout.subspaces();
        for (int s = 0; s < m; s++) {
            kernels.nearestCodewords(data, offset + layout.offset(s), dim, count, layout.width(s),
                    codebooksT[s], norms[s], ks, labels, first, null, 0);
            int out = first * m + s;
            for (int i = 0; i < count; i++) {
                codes[out] = (byte) labels[first + i];
                out += m;
            }
        }
    }

    @Override
    public float[] decode(byte[] codes, int n) {
        int dim = layout.dim();
        int m = layout.subspaces();
        if (n < 0) {
            throw new InvalidParameterException("row count must be >= 0, got " + n);
        }
        if (codes == null || (long) codes.length < (long) n * m) {
            throw new InvalidParameterException("codes hold " + (codes == null ? 0 : codes.length)
                    + " bytes, fewer than n x M = " + n + " x " + m);
        }
        if ((long) n * dim > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("cannot decode " + n + " rows of dimension " + dim
                    + " into one array; decode in batches");
        }
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int code = i * m;
            int row = i * dim;
            for (int s = 0; s < m; s++) {
                int c = codes[code + s] & 0xFF;
                if (c >= ks) {
                    throw new InvalidDataException("code value " + c + " of subquantizer " + s
                            + " is outside 0.." + (ks - 1), "codes", i, null, null);
                }
                int width = layout.width(s);
                System.arraycopy(codebooks[s], c * width, out, row + layout.offset(s), width);
            }
        }
        normalization.invertInPlace(out, 0, n, dim);
        return out;
    }

    /**
     * Mean squared reconstruction error per dimension over a deterministic sample of {@code sampleRows}
     * rows (all rows if fewer): sum of squared errors / (rows x D). See {@link ReconstructionError}.
     */
    public double reconstructionMse(VectorSource source, int sampleRows, long seed) {
        return ReconstructionError.meanSquaredError(this, source, sampleRows, seed);
    }

    @Override
    public String toString() {
        return "PQEncoder[" + layout + ", Ks=" + ks + "]";
    }

    static int defaultBatchRows(int dim) {
        long rows = BATCH_TARGET_BYTES / (4L * dim);
        rows = rows / ENCODE_BLOCK_ROWS * ENCODE_BLOCK_ROWS;
        return (int) Math.max(ENCODE_BLOCK_ROWS, Math.min(rows, 1 << 20));
    }

    /**
     * Settings for training a {@link PQEncoder}; the terminal operation is {@link #fit(VectorSource)}.
     * Every parameter is checked before any data is read.
     */
    public static final class Builder {
        private EncoderSettings settings = EncoderSettings.defaults();
        private long seed;
        private int threads;
        private int batchRows;
        private RamBudget ramBudget = RamBudget.UNLIMITED;
        private ProgressListener progressListener = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * All training settings at once (replaces M, Ks, iterations and trainRows set so far); this builder
         * trains plain PQ whatever its {@code opq} flag.
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

        /** Maximum Lloyd iterations per subspace (default 25; stops early when assignments settle). */
        public Builder iterations(int iterations) {
            settings = settings.withIterations(iterations);
            return this;
        }

        /**
         * Rows in the deterministic training sample (default {@value EncoderSettings#DEFAULT_TRAIN_ROWS}, clamped to
         * the row count; must be >= Ks). The sample is held in memory: {@code trainRows x D} floats.
         */
        public Builder trainRows(int trainRows) {
            settings = settings.withTrainRows(trainRows);
            return this;
        }

        /** Seed of the training sample and initialisation (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Worker threads for training and encoding; 0 (default) = all cores. Results do not depend on it. */
        public Builder threads(int threads) {
            this.threads = ParameterChecks.threadsOrAll(threads);
            return this;
        }

        /** Rows per batch when encoding a source; 0 (default) = about 32 MiB of floats per batch. */
        public Builder batchRows(int batchRows) {
            if (batchRows < 0) {
                throw new InvalidParameterException("batchRows must be >= 1 (or 0 for the default), got " + batchRows);
            }
            this.batchRows = batchRows;
            return this;
        }

        /**
         * Bounds the training sample and the encode batches by their shares of {@code budget} (see
         * {@link RamBudget}): {@code trainRows} is clamped to the rows that fit (logged, as it changes the
         * codebooks), and batches are sized to fit unless {@link #batchRows(int)} is set. Default unlimited.
         */
        public Builder ramBudget(RamBudget budget) {
            this.ramBudget = budget == null ? RamBudget.UNLIMITED : budget;
            return this;
        }

        /** Receives training progress (stage {@value SubspaceTrainer#STAGE}). */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        /** Trains on the rows of {@code vectors} (every row the same length; not copied). */
        public PQEncoder fit(float[][] vectors) {
            return fit(ArrayVectorSource.of(vectors));
        }

        /** Trains on a row-major array of {@code rowMajor.length / dim} rows (not copied). */
        public PQEncoder fit(float[] rowMajor, int dim) {
            return fit(ArrayVectorSource.of(rowMajor, dim));
        }

        /** Trains on a deterministic sample of {@code source}'s rows. */
        public PQEncoder fit(VectorSource source) {
            int trainRows = settings.trainRows();
            TrainingInput input = TrainingInput.check(source, settings.subquantizers(), settings.codebookSize(),
                    trainRows);
            int dim = input.dim();
            long rows = input.rows();
            SubspaceLayout layout = input.layout();
            int ks = input.ks();
            int budgetRows = ramBudget.trainRows(trainRows, dim);
            if (budgetRows < ks) {
                throw new InvalidParameterException("RAM budget " + ramBudget + " is too small to train: its training "
                        + "share (1/4) holds " + budgetRows + " rows of dimension " + dim
                        + ", fewer than codebookSize Ks = " + ks + "; give at least " + RamBudget.format(16L * ks * dim));
            }
            if (budgetRows < trainRows && budgetRows < rows) {
                LOG.warn("RAM budget {}: training sample clamped from {} to {} rows (this changes the codebooks)",
                        ramBudget, trainRows, budgetRows);
            }
            int sampleRows = TrainingInput.sampleRowsWithinArrayLimit((int) Math.min(budgetRows, rows), dim, ks);
            int workers = threads == 0 ? WorkerPool.defaultThreads() : threads;

            long start = System.nanoTime();
            long[] rowIndices = RowSampler.sample(rows, sampleRows, seed);
            float[] sample = new float[sampleRows * dim];
            CheckedReads.readRows(source, rowIndices, sample);
            AffineNormalization normalization = AffineNormalization.learn(sample, sampleRows, dim);
            normalization.applyInPlace(sample, 0, sampleRows, dim);
            float[][] codebooks;
            try (WorkerPool pool = new WorkerPool(workers)) {
                codebooks = SubspaceTrainer.train(sample, sampleRows, layout, ks, settings.iterations(), null, seed, pool,
                        progressListener);
            }
            LOG.debug("PQ trained: {} Ks={} on {} of {} rows in {} ms", layout, ks, sampleRows, rows,
                    (System.nanoTime() - start) / 1_000_000);
            int batch = batchRows > 0 || ramBudget.unlimited() ? batchRows
                    : ramBudget.encodeBatchRows(dim, defaultBatchRows(dim));
            return new PQEncoder(layout, normalization, ks, codebooks, workers, batch);
        }
    }
}
