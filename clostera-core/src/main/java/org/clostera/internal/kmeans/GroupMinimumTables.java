package org.clostera.internal.kmeans;

import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Per center group ({@link CenterGroups}), subspace and codeword, the smallest table entry of the group's centers:
 * a table with one column per group, laid out as the float tables are ({@code (s * ks + code) * stride + g}). The
 * lookup sum of a code over it, {@link #lowerSums}, is at most the computed distance of the code to every center of
 * the group, exactly: both are float sums over {@code s = 0..m-1} in order from {@code 0f}, each term here is at most
 * the center's, and rounded addition is monotone. So a pass that starts from nothing (no bounds, no labels) bounds
 * every group of a code for {@code 1 / width} of a scan and scans the group with the smallest sum first: on 1M x 128
 * gaussian codes at K = 10,000 (M = 16, groups of 32) the bounds then clear 44% of the groups before any 8-bit or
 * float scan (58% given each code's exact nearest distance).
 */
final class GroupMinimumTables {
    /** Columns per row are padded to whole cache lines of floats. */
    private static final int ALIGNMENT = 16;

    private final CenterGroups groups;
    private final int m;
    private final int ks;
    final int stride;
    final float[] table;

    private GroupMinimumTables(CenterGroups groups, int m, int ks) {
        this.groups = groups;
        this.m = m;
        this.ks = ks;
        this.stride = stride(groups);
        this.table = new float[Math.toIntExact(floats(groups, m, ks))];
    }

    private static int stride(CenterGroups groups) {
        return (groups.count() + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static long floats(CenterGroups groups, int m, int ks) {
        return (long) m * ks * stride(groups);
    }

    /**
     * Bytes of the table for these groups; {@code Long.MAX_VALUE} when it would not fit one array, so no budget
     * holds it (the pass then scans from nothing as before).
     */
    static long bytes(CenterGroups groups, int m, int ks) {
        long floats = floats(groups, m, ks);
        return floats > Integer.MAX_VALUE - 64 ? Long.MAX_VALUE : floats * Float.BYTES;
    }

    static GroupMinimumTables allocate(CenterGroups groups, int m, int ks) {
        return new GroupMinimumTables(groups, m, ks);
    }

    /**
     * Takes each group's smallest entries from {@code tables} (in the groups' position order), one task per subspace.
     * Comparisons, not {@code Math.min}: a NaN entry is passed over (its center's sum is NaN, which never wins), and a
     * group whose entries are all NaN keeps {@code +Infinity}.
     */
    GroupMinimumTables fill(CenterLookupTables tables, WorkerPool pool) {
        int groupCount = groups.count();
        pool.run(m, s -> {
            float[] row = new float[groups.k];
            for (int code = 0; code < ks; code++) {
                tables.entries(0, groups.k, s, code, row);
                int base = (s * ks + code) * stride;
                for (int g = 0; g < groupCount; g++) {
                    float min = Float.POSITIVE_INFINITY;
                    for (int c = groups.from(g), end = groups.to(g); c < end; c++) {
                        if (row[c] < min) {
                            min = row[c];
                        }
                    }
                    table[base + g] = min;
                }
            }
        });
        return this;
    }

    /**
     * For {@code n} codes ({@code codes[codesOffset + i * m ..]}) and every group {@code g}, the lower sum into
     * {@code out[outOffset + g * outStride + i]} ({@link Kernels#lookupDistances} over the groups' columns).
     */
    void lowerSums(Kernels kernels, byte[] codes, int codesOffset, int n, float[] out, int outOffset, int outStride) {
        int groupCount = groups.count();
        for (int g = 0; g < groupCount; g += SLAB) {
            kernels.lookupDistances(codes, codesOffset, n, m, table, g, stride, ks, Math.min(SLAB, groupCount - g),
                    out, outOffset + g * outStride, outStride);
        }
    }

    /**
     * Groups per kernel call: their columns of every row (M x Ks x 128 bytes, 512 KiB at M = 16, Ks = 256) stay in
     * L2 while a batch of codes passes; all 320 columns of K = 10,000 at once (5 MiB) cost an L3 read per lookup.
     */
    private static final int SLAB = 32;
}
