package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * The centers that differ between two sets of the same {@code k} centers, when few enough of them changed for
 * an incremental assignment pass to beat a full scan ({@link AssignmentPass}).
 *
 * <p>Why it is exact: if every code's label is the nearest of the old centers (ties to the lowest index), a
 * code whose own center did not change can only move to a changed center. Its distances to unchanged centers
 * are the same floats as before (the tables are rebuilt from the same center values), so those centers still
 * lose to its label. The code's new label is therefore the nearest of its label and the changed centers, ties
 * to the lowest index; codes whose own center changed need a full scan. Trial moves of the split/merge search
 * change 3 of K centers, and late Lloyd iterations a few: a pass then costs a few lookups per code.
 */
final class ChangedCenters {
    /**
     * An incremental pass scans the changed centers' own small table with the vector kernel, plus one scalar
     * distance per code to its label: it pays while at most a quarter of the centers changed.
     */
    static final int FULL_SCAN_SPEEDUP = 4;

    /**
     * The tables of the {@code changed} centers alone, in their (ascending) order: position {@code p} is center
     * {@code changed[p]}, so the kernel's ties still go to the lowest center index. Null when none changed.
     */
    static CenterLookupTables tables(int[] changed, float[] centers, CodingSpaceCodebooks books,
                                     long lookupTableBytes, Kernels kernels, WorkerPool pool) {
        if (changed.length == 0) {
            return null;
        }
        int dim = books.dim;
        float[] subset = new float[changed.length * dim];
        for (int p = 0; p < changed.length; p++) {
            System.arraycopy(centers, changed[p] * dim, subset, p * dim, dim);
        }
        return CenterLookupTables.build(books, subset, changed.length, lookupTableBytes, kernels, pool);
    }

    private ChangedCenters() {
    }

    /**
     * The indices (ascending) of the centers whose values differ between {@code before} and {@code after}
     * ({@code k x dim} each, compared bit for bit), or null when more than {@code k / }{@value #FULL_SCAN_SPEEDUP}
     * changed (a full scan is cheaper).
     */
    static int[] between(float[] before, float[] after, int k, int dim) {
        int limit = k / FULL_SCAN_SPEEDUP;
        int[] changed = new int[Math.max(0, limit)];
        int count = 0;
        for (int c = 0; c < k; c++) {
            int from = c * dim;
            if (!Arrays.equals(before, from, from + dim, after, from, from + dim)) {
                if (count == limit) {
                    return null;
                }
                changed[count++] = c;
            }
        }
        return Arrays.copyOf(changed, count);
    }
}
