package org.clostera.io.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.npy.NpyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link SyntheticDataset} as {@code dir/vectors.npy} (float32, {@code (rows, dim)}) and
 * {@code dir/labels.npy} (int32, {@code (rows,)}), generating fixed blocks of rows in parallel and
 * writing each block at its position, so memory stays at one block per thread whatever the row count.
 * Output bytes depend only on the dataset, never on the thread count. Each file is written to a
 * temporary name and renamed when complete; on failure neither is left behind.
 */
public final class SyntheticWriter {
    /** Progress stage name reported to the listener, in rows. */
    public static final String STAGE = "generate";
    public static final String VECTORS_FILE = "vectors.npy";
    public static final String LABELS_FILE = "labels.npy";

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticWriter.class);
    private static final long BLOCK_BYTES = 8L << 20;
    /** An upper bound of an .npy header (NpyHeader pads to a multiple of 64; shapes are short). */
    private static final long HEADER_BYTES = 256;

    private SyntheticWriter() {
    }

    /** As {@link #write(SyntheticDataset, Path, int, ProgressListener)} without progress reports. */
    public static void write(SyntheticDataset dataset, Path dir, int threads) {
        write(dataset, dir, threads, ProgressListener.NONE);
    }

    /**
     * Writes both files into {@code dir} (created if missing), replacing existing ones, using
     * {@code threads} worker threads.
     */
    public static void write(SyntheticDataset dataset, Path dir, int threads, ProgressListener progress) {
        write(dataset, dir, threads, progress, blockRows(dataset.dim()));
    }

    /**
     * The bytes the two files take (data and the headers' upper bound), for a size check before any
     * work. Throws {@link InvalidParameterException} when the vectors would not fit in a file (more than
     * {@code Long.MAX_VALUE} bytes).
     */
    public static long outputBytes(long rows, int dim) {
        if (rows < 1 || dim < 1) {
            throw new InvalidParameterException("rows and dim must be >= 1, got rows=" + rows + ", dim=" + dim);
        }
        try {
            long vectorBytes = Math.multiplyExact(Math.multiplyExact(rows, (long) dim), 4L);
            long labelBytes = Math.multiplyExact(rows, 4L);
            return Math.addExact(Math.addExact(vectorBytes, labelBytes), 2 * HEADER_BYTES);
        } catch (ArithmeticException e) {
            throw new InvalidParameterException("rows x dim = " + rows + " x " + dim
                    + " float32 values take more bytes than a file can hold (" + Long.MAX_VALUE + ")");
        }
    }

    /** Rows per generated block: about 8 MiB of floats. */
    static int blockRows(int dim) {
        return (int) Math.max(1, Math.min(1 << 20, BLOCK_BYTES / (4L * dim)));
    }

    static void write(SyntheticDataset dataset, Path dir, int threads, ProgressListener progress, int blockRows) {
        if (threads < 1) {
            throw new InvalidParameterException("threads must be >= 1, got " + threads);
        }
        if (blockRows < 1) {
            throw new InvalidParameterException("blockRows must be >= 1, got " + blockRows);
        }
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        outputBytes(dataset.rows(), dataset.dim());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ClosteraException("cannot create output directory " + dir + ": " + e, e);
        }
        long rows = dataset.rows();
        int dim = dataset.dim();
        long blocks = Math.ceilDiv(rows, blockRows);
        LOG.info("generating {} to {} in {} blocks of {} rows with {} threads", dataset.description(), dir, blocks,
                blockRows, threads);
        listener.onStageStart(STAGE, rows);
        NpyWriter vectors = NpyWriter.createFloat32(dir.resolve(VECTORS_FILE), rows, dim);
        NpyWriter labels = null;
        boolean done = false;
        try (WorkerPool pool = new WorkerPool(threads)) {
            labels = NpyWriter.createInt32(dir.resolve(LABELS_FILE), rows);
            NpyWriter labelWriter = labels;
            ThreadLocal<float[]> vectorBuffers = ThreadLocal.withInitial(() -> new float[blockRows * dim]);
            ThreadLocal<int[]> labelBuffers = ThreadLocal.withInitial(() -> new int[blockRows]);
            AtomicLong rowsDone = new AtomicLong();
            // Rounds keep the task index an int for any row count.
            int roundBlocks = 1 << 20;
            for (long roundStart = 0; roundStart < blocks; roundStart += roundBlocks) {
                long start = roundStart;
                int tasks = (int) Math.min(roundBlocks, blocks - roundStart);
                pool.run(tasks, t -> {
                    long firstRow = (start + t) * blockRows;
                    int count = (int) Math.min(blockRows, rows - firstRow);
                    float[] vectorBuffer = vectorBuffers.get();
                    int[] labelBuffer = labelBuffers.get();
                    dataset.read(firstRow, count, vectorBuffer, 0);
                    dataset.labels(firstRow, count, labelBuffer, 0);
                    vectors.writeFloats(firstRow, vectorBuffer, 0, count);
                    labelWriter.writeInts(firstRow, labelBuffer, 0, count);
                    listener.onProgress(STAGE, rowsDone.addAndGet(count), rows);
                });
            }
            vectors.close();
            try {
                labels.close();
            } catch (RuntimeException e) {
                // Do not leave vectors without their labels.
                deleteQuietly(vectors.target());
                throw e;
            }
            done = true;
        } finally {
            if (!done) {
                vectors.abort();
                if (labels != null) {
                    labels.abort();
                }
            }
        }
        listener.onStageEnd(STAGE);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // The original failure is what gets reported.
        }
    }
}
