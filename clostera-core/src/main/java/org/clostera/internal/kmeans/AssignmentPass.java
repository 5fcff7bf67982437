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
 * histograms are integer counts, so summing them in any order is exact. So every output is identical
 * for any thread count.
 *
 * <p>The histograms are kept across passes and updated incrementally: only codes whose label changed
 * move their counts (into per-worker delta buffers, added to the totals after the pass). The first pass
 * counts every code with {@link Kernels#histogram}; later passes cost next to nothing once labels settle.
 *
 * <p>Buffers (codes, distances, histograms) belong to a fixed set of per-worker scratch objects reused
 * across passes: no allocation per chunk, and no two threads ever write the same array.
 *
 * <p>With {@link AssignmentBounds}, passes after a center update skip the groups of centers that provably
 * cannot hold a code's nearest center; the outcome is bit-identical to the full scan, and
 * {@link Outcome#evaluations()} says how many code-center distances were computed.
 */
final class AssignmentPass {
    /** Rows per task: 16384 codes (1 MiB at M = 64) amortise the task overhead and fit in L2/L3. */
    static final int CHUNK_ROWS = 16384;
    /** Rows per kernel call: with several LUT tiles the codes of one call stay in L1/L2 across tiles. */
    static final int KERNEL_ROWS = 2048;

    private final CodeStore codes;
    private final CodingSpaceCodebooks books;
    private final int k;
    private final long rows;
    private final int chunks;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final boolean withHistograms;
    private final BlockingQueue<Scratch> scratches;
    private final double[] chunkInertia;
    private final long[] chunkChanged;
    private final String source;
    /** Per-cluster code counts {@code [k][m][ks]} of the current labels (null without histograms). */
    private final int[] histogram;
    /** Per-code bounds for pruning, or null (every pass scans all centers). */
    private final AssignmentBounds bounds;
    private final long[] chunkEvaluations;

    /**
     * Outcome of one pass. {@code histogram} is {@code [k][m][ks]} flattened (owned by the pass and
     * updated by the next one: read it before running again), or null. {@code evaluations} is the number
     * of code-center distances computed ({@code rows x k} for a full scan).
     */
    record Outcome(double inertia, long changed, int[] histogram, long evaluations) {
    }

    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source) {
        this(codes, books, k, kernels, pool, withHistograms, source, null);
    }

    /** A pass that prunes with {@code bounds} (planned for these codes and k), or scans fully when null. */
    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source, AssignmentBounds bounds) {
        this.codes = codes;
        this.bounds = bounds;
        this.books = books;
        this.k = k;
        this.rows = codes.rows();
        this.chunks = chunkCount(rows);
        this.kernels = kernels;
        this.pool = pool;
        this.withHistograms = withHistograms;
        this.source = source;
        int workers = Math.max(1, Math.min(pool.threads(), chunks));
        this.scratches = new ArrayBlockingQueue<>(workers);
        int histogramLength = withHistograms ? Math.multiplyExact(Math.multiplyExact(k, books.m), books.ks) : 0;
        int bufferRows = (int) Math.min(CHUNK_ROWS, Math.max(1, rows));
        for (int w = 0; w < workers; w++) {
            scratches.add(new Scratch(bufferRows, books.m, histogramLength,
                    bounds == null ? null : bounds.newWork(bufferRows, books.m)));
        }
        this.histogram = withHistograms ? new int[histogramLength] : null;
        this.chunkInertia = new double[chunks];
        this.chunkChanged = new long[chunks];
        this.chunkEvaluations = new long[chunks];
    }

    static int chunkCount(long rows) {
        return (int) ((rows + CHUNK_ROWS - 1) / CHUNK_ROWS);
    }

    /**
     * Assigns every code to its nearest center in {@code tables}, writing {@code labels} (whose previous
     * content is compared to count changes; chunks of {@link #CHUNK_ROWS} rows, one per task). With
     * {@code validateCodes}, rejects code bytes >= Ks.
     */
    Outcome run(CenterLookupTables tables, RowLabels labels, boolean validateCodes) {
        return run(tables, labels, validateCodes, null);
    }

    /**
     * {@link #run(CenterLookupTables, RowLabels, boolean)} after the centers of the previous pass moved by at
     * most {@code groupDrift[g]} per group of the bounds ({@link AssignmentBounds#drift}): with bounds, only
     * groups that may hold a code's nearest center are scanned. Null drift (new centers) scans everything.
     * With bounds, {@code tables} must be built from {@link AssignmentBounds#arrange} of the centers.
     */
    Outcome run(CenterLookupTables tables, RowLabels labels, boolean validateCodes, double[] groupDrift) {
        if (labels.rows() != rows || labels.chunkRows() != CHUNK_ROWS) {
            throw new IllegalArgumentException("labels of " + labels.rows() + " rows in chunks of " + labels.chunkRows()
                    + " for a pass over " + rows + " rows in chunks of " + CHUNK_ROWS);
        }
        int m = books.m;
        int ks = books.ks;
        if (bounds != null && groupDrift != null) {
            bounds.advance(groupDrift);
        }
        pool.run(chunks, chunk -> {
            Scratch scratch = acquire();
            try {
                long first = (long) chunk * CHUNK_ROWS;
                int n = (int) Math.min(CHUNK_ROWS, rows - first);
                codes.read(first, n, scratch.codes, 0);
                if (validateCodes) {
                    // A bad code is reported at its row in the whole store, also when this pass sees a range.
                    long storeRow = codes instanceof CodeStoreRange range ? range.first() + first : first;
                    books.requireValidCodes(scratch.codes, 0, n, storeRow, source);
                }
                int[] chunkLabels = labels.chunk(chunk);
                boolean unassigned = chunkLabels[0] < 0;
                if (bounds != null) {
                    chunkEvaluations[chunk] = bounds.assign(chunk, n, scratch.codes, m, ks, chunkLabels, 0,
                            unassigned ? null : groupDrift, tables, kernels, scratch.labels, scratch.distances,
                            scratch.work);
                } else {
                    for (int i = 0; i < n; i += KERNEL_ROWS) {
                        int len = Math.min(KERNEL_ROWS, n - i);
                        tables.nearest(kernels, scratch.codes, i * m, len, m, ks, scratch.labels, scratch.distances,
                                i);
                    }
                    chunkEvaluations[chunk] = (long) n * k;
                }
                double inertia = 0;
                long changed = 0;
                int[] delta = scratch.histogram;
                int span = m * ks;
                // Labels are all -1 before the first pass: count every code with the histogram kernel.
                if (delta != null && unassigned) {
                    kernels.histogram(scratch.codes, 0, n, m, ks, scratch.labels, 0, delta);
                    delta = null;
                }
                for (int i = 0; i < n; i++) {
                    inertia += scratch.distances[i];
                    int previous = chunkLabels[i];
                    int current = scratch.labels[i];
                    if (previous != current) {
                        changed++;
                        if (delta != null) {
                            moveCounts(scratch.codes, i * m, m, ks, previous * span, current * span, delta);
                        }
                    }
                }
                System.arraycopy(scratch.labels, 0, chunkLabels, 0, n);
                chunkInertia[chunk] = inertia;
                chunkChanged[chunk] = changed;
            } finally {
                scratches.add(scratch);
            }
        });
        double inertia = 0;
        long changed = 0;
        long evaluations = 0;
        for (int c = 0; c < chunks; c++) {
            inertia += chunkInertia[c];
            changed += chunkChanged[c];
            evaluations += chunkEvaluations[c];
        }
        int[] totals = withHistograms ? sumHistograms() : null;
        if (totals != null) {
            HistogramCenters.requireCountsFit(totals, k, m, ks, rows);
        }
        return new Outcome(inertia, changed, totals, evaluations);
    }

    /** Moves one code's counts from the cluster at histogram offset {@code from} to the one at {@code to}. */
    private static void moveCounts(byte[] codes, int offset, int m, int ks, int from, int to, int[] delta) {
        for (int s = 0, row = 0; s < m; s++, row += ks) {
            int c = row + (codes[offset + s] & 0xFF);
            delta[from + c]--;
            delta[to + c]++;
        }
    }

    /** Adds the per-worker deltas to the histogram (clearing them for the next pass), one task per cluster. */
    private int[] sumHistograms() {
        int span = books.m * books.ks;
        int[] total = histogram;
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
        final AssignmentBounds.Work work;

        Scratch(int rows, int m, int histogramLength, AssignmentBounds.Work work) {
            this.work = work;
            this.codes = new byte[rows * m];
            this.labels = new int[rows];
            this.distances = new float[rows];
            this.histogram = histogramLength > 0 ? new int[histogramLength] : null;
        }
    }
}
