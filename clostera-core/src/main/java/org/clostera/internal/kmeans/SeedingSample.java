package org.clostera.internal.kmeans;

import java.util.function.IntConsumer;
import org.clostera.data.CodeStore;
import org.clostera.data.RowSampler;
import org.clostera.internal.kernels.AlignedFloats;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * The bounded, deterministic sample of codes that seeding works on: {@link RowSampler#sample} of
 * {@code max(sampleRows, 4k)} rows (all rows when N is smaller), so the seed only matters when N exceeds
 * the sample. Distances to a center are computed in fixed blocks of {@link #BLOCK_ROWS} rows, in parallel.
 */
final class SeedingSample {
    /** Sample rows per parallel task. */
    static final int BLOCK_ROWS = 4096;
    /** Most centers {@link #distances(float[], int, int, float[], int)} takes at once: one vector of lanes. */
    static final int MAX_BATCH = AlignedFloats.LINE_FLOATS;

    final CodingSpaceCodebooks books;
    final byte[] codes;
    /** The store row of each sample code (ascending). */
    final long[] rows;
    final int n;
    final int blocks;
    private final Kernels kernels;
    private final WorkerPool pool;
    /** Table of up to {@link #MAX_BATCH} centers, allocated on first use. */
    private AlignedFloats batchTable;

    private SeedingSample(CodingSpaceCodebooks books, byte[] codes, long[] rows, Kernels kernels, WorkerPool pool) {
        this.books = books;
        this.codes = codes;
        this.rows = rows;
        this.n = rows.length;
        this.blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        this.kernels = kernels;
        this.pool = pool;
    }

    /**
     * The rows (ascending) {@link #draw} reads from a store of {@code storeRows} codes of {@code m} bytes:
     * {@code max(sampleRows, 4k)} of them (all when fewer), at most what one byte array holds.
     */
    static long[] rows(long storeRows, int m, int k, int sampleRows, long seed) {
        long wanted = Math.max(sampleRows, 4L * k);
        return RowSampler.sample(storeRows, (int) Math.min(wanted, (Integer.MAX_VALUE - 16) / m), seed);
    }

    /** Reads the sample for {@code k} clusters and checks its codes. */
    static SeedingSample draw(CodeStore store, CodingSpaceCodebooks books, int k, int sampleRows, long seed,
                              Kernels kernels, WorkerPool pool, String source) {
        int m = books.m;
        long[] rows = rows(store.rows(), m, k, sampleRows, seed);
        byte[] codes = readRows(store, rows, m);
        for (int i = 0; i < rows.length; i++) {
            books.requireValidCodes(codes, i * m, 1, rows[i], source);
        }
        return new SeedingSample(books, codes, rows, kernels, pool);
    }

    /**
     * The same sample with its own distance table, computing on {@code pool}: one per concurrent user
     * ({@link #distances} is not thread-safe). Shares the codes.
     */
    SeedingSample onPool(WorkerPool pool) {
        return new SeedingSample(books, codes, rows, kernels, pool);
    }

    Kernels kernels() {
        return kernels;
    }

    /** Writes the coding-space vector of sample code {@code i} to {@code out[offset..+D)}. */
    void decode(int i, float[] out, int offset) {
        books.decode(codes, i * books.m, out, offset);
    }

    /**
     * Asymmetric squared distances of every sample code to the center {@code centers[offset..+D)}.
     * Not thread-safe (one shared table): call from the seeding thread only.
     */
    void distances(float[] centers, int offset, float[] out) {
        distances(centers, offset, 1, out, 0);
    }

    /**
     * Asymmetric squared distances of every sample code to the {@code count} centers
     * {@code centers[offset + t * D..+D)}, {@code t < count <= MAX_BATCH}: {@code out[outOffset + t * n + i]}. The same
     * values as {@code count} calls of {@link #distances(float[], int, float[])} (the same sums), in one pass
     * over the codes. Not thread-safe (one shared table): call from the seeding thread only.
     */
    void distances(float[] centers, int offset, int count, float[] out, int outOffset) {
        distances(centers, offset, count, out, outOffset, b -> { });
    }

    /**
     * {@link #distances(float[], int, int, float[], int)}, then {@code afterBlock.accept(b)} in the same task once
     * block {@code b}'s distances are written (it may read them, and write per-block state of its own): a caller
     * with per-block follow-up work saves a second hand-off to the workers.
     */
    void distances(float[] centers, int offset, int count, float[] out, int outOffset, IntConsumer afterBlock) {
        int stride = fillTable(centers, offset, count);
        int m = books.m;
        float[] table = batchTable.array();
        int tableOffset = batchTable.offset();
        pool.run(blocks, b -> {
            int from = b * BLOCK_ROWS;
            int len = Math.min(BLOCK_ROWS, n - from);
            kernels.lookupDistances(codes, from * m, len, m, table, tableOffset, stride, books.ks, count, out,
                    outOffset + from, n);
            afterBlock.accept(b);
        });
    }

    /**
     * k-means++ potentials of {@code count <= MAX_BATCH} candidate centers {@code centers[offset + t * D..+D)}:
     * {@code blockSums[b * count + t]} is the sum over block {@code b}'s rows of
     * {@code min(minDist[i], distance of code i to candidate t)} (in double, in row order), the same values as
     * summing the output of {@link #distances(float[], int, int, float[], int)}, without writing the
     * {@code count x n} distances. Not thread-safe (one shared table).
     */
    void potentials(float[] centers, int offset, int count, float[] minDist, double[] blockSums) {
        int stride = fillTable(centers, offset, count);
        int m = books.m;
        float[] table = batchTable.array();
        int tableOffset = batchTable.offset();
        pool.run(blocks, b -> {
            int from = b * BLOCK_ROWS;
            int len = Math.min(BLOCK_ROWS, n - from);
            kernels.lookupMinSums(codes, from * m, len, m, table, tableOffset, stride, books.ks, count, minDist, from,
                    blockSums, b * count);
        });
    }

    /** Fills the batch table with {@code count} centers; returns its row stride. */
    private int fillTable(float[] centers, int offset, int count) {
        if (count < 1 || count > MAX_BATCH) {
            throw new IllegalArgumentException("count " + count + " not in [1, " + MAX_BATCH + "]");
        }
        int m = books.m;
        int ks = books.ks;
        // Rows of a power-of-two width inside one cache line: an aligned table never splits a row.
        int stride = Integer.highestOneBit(count) == count ? count : 2 * Integer.highestOneBit(count);
        if (batchTable == null) {
            batchTable = AlignedFloats.allocate(m * ks * MAX_BATCH);
        }
        float[] table = batchTable.array();
        int tableOffset = batchTable.offset();
        for (int s = 0; s < m; s++) {
            kernels.subspaceDistanceTable(books.codebooksT[s], ks, books.layout.width(s),
                    centers, offset + books.layout.offset(s), books.dim, count, table, tableOffset + s * ks * stride,
                    stride);
        }
        return stride;
    }

    /** Reads sorted rows, one read per run of consecutive rows. */
    private static byte[] readRows(CodeStore store, long[] rows, int m) {
        byte[] out = new byte[Math.multiplyExact(rows.length, m)];
        int i = 0;
        while (i < rows.length) {
            int j = i + 1;
            while (j < rows.length && rows[j] == rows[j - 1] + 1 && j - i < AssignmentPass.CHUNK_ROWS) {
                j++;
            }
            store.read(rows[i], j - i, out, i * m);
            i = j;
        }
        return out;
    }
}
