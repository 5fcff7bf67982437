package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Asymmetric distance tables of a set of centers against every codeword, built once per iteration and
 * shared read-only by all assignment tasks. Centers are split into tiles of at most
 * {@code lookupTableBytes} of table each (so the table a kernel call reads stays in cache); tile
 * {@code t} covers centers {@code [t * tileSize, min(k, (t + 1) * tileSize))} and is laid out
 * {@code lut[(s * ks + code) * tileLength + i]}, as {@link Kernels#lookupArgmin} expects.
 *
 * <p>Every table entry depends only on its center and codeword, and tiles are scanned in ascending
 * center order with strict improvement, so the labels do not depend on the tiling.
 */
final class CenterLookupTables {
    /** Tiles narrower than the whole set are rounded down to whole vectors of this many floats. */
    private static final int TILE_ALIGNMENT = 16;
    /** Largest float array we allocate (a little below the JVM limit). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    final int k;
    final int tileSize;
    final float[][] tiles;

    private CenterLookupTables(int k, int tileSize, float[][] tiles) {
        this.k = k;
        this.tileSize = tileSize;
        this.tiles = tiles;
    }

    /** Centers per tile for a table budget of {@code lookupTableBytes}. */
    static int tileSize(int k, int m, int ks, long lookupTableBytes) {
        long bytesPerCenter = 4L * m * ks;
        long fit = Math.min(lookupTableBytes, 4 * MAX_ARRAY) / bytesPerCenter;
        if (fit >= k) {
            return k;
        }
        if (fit >= TILE_ALIGNMENT) {
            return (int) (fit / TILE_ALIGNMENT * TILE_ALIGNMENT);
        }
        return (int) Math.max(1, fit);
    }

    /** Builds the tables of {@code k} centers ({@code k x dim}, row-major) in parallel. */
    static CenterLookupTables build(CodingSpaceCodebooks books, float[] centers, int k, long lookupTableBytes,
                                    Kernels kernels, WorkerPool pool) {
        int m = books.m;
        int ks = books.ks;
        int tileSize = tileSize(k, m, ks, lookupTableBytes);
        int tileCount = (k + tileSize - 1) / tileSize;
        float[][] tiles = new float[tileCount][];
        for (int t = 0; t < tileCount; t++) {
            tiles[t] = new float[m * ks * tileLength(k, tileSize, t)];
        }
        CenterLookupTables tables = new CenterLookupTables(k, tileSize, tiles);
        // One task per (tile, subspace): each writes its own block of one tile.
        pool.run(tileCount * m, task -> {
            int tile = task / m;
            int s = task % m;
            int length = tables.tileLength(tile);
            int first = tile * tileSize;
            kernels.subspaceDistanceTable(books.codebooksT[s], ks, books.layout.width(s),
                    centers, first * books.dim + books.layout.offset(s), books.dim, length,
                    tiles[tile], s * ks * length);
        });
        return tables;
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

    /**
     * Nearest center of {@code n} codes: sets {@code bestLabel[outOffset + i]} and
     * {@code bestDist[outOffset + i]} (the asymmetric squared distance). Overwrites both.
     */
    void nearest(Kernels kernels, byte[] codes, int codesOffset, int n, int m, int ks,
                 int[] bestLabel, float[] bestDist, int outOffset) {
        Arrays.fill(bestDist, outOffset, outOffset + n, Float.POSITIVE_INFINITY);
        Arrays.fill(bestLabel, outOffset, outOffset + n, 0);
        for (int t = 0; t < tiles.length; t++) {
            kernels.lookupArgmin(codes, codesOffset, n, m, tiles[t], ks, tileLength(t), t * tileSize,
                    bestLabel, bestDist, outOffset);
        }
    }
}
