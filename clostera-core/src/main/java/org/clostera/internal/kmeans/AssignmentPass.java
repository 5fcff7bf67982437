package org.clostera.internal.kmeans;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
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
 * count); each chunk is one task, or each block of consecutive chunks with {@link AssignmentBounds}. Per-chunk
 * inertia is summed in double and reduced in chunk order; histograms are integer counts, so summing them in any
 * order is exact. So every output is identical for any thread count.
 *
 * <p>The histograms are kept across passes and updated incrementally: only codes whose label changed
 * move their counts. The first pass counts every code; later passes cost next to nothing once labels settle.
 * Small histograms take per-worker delta buffers (the counting kernel {@link Kernels#histogram}, added to the
 * totals after the pass); once the buffers of all workers would exceed {@link #MAX_WORKER_HISTOGRAM_BYTES},
 * workers add to the totals directly with atomic increments instead ({@code K x M x Ks} ints in all, not per
 * worker: 164 MB at K = 10,000, M = 16, Ks = 256, where each worker's copy cost as much again). Counts are
 * integers either way, so the totals are the same.
 *
 * <p>Buffers (codes, distances, delta histograms) belong to a fixed set of per-worker scratch objects reused
 * across passes: no allocation per chunk, and no two threads write the same array except through the atomic
 * increments of shared counts.
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
    /**
     * Most bytes of per-worker delta histograms in all; above, workers update the totals atomically. Small
     * histograms keep private buffers because there atomic increments from several threads would contend for the
     * same few cache lines (a few clusters, every code counted in the first pass).
     */
    static final long MAX_WORKER_HISTOGRAM_BYTES = 64L << 20;
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(int[].class);

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
    /** Whether workers add to {@link #histogram} atomically (no per-worker delta buffers). */
    private final boolean sharedCounts;
    /** Per-code bounds for pruning, or null (every pass scans all centers). */
    private final AssignmentBounds bounds;
    private final long[] chunkEvaluations;
    /** Consecutive chunks per task: 1, or the bounds' block ({@link AssignmentBounds#blockChunks}). */
    private final int blockChunks;
    private final int blocks;
    /** Every code's distance to its label after the last pass, or null (not kept). */
    private RowDistances distances;
    /** Whether {@link #distances} hold the distances of the current labels (not before a first pass). */
    private boolean distancesCurrent;
    /**
     * Clusters whose histogram the current pass changed (a code moved in or out; workers only ever write
     * {@code true}), or every cluster while {@link #allCounted}: the rest have no deltas to add and an unchanged
     * histogram.
     */
    private final boolean[] touched;
    private boolean allCounted;

    /**
     * Outcome of one pass. {@code histogram} is {@code [k][m][ks]} flattened (owned by the pass and
     * updated by the next one: read it before running again), or null. {@code evaluations} is the number
     * of code-center distances computed ({@code rows x k} for a full scan). {@code changedClusters}: the clusters
     * whose histogram this pass changed, or null when it counted every code (or keeps no histograms).
     */
    record Outcome(double inertia, long changed, int[] histogram, long evaluations, boolean[] changedClusters) {
    }

    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source) {
        this(codes, books, k, kernels, pool, withHistograms, source, null);
    }

    /** A pass that prunes with {@code bounds} (planned for these codes and k), or scans fully when null. */
    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source, AssignmentBounds bounds) {
        this(codes, books, k, kernels, pool, withHistograms, source, bounds, MAX_WORKER_HISTOGRAM_BYTES);
    }

    /** As above, with per-worker delta histograms only while they take at most {@code maxWorkerHistogramBytes}. */
    AssignmentPass(CodeStore codes, CodingSpaceCodebooks books, int k, Kernels kernels, WorkerPool pool,
                   boolean withHistograms, String source, AssignmentBounds bounds, long maxWorkerHistogramBytes) {
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
        this.blockChunks = bounds == null ? 1 : bounds.blockChunks();
        this.blocks = (chunks + blockChunks - 1) / blockChunks;
        int workers = Math.max(1, Math.min(pool.threads(), blocks));
        this.scratches = new ArrayBlockingQueue<>(workers);
        int histogramLength = withHistograms ? Math.multiplyExact(Math.multiplyExact(k, books.m), books.ks) : 0;
        this.sharedCounts = workers > 1 && (long) workers * histogramLength * Integer.BYTES > maxWorkerHistogramBytes;
        int bufferRows = (int) Math.min((long) blockChunks * CHUNK_ROWS, Math.max(1, rows));
        for (int w = 0; w < workers; w++) {
            scratches.add(new Scratch(bufferRows, books.m, sharedCounts ? 0 : histogramLength,
                    bounds == null ? null : bounds.newWork(bufferRows, books.m)));
        }
        this.histogram = withHistograms ? new int[histogramLength] : null;
        this.touched = withHistograms ? new boolean[k] : null;
        this.chunkInertia = new double[chunks];
        this.chunkChanged = new long[chunks];
        this.chunkEvaluations = new long[chunks];
    }

    /**
     * Keeps every code's distance to its label in {@code distances} after each pass, and lets incremental passes
     * read the distances of codes whose center did not change from there instead of their tables.
     *
     * @param current whether {@code distances} already hold the distances of the labels the next pass starts
     *                from (the float sums a pass computed for them); otherwise they are read after a pass wrote them
     */
    void keepDistances(RowDistances distances, boolean current) {
        if (distances.rows() != rows) {
            throw new IllegalArgumentException("distances of " + distances.rows() + " rows for a pass over " + rows);
        }
        this.distances = distances;
        this.distancesCurrent = current;
    }

    /** Distances kept by {@link #keepDistances}, or null. */
    RowDistances distances() {
        return distances;
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
        return run(tables, labels, validateCodes, groupDrift, null, null);
    }

    /**
     * An incremental pass ({@link ChangedCenters}): {@code labels} hold the nearest centers of the previous
     * centers, of which only {@code changed} (ascending indices) differ from those {@code tables} were built
     * from. Codes keep or change their label exactly as in a full scan. Needs a pass without bounds whose
     * histograms hold the counts of {@code labels} ({@link #countHistograms} first when the pass is new).
     */
    Outcome runIncremental(CenterLookupTables tables, CenterLookupTables changedTables, RowLabels labels,
                           boolean validateCodes, int[] changed) {
        if (bounds != null) {
            throw new IllegalStateException("incremental passes do not keep bounds");
        }
        return run(tables, labels, validateCodes, null, changed, changedTables);
    }

    /**
     * Counts every code under {@code labels} into the histograms (for a pass that starts from known labels); returns
     * them ({@code [k][m][ks]}, owned by the pass).
     */
    int[] countHistograms(RowLabels labels) {
        if (!withHistograms) {
            throw new IllegalStateException("a pass without histograms");
        }
        allCounted = true;
        pool.run(chunks, chunk -> {
            Scratch scratch = acquire();
            try {
                long first = (long) chunk * CHUNK_ROWS;
                int n = (int) Math.min(CHUNK_ROWS, rows - first);
                codes.read(first, n, scratch.codes, 0);
                count(scratch, 0, n, labels.chunk(chunk), 0);
            } finally {
                scratches.add(scratch);
            }
        });
        return sumHistograms();
    }

    /**
     * Takes {@code counts} ({@code [k][m][ks]}, copied) as the histograms of the labels the next pass starts from:
     * {@link #countHistograms} without reading the codes, when a previous run left them ({@link AssignmentState}).
     */
    int[] startHistograms(int[] counts) {
        if (!withHistograms || counts.length != histogram.length) {
            throw new IllegalArgumentException("counts of " + counts.length + " values for histograms of "
                    + (histogram == null ? 0 : histogram.length));
        }
        System.arraycopy(counts, 0, histogram, 0, counts.length);
        return histogram;
    }

    private Outcome run(CenterLookupTables tables, RowLabels labels, boolean validateCodes, double[] groupDrift,
                        int[] changedCenters, CenterLookupTables changedTables) {
        if (labels.rows() != rows || labels.chunkRows() != CHUNK_ROWS) {
            throw new IllegalArgumentException("labels of " + labels.rows() + " rows in chunks of " + labels.chunkRows()
                    + " for a pass over " + rows + " rows in chunks of " + CHUNK_ROWS);
        }
        int m = books.m;
        int ks = books.ks;
        boolean[] isChanged = null;
        if (changedCenters != null) {
            isChanged = new boolean[k];
            for (int c : changedCenters) {
                isChanged[c] = true;
            }
        }
        boolean[] changedFlags = isChanged;
        if (bounds != null && groupDrift != null) {
            bounds.advance(groupDrift);
        }
        if (bounds != null) {
            bounds.prepare(tables, groupDrift == null, pool);
        }
        if (touched != null) {
            Arrays.fill(touched, false);
            allCounted = false;
        }
        pool.run(blocks, block -> {
            Scratch scratch = acquire();
            try {
                int firstChunk = block * blockChunks;
                int endChunk = Math.min(chunks, firstChunk + blockChunks);
                long first = (long) firstChunk * CHUNK_ROWS;
                int n = (int) Math.min((long) (endChunk - firstChunk) * CHUNK_ROWS, rows - first);
                codes.read(first, n, scratch.codes, 0);
                if (validateCodes) {
                    // A bad code is reported at its row in the whole store, also when this pass sees a range.
                    long storeRow = codes instanceof CodeStoreRange range ? range.first() + first : first;
                    books.requireValidCodes(scratch.codes, 0, n, storeRow, source);
                }
                boolean unassigned = labels.chunk(firstChunk)[0] < 0;
                if (changedCenters != null) {
                    chunkEvaluations[firstChunk] = assignIncrementally(tables, changedTables, scratch, n,
                            labels.chunk(firstChunk), distancesCurrent ? distances.chunk(firstChunk) : null,
                            changedCenters, changedFlags);
                } else if (bounds != null) {
                    for (int c = firstChunk; c < endChunk; c++) {
                        int offset = (c - firstChunk) * CHUNK_ROWS;
                        System.arraycopy(labels.chunk(c), 0, scratch.previous, offset,
                                Math.min(CHUNK_ROWS, n - offset));
                    }
                    chunkEvaluations[firstChunk] = bounds.assign(block, n, scratch.codes, m, ks, scratch.previous, 0,
                            unassigned ? null : groupDrift, tables, kernels, scratch.labels, scratch.distances,
                            scratch.work);
                } else {
                    for (int i = 0; i < n; i += tables.scanRows) {
                        int len = Math.min(tables.scanRows, n - i);
                        tables.nearest(kernels, scratch.codes, i * m, len, m, ks, scratch.labels, scratch.distances,
                                i);
                    }
                    chunkEvaluations[firstChunk] = (long) n * k;
                }
                for (int c = firstChunk; c < endChunk; c++) {
                    int offset = (c - firstChunk) * CHUNK_ROWS;
                    finishChunk(c, offset, Math.min(CHUNK_ROWS, n - offset), labels.chunk(c), unassigned, scratch);
                }
            } finally {
                scratches.add(scratch);
            }
        });
        distancesCurrent = distances != null;
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
        return new Outcome(inertia, changed, totals, evaluations,
                totals == null || allCounted ? null : touched.clone());
    }

    /**
     * Inertia, label changes and histogram moves of chunk {@code chunk}, whose {@code n} codes sit at row
     * {@code offset} of the scratch; then its new labels replace {@code chunkLabels}.
     */
    private void finishChunk(int chunk, int offset, int n, int[] chunkLabels, boolean unassigned, Scratch scratch) {
        int m = books.m;
        int ks = books.ks;
        double inertia = 0;
        long changed = 0;
        int span = m * ks;
        // Labels are all -1 before the first pass: count every code.
        if (withHistograms && unassigned) {
            allCounted = true;
            count(scratch, offset * m, n, scratch.labels, offset);
        }
        boolean moves = withHistograms && !unassigned;
        for (int j = 0; j < n; j++) {
            int i = offset + j;
            inertia += scratch.distances[i];
            int previous = chunkLabels[j];
            int current = scratch.labels[i];
            if (previous != current) {
                changed++;
                if (moves) {
                    moveCounts(scratch, i * m, previous * span, current * span);
                    touched[previous] = true;
                    touched[current] = true;
                }
            }
        }
        System.arraycopy(scratch.labels, offset, chunkLabels, 0, n);
        if (distances != null) {
            System.arraycopy(scratch.distances, offset, distances.chunk(chunk), 0, n);
        }
        chunkInertia[chunk] = inertia;
        chunkChanged[chunk] = changed;
    }

    /**
     * The incremental assignment of one chunk ({@code labels}: its previous labels): the vector kernel finds
     * every code's nearest changed center in {@code changedTables}, the changed centers' own small table (an
     * L2-sized scan); a code whose own center did not change takes it when it is nearer than its label (or as
     * near with a lower index). Codes whose center changed are gathered and scanned in full, unless {@code known}
     * says the center came no farther. {@code known}: the chunk's distances to its labels from the previous pass,
     * or null (looked up): an unchanged center's distance is the same float sum, so reading it saves {@code M}
     * table reads at random per code.
     */
    private long assignIncrementally(CenterLookupTables tables, CenterLookupTables changedTables, Scratch scratch,
                                     int n, int[] labels, float[] known, int[] changed, boolean[] isChanged) {
        int m = books.m;
        int ks = books.ks;
        byte[] chunkCodes = scratch.codes;
        if (changed.length > 0) {
            for (int i = 0; i < n; i += KERNEL_ROWS) {
                changedTables.nearest(kernels, chunkCodes, i * m, Math.min(KERNEL_ROWS, n - i), m, ks,
                        scratch.changedLabels, scratch.changedDistances, i);
            }
        }
        int full = 0;
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            float best;
            if (!isChanged[label]) {
                best = known != null ? known[i] : tables.distance(chunkCodes, i * m, label);
            } else if (known != null && (best = tables.distance(chunkCodes, i * m, label)) <= known[i]) {
                // The own center moved no farther: every unchanged center was at least the old distance away (and
                // lost a tie to the label), so only the changed centers can beat it, as for an unchanged label.
            } else {
                scratch.list[full++] = i;
                continue;
            }
            if (changed.length > 0) {
                int c = changed[scratch.changedLabels[i]];
                float d = scratch.changedDistances[i];
                if (d < best || (d == best && c < label)) {
                    best = d;
                    label = c;
                }
            }
            scratch.labels[i] = label;
            scratch.distances[i] = best;
        }
        for (int s = 0; s < full; s += KERNEL_ROWS) {
            int len = Math.min(KERNEL_ROWS, full - s);
            for (int j = 0; j < len; j++) {
                System.arraycopy(chunkCodes, scratch.list[s + j] * m, scratch.gathered, j * m, m);
            }
            tables.nearest(kernels, scratch.gathered, 0, len, m, ks, scratch.gatheredLabels,
                    scratch.gatheredDistances, 0);
            for (int j = 0; j < len; j++) {
                int i = scratch.list[s + j];
                scratch.labels[i] = scratch.gatheredLabels[j];
                scratch.distances[i] = scratch.gatheredDistances[j];
            }
        }
        return (long) n * (changed.length + 1) + (long) full * k;
    }

    /**
     * Counts the {@code n} codes at {@code scratch.codes[codesOffset..]} under {@code labels[labelsOffset..]}: into
     * the worker's delta buffer, or atomically into the totals ({@link #sharedCounts}).
     */
    private void count(Scratch scratch, int codesOffset, int n, int[] labels, int labelsOffset) {
        int m = books.m;
        int ks = books.ks;
        if (!sharedCounts) {
            kernels.histogram(scratch.codes, codesOffset, n, m, ks, labels, labelsOffset, scratch.histogram);
            return;
        }
        int span = m * ks;
        for (int i = 0; i < n; i++) {
            int code = codesOffset + i * m;
            for (int s = 0, at = labels[labelsOffset + i] * span; s < m; s++, at += ks) {
                COUNTS.getAndAdd(histogram, at + (scratch.codes[code + s] & 0xFF), 1);
            }
        }
    }

    /**
     * Moves the counts of the code at {@code scratch.codes[offset..]} from the cluster at histogram offset
     * {@code from} to the one at {@code to}: in the worker's delta buffer, or atomically in the totals
     * ({@link #sharedCounts}).
     */
    private void moveCounts(Scratch scratch, int offset, int from, int to) {
        int m = books.m;
        int ks = books.ks;
        byte[] codes = scratch.codes;
        int[] delta = scratch.histogram;
        for (int s = 0, row = 0; s < m; s++, row += ks) {
            int c = row + (codes[offset + s] & 0xFF);
            if (sharedCounts) {
                COUNTS.getAndAdd(histogram, from + c, -1);
                COUNTS.getAndAdd(histogram, to + c, 1);
            } else {
                delta[from + c]--;
                delta[to + c]++;
            }
        }
    }

    /**
     * Adds the per-worker deltas to the histogram (clearing them for the next pass), one task per cluster; only the
     * clusters the pass changed have any.
     */
    private int[] sumHistograms() {
        if (sharedCounts) {
            return histogram; // the workers added to it directly
        }
        int span = books.m * books.ks;
        int[] total = histogram;
        Scratch[] all = scratches.toArray(new Scratch[0]);
        boolean every = allCounted;
        pool.run(k, cluster -> {
            if (!every && !touched[cluster]) {
                return;
            }
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
        /** Pruned passes: the block's labels before the pass, contiguous. */
        final int[] previous;
        /** Incremental passes: the chunk's codes that need a full scan, gathered. */
        final int[] list;
        final byte[] gathered;
        final int[] gatheredLabels;
        final float[] gatheredDistances;
        final int[] changedLabels;
        final float[] changedDistances;

        Scratch(int rows, int m, int histogramLength, AssignmentBounds.Work work) {
            this.work = work;
            this.previous = work == null ? null : new int[rows];
            int kernelRows = Math.min(rows, KERNEL_ROWS);
            this.list = work == null ? new int[rows] : null;
            this.gathered = work == null ? new byte[kernelRows * m] : null;
            this.gatheredLabels = work == null ? new int[kernelRows] : null;
            this.gatheredDistances = work == null ? new float[kernelRows] : null;
            this.changedLabels = work == null ? new int[rows] : null;
            this.changedDistances = work == null ? new float[rows] : null;
            this.codes = new byte[rows * m];
            this.labels = new int[rows];
            this.distances = new float[rows];
            this.histogram = histogramLength > 0 ? new int[histogramLength] : null;
        }
    }
}
