package org.clostera.internal.kmeans;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.clostera.ClosteraException;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * One pass over all codes: nearest center of every code (labels), the inertia, how many labels changed
 * and, optionally, the per-cluster code histograms for the next center update.
 *
 * <p>Codes are read in fixed chunks of {@link #CHUNK_ROWS} rows (boundaries independent of the thread
 * count); each chunk is one task. Per-chunk inertia is summed in double and reduced in chunk order;
 * histograms are integer counts summed over per-worker buffers, which is order-independent. So every
 * output is identical for any thread count.
 *
 * <p>Buffers (codes, distances, histograms) belong to a fixed set of per-worker scratch objects reused
 * across passes: no allocation per chunk, and no two threads ever write the same array.
 */
final class AssignmentPass {
    /** Rows per task: 16384 codes (1 MiB at M = 64) amortise the task overhead and fit in L2/L3. */
    static final int CHUNK_ROWS = 16384;
    /** Rows per kernel call: with several LUT tiles the codes of one call stay in L1/L2 across tiles. */
    static final int KERNEL_ROWS = 2048;

    private final CodeStore codes;
    private final CodingSpaceCodebooks books;
    private final int k;
    private final int rows;
    private final int chunks;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final boolean withHistograms;
    private final BlockingQueue<Scratch> scratches;
    private final double[] chunkInertia;
    private final long[] chunkChanged;
    private final String source;

    /** Outcome of one pass. {@code histogram} is {@code [k][m][ks]} flattened, or null. */
    record Outcome(double inertia, long changed, int[] histogram) {
    }

    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source) {
        this.codes = codes;
        this.books = books;
        this.k = k;
        this.rows = (int) codes.rows();
        this.chunks = chunkCount(rows);
        this.kernels = kernels;
        this.pool = pool;
        this.withHistograms = withHistograms;
        this.source = source;
        int workers = Math.max(1, Math.min(pool.threads(), chunks));
        this.scratches = new ArrayBlockingQueue<>(workers);
        int histogramLength = withHistograms ? Math.multiplyExact(Math.multiplyExact(k, books.m), books.ks) : 0;
        int bufferRows = Math.min(CHUNK_ROWS, Math.max(1, rows));
        for (int w = 0; w < workers; w++) {
            scratches.add(new Scratch(bufferRows, books.m, histogramLength));
        }
        this.chunkInertia = new double[chunks];
        this.chunkChanged = new long[chunks];
    }

    static int chunkCount(long rows) {
        return (int) ((rows + CHUNK_ROWS - 1) / CHUNK_ROWS);
    }

    /**
     * Assigns every code to its nearest center in {@code tables}, writing {@code labels} (whose previous
     * content is compared to count changes). With {@code validateCodes}, rejects code bytes >= Ks.
     */
    Outcome run(CenterLookupTables tables, int[] labels, boolean validateCodes) {
        int m = books.m;
        int ks = books.ks;
        pool.run(chunks, chunk -> {
            Scratch scratch = acquire();
            try {
                long first = (long) chunk * CHUNK_ROWS;
                int n = (int) Math.min(CHUNK_ROWS, rows - first);
                codes.read(first, n, scratch.codes, 0);
                if (validateCodes) {
                    books.requireValidCodes(scratch.codes, 0, n, first, source);
                }
                for (int i = 0; i < n; i += KERNEL_ROWS) {
                    int len = Math.min(KERNEL_ROWS, n - i);
                    tables.nearest(kernels, scratch.codes, i * m, len, m, ks, scratch.labels, scratch.distances, i);
                }
                double inertia = 0;
                long changed = 0;
                int base = (int) first;
                for (int i = 0; i < n; i++) {
                    inertia += scratch.distances[i];
                    if (labels[base + i] != scratch.labels[i]) {
                        changed++;
                    }
                }
                System.arraycopy(scratch.labels, 0, labels, base, n);
                if (withHistograms) {
                    kernels.histogram(scratch.codes, 0, n, m, ks, scratch.labels, 0, scratch.histogram);
                }
                chunkInertia[chunk] = inertia;
                chunkChanged[chunk] = changed;
            } finally {
                scratches.add(scratch);
            }
        });
        double inertia = 0;
        long changed = 0;
        for (int c = 0; c < chunks; c++) {
            inertia += chunkInertia[c];
            changed += chunkChanged[c];
        }
        return new Outcome(inertia, changed, withHistograms ? sumHistograms() : null);
    }

    /** Sums the per-worker histograms (clearing them for the next pass), one task per cluster. */
    private int[] sumHistograms() {
        int span = books.m * books.ks;
        int[] total = new int[k * span];
        Scratch[] all = scratches.toArray(new Scratch[0]);
        pool.run(k, cluster -> {
            int from = cluster * span;
            int to = from + span;
            for (Scratch scratch : all) {
                int[] h = scratch.histogram;
                for (int i = from; i < to; i++) {
                    total[i] += h[i];
                    h[i] = 0;
                }
            }
        });
        return total;
    }

    private Scratch acquire() {
        // At most pool.threads() tasks run at once and each returns its scratch, so this never waits long.
        try {
            return scratches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosteraException("interrupted while assigning codes", e);
        }
    }

    /** Buffers of one worker. */
    private static final class Scratch {
        final byte[] codes;
        final int[] labels;
        final float[] distances;
        final int[] histogram;

        Scratch(int rows, int m, int histogramLength) {
            this.codes = new byte[rows * m];
            this.labels = new int[rows];
            this.distances = new float[rows];
            this.histogram = histogramLength > 0 ? new int[histogramLength] : null;
        }
    }
}
