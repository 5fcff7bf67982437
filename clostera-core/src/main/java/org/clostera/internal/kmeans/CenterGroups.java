package org.clostera.internal.kmeans;

import java.util.Arrays;

/**
 * A partition of the centers into consecutive index ranges ("groups"), the unit of pruning: each code
 * keeps one lower bound per group ({@link AssignmentBounds}) and a group is either skipped or scanned as a
 * whole. Groups follow the table tiles ({@link CenterLookupTables}): a group is either a run of whole
 * tiles or a piece of one tile that starts at a multiple of {@value #ALIGNMENT} centers from the tile start
 * and ends at one or at the tile end. Such a piece can be handed to the argmin kernel as a tile of its own:
 * its rows stay cache-line aligned, and a vector kernel (up to {@value #ALIGNMENT} lanes) reads no lane
 * past the piece except the tile's +Infinity padding.
 */
final class CenterGroups {
    /**
     * Smallest group and the alignment of pieces of a tile: 32 centers (one kernel block of 4 x 8 lanes on 256-bit
     * vectors, 2 x 16 on AVX-512; two cache lines of a table row). Narrower groups than the earlier 64 drop their
     * bounds by the largest movement of fewer centers: at K = 10,000, M = 16 (1M codes, 20 Lloyd iterations) the
     * run skipped more distances in most passes and took 144 -> 134 process CPU s; at M = 4 it was even (the
     * upkeep per group is a larger part there).
     */
    static final int ALIGNMENT = 32;
    /** Most groups (bounds per code), so a chunk's bounds fit one array. */
    static final int MAX_GROUPS = 1 << 16;

    final int k;
    /** Group {@code g} covers centers {@code [from[g], from[g + 1])}. */
    private final int[] from;

    private CenterGroups(int k, int[] from) {
        this.k = k;
        this.from = from;
    }

    /**
     * Groups of about {@code k / maxGroups} centers (at least {@value #ALIGNMENT}, or one tile when tiles are
     * narrower) fitted to tiles of
     * {@code tileSize}; at most {@code maxGroups} groups (fewer when tiles force wider ones).
     */
    static CenterGroups of(int k, int tileSize, long maxGroups) {
        long cap = Math.max(1, Math.min(maxGroups, MAX_GROUPS));
        // Narrow tiles (tiny table budgets, or one center's table above 64 KiB) are groups of their own.
        long wanted = Math.max(Math.min(ALIGNMENT, tileSize), (k + cap - 1) / cap);
        int[] starts;
        if (wanted < tileSize) {
            // Pieces of each tile, a multiple of ALIGNMENT wide.
            int width = (int) ((wanted + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
            int tiles = (k + tileSize - 1) / tileSize;
            int perTile = (tileSize + width - 1) / width;
            int[] s = new int[tiles * perTile + 1];
            int g = 0;
            for (int t = 0; t < tiles; t++) {
                int tileStart = t * tileSize;
                int tileEnd = Math.min(k, tileStart + tileSize);
                for (int c = tileStart; c < tileEnd; c += width) {
                    s[g++] = c;
                }
            }
            s[g] = k;
            starts = Arrays.copyOf(s, g + 1);
        } else {
            // Runs of whole tiles.
            long run = (wanted + tileSize - 1) / tileSize;
            int width = (int) Math.min(k, run * tileSize);
            int count = (k + width - 1) / width;
            starts = new int[count + 1];
            for (int g = 0; g < count; g++) {
                starts[g] = g * width;
            }
            starts[count] = k;
        }
        return new CenterGroups(k, starts);
    }

    int count() {
        return from.length - 1;
    }

    int from(int group) {
        return from[group];
    }

    int to(int group) {
        return from[group + 1];
    }

    /** Centers in the widest group. */
    int widest() {
        int widest = 0;
        for (int g = 0; g < count(); g++) {
            widest = Math.max(widest, from[g + 1] - from[g]);
        }
        return widest;
    }

    /** The group of center {@code c}. */
    int groupOf(int c) {
        int index = Arrays.binarySearch(from, c);
        return index >= 0 ? index : -index - 2;
    }

    /** The group of every center, {@code [k]}. */
    int[] groupOfCenters() {
        int[] group = new int[k];
        for (int g = 0; g < count(); g++) {
            Arrays.fill(group, from[g], from[g + 1], g);
        }
        return group;
    }
}
