package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.kernels.AlignedFloats;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Asymmetric distance tables of a set of centers against every codeword, filled once per iteration and
 * shared read-only by all assignment tasks. Centers are split into tiles of at most
 * {@code lookupTableBytes} of table each (so the table a kernel call reads stays in cache); tile
 * {@code t} covers centers {@code [t * tileSize, min(k, (t + 1) * tileSize))} and is laid out
 * {@code lut[offset + (s * ks + code) * rowStride + i]}, as {@link Kernels#lookupArgmin} expects, with rows
 * padded to whole cache lines and the first row cache-line aligned ({@link AlignedFloats}).
 *
 * <p>The storage is allocated once and refilled for each new set of centers ({@link #fill}), so Lloyd
 * iterations allocate nothing. Every table entry depends only on its center and codeword, and tiles are
 * scanned in ascending center order with strict improvement, so the labels do not depend on the tiling.
 */
final class CenterLookupTables {
    /** Tiles narrower than the whole set are rounded down to whole vectors of this many floats. */
    private static final int TILE_ALIGNMENT = 16;
    /** Largest float array we allocate (a little below the JVM limit). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 64;

    private final CodingSpaceCodebooks books;
    final int k;
    final int tileSize;
    private final AlignedFloats[] tiles;
    /** Codes per kernel call of a full scan ({@link #CACHED_TABLE_BYTES}). */
    final int scanRows;

    private CenterLookupTables(CodingSpaceCodebooks books, int k, int tileSize, AlignedFloats[] tiles) {
        this.books = books;
        this.k = k;
        this.tileSize = tileSize;
        this.tiles = tiles;
        long bytes = 0;
        for (int t = 0; t < tiles.length; t++) {
            bytes += (long) Float.BYTES * books.m * books.ks * rowStride(tileLength(k, tileSize, t));
        }
        this.scanRows = bytes > CACHED_TABLE_BYTES ? AssignmentPass.CHUNK_ROWS : AssignmentPass.KERNEL_ROWS;
    }

    /**
     * Tiles are kept to about a per-core L2 ({@value #CACHE_TILE_BYTES} bytes). At M = 64, Ks = 64, 200k codes,
     * 2 threads (2 vCPU Zen 5, 1 MiB L2), a Lloyd iteration with 64-center tiles instead of the 4 MiB ones took
     * 87 vs 109 ms at K = 256 and 214 vs 249 ms at K = 512 (medians of two A/B pairs; K = 128: 46 vs 48 ms).
     */
    static final long CACHE_TILE_BYTES = 1L << 20;
    /**
     * ...but never to fewer than this many centers: a tile row then spans 4+ adjacent cache lines the kernel
     * reads together, where 16-center tiles (one line per row) were 1.6x slower (K = 64, Ks = 256).
     */
    static final int MIN_CACHE_TILE = 64;

    /**
     * Tables larger than this (about a third of this machine's shared L3) come from memory on every pass over
     * the tiles, so a full scan then passes {@link AssignmentPass#CHUNK_ROWS} codes per kernel call instead of
     * {@link AssignmentPass#KERNEL_ROWS}: each tile is read once per chunk, not once per 2,048 codes. Smaller
     * tables stay cached and prefer short calls, whose codes and results do not evict them. Single-thread
     * kernel, M = 16, Ks = 256, 64-center tiles (1 MiB): 16 MiB of tables 3.5 -> 2.2 ns per code and center,
     * 4 MiB 2.4 -> 3.8 ns; M = 4, 40 tiles of 1 MiB 1.25 -> 0.68 ns.
     */
    static final long CACHED_TABLE_BYTES = 8L << 20;

    /** Centers per tile for a table budget of {@code lookupTableBytes} (the cache rule above applies within it). */
    static int tileSize(int k, int m, int ks, long lookupTableBytes) {
        long bytesPerCenter = 4L * m * ks;
        long budget = Math.min(lookupTableBytes, Math.max(CACHE_TILE_BYTES, MIN_CACHE_TILE * bytesPerCenter));
        long fit = Math.min(budget, 4 * MAX_ARRAY) / bytesPerCenter;
        if (fit >= k) {
            return k;
        }
        if (fit >= TILE_ALIGNMENT) {
            return (int) (fit / TILE_ALIGNMENT * TILE_ALIGNMENT);
        }
        return (int) Math.max(1, fit);
    }

    /** Storage for the tables of {@code k} centers; {@link #fill} before use. */
    static CenterLookupTables allocate(CodingSpaceCodebooks books, int k, long lookupTableBytes) {
        int tileSize = tileSize(k, books.m, books.ks, lookupTableBytes);
        int tileCount = (k + tileSize - 1) / tileSize;
        AlignedFloats[] tiles = new AlignedFloats[tileCount];
        for (int t = 0; t < tileCount; t++) {
            long floats = (long) books.m * books.ks * rowStride(tileLength(k, tileSize, t));
            if (floats > MAX_ARRAY) {
                // Only a single center can be this large (tileSize() keeps tiles within the budget).
                throw new IllegalStateException("distance table of one center exceeds the largest array: "
                        + books.m + " x " + books.ks + " floats");
            }
            tiles[t] = AlignedFloats.allocate((int) floats);
        }
        return new CenterLookupTables(books, k, tileSize, tiles);
    }

    /** Allocates and fills the tables of {@code k} centers ({@code k x dim}, row-major). */
    static CenterLookupTables build(CodingSpaceCodebooks books, float[] centers, int k, long lookupTableBytes,
                                    Kernels kernels, WorkerPool pool) {
        return allocate(books, k, lookupTableBytes).fill(centers, kernels, pool);
    }

    /** Recomputes every table for {@code centers} ({@code k x dim}, row-major), in parallel; returns this. */
    CenterLookupTables fill(float[] centers, Kernels kernels, WorkerPool pool) {
        int m = books.m;
        int ks = books.ks;
        // One task per (tile, subspace): each writes its own block of one tile.
        pool.run(tiles.length * m, task -> {
            int tile = task / m;
            int s = task % m;
            int length = tileLength(tile);
            int stride = rowStride(length);
            int first = tile * tileSize;
            kernels.subspaceDistanceTable(books.codebooksT[s], ks, books.layout.width(s),
                    centers, first * books.dim + books.layout.offset(s), books.dim, length,
                    tiles[tile].array(), tiles[tile].offset() + s * ks * stride, stride);
        });
        return this;
    }

    /**
     * Copies the tables of the centers {@code changed} from {@code source}, whose position {@code p} holds center
     * {@code changed[p]} ({@link ChangedCenters#tables}), leaving every other center's table as it is: after a
     * center update that moved only these centers, the tables are then those {@link #fill} would build (an entry
     * depends only on its center and codeword), for {@code changed.length / k} of the work. Returns this.
     */
    CenterLookupTables copyCenters(int[] changed, CenterLookupTables source) {
        if (changed.length == 0) {
            return this;
        }
        int rows = books.m * books.ks;
        for (int p = 0; p < changed.length; p++) {
            int c = changed[p];
            int tile = c / tileSize;
            int stride = rowStride(tileLength(tile));
            float[] to = tiles[tile].array();
            int toIndex = tiles[tile].offset() + c - tile * tileSize;
            int sourceTile = p / source.tileSize;
            int sourceStride = rowStride(source.tileLength(sourceTile));
            float[] from = source.tiles[sourceTile].array();
            int fromIndex = source.tiles[sourceTile].offset() + p - sourceTile * source.tileSize;
            for (int row = 0; row < rows; row++) {
                to[toIndex + row * stride] = from[fromIndex + row * sourceStride];
            }
        }
        return this;
    }

    /**
     * Entries {@code (s, code)} of the centers {@code [from, to)} for every codeword, into
     * {@code out[code * (to - from) + c - from]}: a subspace's block of a group in one call.
     */
    void entries(int from, int to, int s, float[] out) {
        copyRows(from, to, s, 0, books.ks, out);
    }

    /** Entry {@code (s, code)} of the centers {@code [from, to)} into {@code out[0 .. to - from)}. */
    void entries(int from, int to, int s, int code, float[] out) {
        copyRows(from, to, s, code, 1, out);
    }

    /**
     * Entries {@code (s, firstCode + r)} of the centers {@code [from, to)} for {@code r < codes}, into
     * {@code out[r * (to - from) + c - from]}, tile by tile.
     */
    private void copyRows(int from, int to, int s, int firstCode, int codes, float[] out) {
        int ks = books.ks;
        int width = to - from;
        for (int c = from; c < to; ) {
            int tile = c / tileSize;
            int tileStart = tile * tileSize;
            int end = Math.min(to, tileStart + tileLength(tile));
            int stride = rowStride(tileLength(tile));
            float[] array = tiles[tile].array();
            int row = tiles[tile].offset() + (s * ks + firstCode) * stride + c - tileStart;
            for (int r = 0, o = c - from; r < codes; r++, row += stride, o += width) {
                System.arraycopy(array, row, out, o, end - c);
            }
            c = end;
        }
    }

    int tileCount() {
        return tiles.length;
    }

    int tileLength(int tile) {
        return tileLength(k, tileSize, tile);
    }

    private static int tileLength(int k, int tileSize, int tile) {
        return Math.min(tileSize, k - tile * tileSize);
    }

    /** Table row length: whole cache lines, so aligned rows stay aligned. */
    private static int rowStride(int tileLength) {
        int line = AlignedFloats.LINE_FLOATS;
        return (tileLength + line - 1) / line * line;
    }

    /**
     * The kernel over the centers {@code [from, to)} only, folding into {@code bestLabel}/{@code bestDist}
     * (not reset: strict improvement over what they hold, ties to the lowest index within the range). The
     * range must be a {@link CenterGroups} group: whole tiles, or a piece of one tile starting
     * {@link CenterGroups#ALIGNMENT}-aligned from the tile start and ending so or at the tile end.
     */
    void nearestInRange(Kernels kernels, byte[] codes, int codesOffset, int n, int m, int ks, int from, int to,
                        int[] bestLabel, float[] bestDist, int outOffset) {
        for (int c = from; c < to; ) {
            int tile = c / tileSize;
            int tileStart = tile * tileSize;
            int end = Math.min(to, tileStart + tileLength(tile));
            int stride = rowStride(tileLength(tile));
            kernels.lookupArgmin(codes, codesOffset, n, m, tiles[tile].array(), tiles[tile].offset() + c - tileStart,
                    stride, ks, end - c, c, bestLabel, bestDist, outOffset);
            c = end;
        }
    }

    /**
     * The distance of one code ({@code codes[offset..+M)}) to {@code center}: the float sum the kernel computes
     * for that center (same entries, same order from {@code 0f}). A scalar gather of M entries, for incremental
     * passes ({@link ChangedCenters}) that need a few distances per code, not a scan.
     */
    float distance(byte[] codes, int offset, int center) {
        int tile = center / tileSize;
        int stride = rowStride(tileLength(tile));
        float[] lut = tiles[tile].array();
        int base = tiles[tile].offset() + center - tile * tileSize;
        int ks = books.ks;
        float acc = 0f;
        for (int s = 0, m = books.m; s < m; s++) {
            acc += lut[base + (s * ks + (codes[offset + s] & 0xFF)) * stride];
        }
        return acc;
    }

    /**
     * Nearest center of {@code n} codes: sets {@code bestLabel[outOffset + i]} and
     * {@code bestDist[outOffset + i]} (the asymmetric squared distance). Overwrites both.
     */
    void nearest(Kernels kernels, byte[] codes, int codesOffset, int n, int m, int ks,
                 int[] bestLabel, float[] bestDist, int outOffset) {
        Arrays.fill(bestDist, outOffset, outOffset + n, Float.POSITIVE_INFINITY);
        Arrays.fill(bestLabel, outOffset, outOffset + n, 0);
        for (int t = 0; t < tiles.length; t++) {
            int length = tileLength(t);
            kernels.lookupArgmin(codes, codesOffset, n, m, tiles[t].array(), tiles[t].offset(), rowStride(length),
                    ks, length, t * tileSize, bestLabel, bestDist, outOffset);
        }
    }
}
