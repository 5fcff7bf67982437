package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Pruned assignment: per code, a lower bound of its exact Euclidean distance to every group of centers
 * ({@link CenterGroups}), kept across the passes of one Lloyd run, so that most groups need no distance
 * evaluation at all. It is the group filter of Yinyang k-means (Ding et al., ICML 2015): the tables are
 * built in a spatially coherent center order ({@link CenterOrder}) and a group is a run of table positions
 * ({@link CenterGroups}), so the tiles and the kernel stay as they are.
 *
 * <p><b>Per pass.</b> After the centers moved, every bound of group {@code g} drops by the largest
 * movement of a center of {@code g} (triangle inequality). Bounds are stored shifted by the group's drift
 * summed over all passes ({@link #advance}), so this drop costs one addition per group, not a write per code
 * and group; a tag in each stored bound lets it drop by how far the group's centers moved since the pass it was
 * stored in, when that is less ({@link BoundDecay}). A code then rescans the group of its previous label with the
 * fused kernel, which gives {@code d*}, the smallest computed distance there; any other group whose bound exceeds
 * {@link TableSumRounding#skipThreshold}{@code (d*)} provably holds no center whose computed distance is
 * {@code <= d*}, so it cannot hold the label the full scan would find, nor tie with it; the remaining groups
 * are rescanned. The test of one group against all codes of a block is the vector kernel
 * {@link Kernels#selectNotAbove}. Every scanned group refreshes its bound from its computed minimum
 * ({@link TableSumRounding#shiftedLowerBound}, a batch of codes at a time by the vector kernel
 * {@link Kernels#shiftedLowerBounds}).
 *
 * <p><b>Identical to the full scan.</b> The winning center lies in a scanned group, each group's result is
 * the kernel's (first smallest computed sum; positions within a group are in ascending center index), and
 * group results are combined by smaller distance, then lower index: the fold of the full scan. The code's distance is that kernel
 * sum, so inertia and histograms are unchanged too, bit for bit, for any thread count (bounds are per code
 * and blocks are independent). The bounds are about exact distances; {@link TableSumRounding} turns them
 * into safe statements about the float sums.
 *
 * <p><b>Why group bounds, not Hamerly's single one.</b> One bound (to the second-nearest center) must drop
 * by the largest movement of all K centers, which at K = 1,000-10,000 in early iterations is large enough
 * to let almost nothing through; per-group bounds drop by their group's movement only and cost
 * {@code 4 x groups} bytes per code. Groups are at least {@value CenterGroups#ALIGNMENT} centers (one
 * kernel block), at most as many as the bound memory allows. A code always rescans its own group (no
 * second-nearest bound), which costs {@code 32 / K} of a full scan at the smallest group width.
 *
 * <p><b>Measured</b> ({@code PrunedLloydBench}, gaussian 1M x 128, M = 16, Ks = 256, 2 threads, 20 Lloyd
 * iterations from the same centers; a saturated shared machine, so process CPU seconds):
 * K = 1,024 on 250k rows: 1.04 -> 0.29 CPU-s per iteration (median), the Lloyd run 23.1 -> 9.1 CPU-s,
 * 91% of distances skipped by the last iterations, 0-7% in the first three (centers still move far); on
 * all 1M rows 2.6x less wall time for the run. K = 10,000 on 250k rows: 12.5 -> 2.0 CPU-s per iteration
 * (median; 0.7 in the last), 91-99% skipped after iteration 3. The spatial order ({@link CenterOrder})
 * skipped about as much as groups of consecutive indices on this data (within 1%); it costs nothing.
 *
 * <p><b>Blocks.</b> A pass works on blocks of {@link #blockChunks()} consecutive chunks of
 * {@link AssignmentPass#CHUNK_ROWS} codes and scans one group for every code of the block that needs it before the
 * next group. At large K the tables (16 KiB per center at M = 16, Ks = 256) are far larger than the L3 cache, so a
 * group's tables come from memory once per block; with blocks of one chunk (16,384 codes, of which a few percent
 * scan a given group) that was about 10 GB of table reads per pass at K = 10,000. Blocks change only
 * the order codes are visited in, never a code's result (every decision is per code), so any block size gives the
 * same labels; the 8-bit tables (a quarter of the float ones) are read once per block and group too
 * ({@link #MAX_BLOCK_CHUNKS}).
 *
 * <p><b>8-bit pre-filter</b> (from {@value #MIN_PREFILTER_GROUPS} groups of at most {@value #MAX_PREFILTER_WIDTH}
 * centers on, when the budget has room for {@link QuantizedGroupTables}). A group that a code's bound does not clear
 * (other than the code's first group: its own, or in a pass from nothing the most promising one, or every group after
 * the first when a pass from nothing has no group minima) is first scanned with 8-bit copies of its tables
 * ({@link Kernels#quantizedMinima}, a quarter of the bytes); when the lower sum that gives exceeds the code's best
 * distance so far, no center of the group can win or tie, the float scan is skipped and the bound is taken from the
 * lower sum. On 1M x 128 gaussian codes
 * at K = 10,000 it leaves 2-3% of the groups of the first pass and 0.4-0.6% of each later pass to the float
 * kernel (against 4-10% that the bounds alone leave after pass 3); Lloyd from the same seeds, M = 16:
 * 55.6 / 58.2 s -> 45.7 / 40.6 s, M = 4: 21.5 / 22.6 s -> 15.8 / 16.3 s (2 threads, same labels and inertia).
 *
 * <p><b>Passes from nothing</b> (new centers: the first pass of a run) have no bounds and no labels. Each code's
 * bound for every group then comes from its lower sum over the groups' smallest table entries
 * ({@link GroupMinimumTables}: one lookup sum per code and group, {@code 1 / width} of a scan), and the group with the
 * smallest lower sum is scanned first, as a pruned pass scans the group of the previous label; the other groups go
 * through the same bound test and pre-filter. At K = 10,000 on 1M x 128 gaussian codes (M = 16) the bounds clear
 * about 44% of the groups, and the first pass skipped 99.3% of float evaluations instead of 97.4% (warm JVM:
 * 9.1 -> 7.4 s including the tables, same labels).
 *
 * <p>Storage: one {@code float[groups x rows]} array per block (group-major, so the per-group filter streams),
 * addressed by block, so row counts are not limited by one array.
 */
final class AssignmentBounds {
    /** Groups of table positions. */
    final CenterGroups groups;
    /** {@code centerAt[position]}: the center whose table sits at each position ({@link CenterOrder}). */
    private final int[] centerAt;
    /** {@code groupOf[center]}: the group holding each center. */
    private final int[] groupOf;
    private final TableSumRounding rounding;
    private final float[][] blockBounds;
    private final int blockChunks;
    private final long bytes;
    private final float[] arranged;
    /** How far each group's stored bounds may have fallen since they were stored, and the tag of new ones. */
    private final BoundDecay decay;
    /** 8-bit copies of the groups' tables for the pre-filter of {@link #scan}, or null (no room in the budget). */
    private final QuantizedGroupTables quantized;
    /** Each group's smallest table entries, bounding every group of a pass that starts from nothing; or null. */
    private final GroupMinimumTables minima;
    /** Whether {@link #minima} hold the tables of the pass being run ({@link #prepare}). */
    private boolean minimaCurrent;

    private AssignmentBounds(CenterGroups groups, int[] centerAt, TableSumRounding rounding, int blockChunks,
                             int blocks, long bytes, int dim, QuantizedGroupTables quantized,
                             GroupMinimumTables minima, boolean keepCenters) {
        this.groups = groups;
        this.quantized = quantized;
        this.minima = minima;
        this.centerAt = centerAt;
        this.groupOf = new int[centerAt.length];
        int[] groupOfPosition = groups.groupOfCenters();
        for (int p = 0; p < centerAt.length; p++) {
            groupOf[centerAt[p]] = groupOfPosition[p];
        }
        this.rounding = rounding;
        this.blockChunks = blockChunks;
        this.blockBounds = new float[blocks][];
        this.bytes = bytes;
        this.arranged = new float[centerAt.length * dim];
        this.decay = new BoundDecay(groupOf, groups.count(), dim, keepCenters);
    }

    /** Bytes of bounds for {@code rows} codes in {@code groups} groups. */
    static long bytes(long rows, int groups) {
        return rows * groups * (long) Float.BYTES;
    }

    /**
     * Bounds for {@code rows} codes within {@code maxBytes}, or null when pruning cannot help (fewer than
     * two groups fit, or the centers form a single group). {@code threads} only sizes the blocks.
     */
    static AssignmentBounds plan(long rows, int k, int tileSize, long maxBytes, CodingSpaceCodebooks books,
                                 float[] centers, int threads) {
        long maxGroups = maxBytes / Math.max(1, rows * Float.BYTES);
        if (maxGroups < 2 || rows < 1) {
            return null;
        }
        CenterGroups groups = CenterGroups.of(k, tileSize, maxGroups);
        if (groups.count() < 2 || groups.count() > maxGroups) {
            return null;
        }
        long boundBytes = bytes(rows, groups.count());
        long quantizedBytes = QuantizedGroupTables.bytes(groups, books.m, books.ks);
        boolean prefilter = groups.count() >= MIN_PREFILTER_GROUPS && groups.widest() <= MAX_PREFILTER_WIDTH
                && boundBytes + quantizedBytes <= maxBytes;
        QuantizedGroupTables quantized = prefilter ? QuantizedGroupTables.allocate(groups, books.m, books.ks) : null;
        int blockChunks = blockChunks(rows, books.m, groups.count(), threads, maxBytes);
        int blocks = (AssignmentPass.chunkCount(rows) + blockChunks - 1) / blockChunks;
        long used = boundBytes + (quantized == null ? 0 : quantizedBytes);
        long minimaBytes = GroupMinimumTables.bytes(groups, books.m, books.ks);
        GroupMinimumTables minima = minimaBytes <= maxBytes - used
                ? GroupMinimumTables.allocate(groups, books.m, books.ks) : null;
        used += minima == null ? 0 : minimaBytes;
        long centerBytes = BoundDecay.centerBytes(k, books.dim);
        boolean keepCenters = centerBytes <= maxBytes - used;
        used += keepCenters ? centerBytes : 0;
        return new AssignmentBounds(groups, CenterOrder.of(centers, books.dim, groups), TableSumRounding.of(books),
                blockChunks, blocks, used, books.dim, quantized, minima, keepCenters);
    }

    /**
     * Fewest groups for the 8-bit pre-filter (K >= 2,048 with groups of 32). With few groups a pass is cheap and
     * much of it is each code's own group, which the pre-filter cannot skip; and a fit in a fresh JVM pays for the
     * JIT of one more vector kernel. K = 1,024 defaults (1M x 128, M = 16): warm fits 4.6-5.1 s -> 4.4-5.2 s
     * (all-codes Lloyd 1.44-1.47 -> 1.09-1.16 s), first fit in a fresh JVM 9.4 / 9.5 s -> 9.9 / 10.7 s.
     */
    static final int MIN_PREFILTER_GROUPS = 64;

    /**
     * Widest group the pre-filter takes: its bound is the smallest quantized sum over the whole group, measured
     * tight for groups of 32 centers (it left 0.4-2% of them to the float kernel at K = 10,000). When the bound
     * budget makes groups wide (10M codes at K = 100,000 in the default budget: 87 groups of 1,152 centers) one
     * bound covers too many centers: that run's first passes spent nearly all their time in the float kernel anyway.
     */
    static final int MAX_PREFILTER_WIDTH = 64;

    /**
     * Readies the tables a pass is about to read (built from {@link #arrange} of the centers): their 8-bit copies for
     * the pre-filter, and, for a pass that starts from nothing ({@code fromScratch}: new centers, no drift), each
     * group's smallest entries ({@link GroupMinimumTables}). Called before every pass.
     */
    void prepare(CenterLookupTables tables, boolean fromScratch, WorkerPool pool) {
        if (quantized != null) {
            quantized.fill(tables, pool);
        }
        if (fromScratch) {
            decay.restart();
        }
        minimaCurrent = fromScratch && minima != null;
        if (minimaCurrent) {
            minima.fill(tables, pool);
        }
    }

    /** Whether passes pre-filter groups with 8-bit tables ({@link QuantizedGroupTables}). */
    boolean prefilters() {
        return quantized != null;
    }

    /** Codes of one block at most: {@value} bytes, so a worker's block stays a small part of the heap. */
    static final long BLOCK_CODE_BYTES = 8L << 20;
    /**
     * Chunks per block at most (262,144 codes). Also with the 8-bit pre-filter: a group's 8-bit tables (128 KiB at
     * M = 16, Ks = 256) come from memory once per block, and since bounds decay by displacement ({@link BoundDecay})
     * a late pass sends only 2-27 million (code, group) pairs to them, a few hundred per group and block of 4 chunks.
     * K = 10,000 on 1M x 128 gaussian codes (2 threads, warm fits, alternating): M = 16, blocks of 15 chunks
     * 37.4 / 34.0 / 34.2 s against 45.0 / 46.4 / 39.8 s with 4 (iteration 1 5.6 / 5.4 / 4.9 against 6.8 / 8.3 /
     * 6.7 s); M = 4 within the noise (11.3 / 10.4 against 10.5 / 10.1 s).
     */
    static final int MAX_BLOCK_CHUNKS = 16;

    /**
     * Chunks per block: as many as {@link #BLOCK_CODE_BYTES} and {@link #MAX_BLOCK_CHUNKS} allow, while every
     * thread still gets two blocks, a block's bounds fit one array, and the workers' block buffers (the codes and
     * six ints or floats per code: {@code m + 24} bytes a row) take at most an eighth of the bound budget
     * {@code maxBytes} beyond one chunk each (what a pass without blocks holds).
     */
    static int blockChunks(long rows, int m, int groups, int threads, long maxBytes) {
        long chunkRows = AssignmentPass.CHUNK_ROWS;
        long workers = Math.max(1, threads);
        long byCodes = BLOCK_CODE_BYTES / (chunkRows * m);
        long byThreads = AssignmentPass.chunkCount(rows) / (2L * workers);
        long byArray = (Integer.MAX_VALUE / 2) / (chunkRows * Math.max(1, groups));
        long byBudget = (maxBytes / 8) / (workers * chunkRows * (m + 24L));
        long chunks = Math.min(Math.min(MAX_BLOCK_CHUNKS, byCodes), Math.min(Math.min(byThreads, byArray), byBudget));
        return (int) Math.max(1, chunks);
    }

    /** Consecutive chunks of {@link AssignmentPass#CHUNK_ROWS} codes per block ({@link #assign} call). */
    int blockChunks() {
        return blockChunks;
    }

    /**
     * {@code centers} ({@code k x dim}) in table-position order: the tables the pruned pass reads must be
     * built from this (a buffer reused by the next call). Their distances are those of the original order.
     */
    float[] arrange(float[] centers, int dim) {
        for (int p = 0; p < centerAt.length; p++) {
            System.arraycopy(centers, centerAt[p] * dim, arranged, p * dim, dim);
        }
        return arranged;
    }

    /**
     * Per group, an upper bound of how far any of its centers moved from {@code before} (the centers of the pass just
     * run) to {@code after} ({@code k x dim}, original order), for the next pass's {@link #advance}
     * ({@link BoundDecay#drift}).
     */
    double[] drift(float[] before, float[] after) {
        return decay.drift(before, after);
    }

    /**
     * Takes in the drift of one pass's centers ({@link #drift}) before the pass runs. Bounds are stored
     * shifted (bound + the group's summed drift at the time it was stored), so a pass lowers every bound of
     * a group by adding to one number per tag instead of rewriting {@code rows x groups} floats
     * ({@link BoundDecay}).
     */
    void advance(double[] drift) {
        decay.advance(drift);
    }

    long bytes() {
        return bytes;
    }

    /** Buffers of one worker, reused across blocks and passes. */
    static final class Work {
        final int[] own;
        final int[] list;
        final int[] groupStart;
        final float[] limit;
        final float[] groupMin;
        /** The bounds refreshed from {@link #groupMin}. */
        final float[] groupBound;
        final int[] groupLabel;
        final byte[] gathered;
        /** Pre-filter: each code's smallest quantized sum, the rows kept for the float scan, the rows skipped. */
        final int[] quantizedMin;
        final float[] lowerSum;
        final int[] keptRows;
        final int[] skippedRows;
        final float[] skippedMin;
        final float[] skippedBound;

        Work(int rows, int m, int groups) {
            own = new int[rows];
            list = new int[rows];
            groupStart = new int[groups + 1];
            limit = new float[rows];
            int kernelRows = Math.min(rows, AssignmentPass.KERNEL_ROWS);
            groupMin = new float[kernelRows];
            groupBound = new float[kernelRows];
            groupLabel = new int[kernelRows];
            gathered = new byte[kernelRows * m];
            quantizedMin = new int[kernelRows];
            lowerSum = new float[kernelRows];
            keptRows = new int[kernelRows];
            skippedRows = new int[kernelRows];
            skippedMin = new float[kernelRows];
            skippedBound = new float[kernelRows];
        }
    }

    Work newWork(int rows, int m) {
        return new Work(rows, m, groups.count());
    }

    /**
     * Assigns the {@code n} codes of block {@code block} ({@code codes[i * m ..]}): writes the nearest center
     * and its computed distance to {@code label[i]} and {@code distance[i]}, exactly as
     * {@link CenterLookupTables#nearest} would. With {@code drift} (per group, since the centers of
     * {@code previous} labels) the pass is pruned; without, it starts from the groups' lower sums when
     * {@link #prepare} readied them, else every group is scanned; either way every bound is set.
     *
     * @return distance evaluations made (codes x centers scanned)
     */
    long assign(int block, int n, byte[] codes, int m, int ks, int[] previous, int previousOffset, double[] drift,
                CenterLookupTables tables, Kernels kernels, int[] label, float[] distance, Work w) {
        float[] bounds = blockBounds[block];
        boolean pruned = drift != null && bounds != null;
        if (bounds == null) {
            bounds = new float[Math.multiplyExact(groups.count(), n)];
            blockBounds[block] = bounds;
        }
        Arrays.fill(distance, 0, n, Float.POSITIVE_INFINITY);
        Arrays.fill(label, 0, n, -1);
        int groupCount = groups.count();
        long evaluations = 0;
        if (!pruned && !minimaCurrent) {
            for (int i = 0; i < n; i++) {
                w.list[i] = i;
            }
            for (int g = 0; g < groupCount; g++) {
                evaluations += scan(g, w.list, 0, n, true, g > 0, codes, m, ks, tables, kernels, bounds, n, label,
                        distance, w);
            }
        } else {
            if (pruned) {
                for (int i = 0; i < n; i++) {
                    w.own[i] = groupOf[previous[previousOffset + i]];
                }
            } else {
                boundByGroupMinima(n, codes, m, kernels, bounds, w);
            }
            evaluations += scanOwnThenUncleared(n, codes, m, ks, tables, kernels, bounds, label, distance, w);
        }
        for (int i = 0; i < n; i++) {
            if (label[i] < 0) {
                label[i] = 0; // every distance infinite: the full scan keeps its initial label 0
            }
        }
        return evaluations;
    }

    /**
     * A pass from nothing with {@link GroupMinimumTables}: every group's bound of every code from its lower sum there
     * (one lookup sum per code over all groups, written group-major into {@code bounds}, then raised to the stored
     * form in place), and as each code's first group ({@code w.own}) the one with the smallest lower sum.
     */
    private void boundByGroupMinima(int n, byte[] codes, int m, Kernels kernels, float[] bounds, Work w) {
        int groupCount = groups.count();
        for (int s = 0; s < n; s += AssignmentPass.KERNEL_ROWS) {
            minima.lowerSums(kernels, codes, s * m, Math.min(AssignmentPass.KERNEL_ROWS, n - s), bounds, s, n);
        }
        // The smallest lower sum so far per code (in w.limit, free until the limits are set), so every group is read
        // in order.
        Arrays.fill(w.own, 0, n, 0);
        System.arraycopy(bounds, 0, w.limit, 0, n);
        for (int g = 1; g < groupCount; g++) {
            int offset = g * n;
            for (int i = 0; i < n; i++) {
                if (bounds[offset + i] < w.limit[i]) {
                    w.limit[i] = bounds[offset + i];
                    w.own[i] = g;
                }
            }
        }
        for (int g = 0; g < groupCount; g++) {
            storedBounds(kernels, g, bounds, g * n, n, bounds, g * n);
        }
    }

    /**
     * The stored form of group {@code g}'s bounds from {@code n} computed minima (or lower sums) at
     * {@code minima[minOffset..]}, into {@code out[outOffset..]} (in place allowed): shifted by the group's summed drift
     * and tagged with this pass ({@link BoundDecay}), counted for the choice of the next pass's tag.
     */
    private void storedBounds(Kernels kernels, int g, float[] minima, int minOffset, int n, float[] out,
                              int outOffset) {
        rounding.shiftedLowerBounds(kernels, minima, minOffset, n, decay.shift(g), decay.tag(), out, outOffset);
        decay.stored(n);
    }

    /**
     * Each code's group {@code w.own[i]} first (codes sorted by group), giving {@code d*}; then every other group whose
     * bound does not clear the limit from {@code d*}: stored - decay > threshold, tested as stored > limit + decay in
     * float with both raised ({@link TableSumRounding#raisedLimit}; the decay by the bound's tag, {@link BoundDecay}).
     *
     * @return float distance evaluations made
     */
    private long scanOwnThenUncleared(int n, byte[] codes, int m, int ks, CenterLookupTables tables, Kernels kernels,
                                      float[] bounds, int[] label, float[] distance, Work w) {
        int groupCount = groups.count();
        long evaluations = 0;
        int[] start = w.groupStart;
        Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            start[w.own[i] + 1]++;
        }
        for (int g = 0; g < groupCount; g++) {
            start[g + 1] += start[g];
        }
        int[] fill = w.list;
        int[] cursor = Arrays.copyOf(start, groupCount);
        for (int i = 0; i < n; i++) {
            fill[cursor[w.own[i]]++] = i;
        }
        for (int g = 0; g < groupCount; g++) {
            evaluations += scan(g, fill, start[g], start[g + 1], false, false, codes, m, ks, tables, kernels,
                    bounds, n, label, distance, w);
        }
        for (int i = 0; i < n; i++) {
            w.limit[i] = TableSumRounding.raisedLimit(rounding.skipThreshold(distance[i]));
        }
        for (int g = 0; g < groupCount; g++) {
            int count = kernels.selectNotAbove(bounds, g * n, w.limit, decay.decays(), BoundDecay.decaysOffset(g),
                    w.own, g, n, w.list);
            evaluations += scan(g, w.list, 0, count, false, true, codes, m, ks, tables, kernels, bounds, n,
                    label, distance, w);
        }
        return evaluations;
    }

    /**
     * Scans group {@code g} for the codes {@code rows[from..to)} (in place when {@code contiguous}: then
     * {@code rows[i] == i}), refreshing their bounds and folding the group's nearest center into
     * {@code label}/{@code distance}: smaller distance wins, then lower index. With {@code prefilter} (and 8-bit
     * tables), a code whose quantized lower sum for the group exceeds its best distance so far skips the float scan:
     * no center of the group can beat or tie it, and its bound comes from that lower sum.
     *
     * @return float distance evaluations made
     */
    private long scan(int g, int[] rows, int from, int to, boolean contiguous, boolean prefilter, byte[] codes, int m,
                      int ks, CenterLookupTables tables, Kernels kernels, float[] bounds, int n, int[] label,
                      float[] distance, Work w) {
        int first = groups.from(g);
        int last = groups.to(g);
        int offset = g * n;
        boolean filter = prefilter && quantized != null && quantized.usable(g);
        long evaluations = 0;
        for (int s = from; s < to; s += AssignmentPass.KERNEL_ROWS) {
            int len = Math.min(AssignmentPass.KERNEL_ROWS, to - s);
            byte[] source;
            int sourceOffset;
            int[] batchRows = rows;
            int batchStart = s;
            if (filter) {
                // The filter reads the codes in place; only the few it keeps are gathered for the float kernel.
                kernels.quantizedMinima(codes, rows, s, len, m, quantized.table, quantized.offset(g),
                        quantized.width(g), ks, w.quantizedMin, 0);
                quantized.lowerSums(g, w.quantizedMin, len, w.lowerSum);
                int kept = 0;
                int skipped = 0;
                for (int j = 0; j < len; j++) {
                    int i = rows[s + j];
                    float lowerSum = w.lowerSum[j];
                    if (lowerSum > distance[i]) {
                        w.skippedRows[skipped] = i;
                        w.skippedMin[skipped++] = lowerSum;
                    } else {
                        System.arraycopy(codes, i * m, w.gathered, kept * m, m);
                        w.keptRows[kept++] = i;
                    }
                }
                // The lower sum is at most every center's float distance, so the bound taken from it as if it were
                // the group's computed minimum is at most the one the scan would store.
                storedBounds(kernels, g, w.skippedMin, 0, skipped, w.skippedBound, 0);
                for (int q = 0; q < skipped; q++) {
                    bounds[offset + w.skippedRows[q]] = w.skippedBound[q];
                }
                source = w.gathered;
                sourceOffset = 0;
                batchRows = w.keptRows;
                batchStart = 0;
                len = kept;
            } else if (contiguous) {
                source = codes;
                sourceOffset = rows[s] * m;
            } else {
                source = w.gathered;
                sourceOffset = 0;
                for (int j = 0; j < len; j++) {
                    System.arraycopy(codes, rows[s + j] * m, source, j * m, m);
                }
            }
            if (len == 0) {
                continue;
            }
            Arrays.fill(w.groupMin, 0, len, Float.POSITIVE_INFINITY);
            Arrays.fill(w.groupLabel, 0, len, -1);
            tables.nearestInRange(kernels, source, sourceOffset, len, m, ks, first, last, w.groupLabel, w.groupMin, 0);
            storedBounds(kernels, g, w.groupMin, 0, len, w.groupBound, 0);
            for (int j = 0; j < len; j++) {
                int i = batchRows[batchStart + j];
                float min = w.groupMin[j];
                int position = w.groupLabel[j];
                int c = position < 0 ? -1 : centerAt[position];
                bounds[offset + i] = w.groupBound[j];
                if (c >= 0 && (min < distance[i] || (min == distance[i] && c < label[i]))) {
                    distance[i] = min;
                    label[i] = c;
                }
            }
            evaluations += (long) len * (last - first);
        }
        return evaluations;
    }
}
