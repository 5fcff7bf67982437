package org.clostera.internal.kmeans;

import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Repairs the local minimum k-means falls into on well-separated clusters (one center on two true
 * clusters, two centers on one) by swaps on the seeding sample: merge the two clusters whose merge costs
 * least (Ward's cost {@code n_a n_b / (n_a + n_b) ||c_a - c_b||^2}, the exact inertia increase of
 * replacing both by their joint mean), move the freed center to the member of the cluster with the
 * largest squared error that is farthest from its center, run Lloyd iterations on the sample, and keep
 * the swap only if the sample inertia went down. Repeats until a swap is rejected or after
 * {@link #MAX_SWAPS} swaps.
 *
 * <p>Runs only inside {@link SeedingRestarts}, that is without the split/merge refinement: when the refinement
 * is on, {@link SplitMergeSearch} makes the same kind of move (and better-estimated ones) on the sample.
 *
 * <p>Deterministic: every choice is an argmin/argmax with ties to the lowest index, and acceptance
 * compares inertias computed in fixed order. The pair search costs {@code k^2 D / 2} flops, so it is
 * skipped above {@link #MAX_K} centers.
 */
final class SplitMergeRepair {
    /** Most swaps tried; each costs one Lloyd run on the sample. */
    static final int MAX_SWAPS = 4;
    /** Largest k repaired (the pair search is quadratic in k). */
    static final int MAX_K = 1024;

    private SplitMergeRepair() {
    }

    /** The repaired sample result (the same object when no swap helped). */
    static CodeSpaceKMeans.Result repair(CodeStore sample, CodingSpaceCodebooks books, int k,
                                         CodeSpaceKMeans.Result start, int iterations, double tolerance,
                                         long lookupTableBytes, Kernels kernels, WorkerPool pool) {
        if (k < 3 || k > MAX_K) {
            return start;
        }
        CodeSpaceKMeans.Result current = start;
        for (int swap = 0; swap < MAX_SWAPS; swap++) {
            float[] moved = swapped(sample, books, k, current, lookupTableBytes, kernels, pool);
            if (moved == null) {
                break;
            }
            CodeSpaceKMeans.Result next = CodeSpaceKMeans.lloydFrom(current, sample, books, k, moved, iterations,
                    tolerance, lookupTableBytes, ProgressListener.NONE, kernels, pool);
            if (!(next.inertia() < current.inertia())) {
                break;
            }
            current = next;
        }
        return current;
    }

    /** Centers after one merge and split, or null when there is nothing to swap. */
    private static float[] swapped(CodeStore sample, CodingSpaceCodebooks books, int k, CodeSpaceKMeans.Result r,
                                   long lookupTableBytes, Kernels kernels, WorkerPool pool) {
        int n = (int) sample.rows();
        int m = books.m;
        int dim = books.dim;
        float[] centers = r.centers();
        byte[] codes = new byte[n * m];
        sample.read(0, n, codes, 0);
        int[] labels = new int[n];
        float[] dist = new float[n];
        CenterLookupTables tables = CenterLookupTables.build(books, centers, k, lookupTableBytes, kernels, pool);
        int blocks = (n + AssignmentPass.KERNEL_ROWS - 1) / AssignmentPass.KERNEL_ROWS;
        pool.run(blocks, b -> {
            int from = b * AssignmentPass.KERNEL_ROWS;
            int len = Math.min(AssignmentPass.KERNEL_ROWS, n - from);
            tables.nearest(kernels, codes, from * m, len, m, books.ks, labels, dist, from);
        });
        double[] sse = new double[k];
        long[] sizes = new long[k];
        int[] farthest = new int[k];
        java.util.Arrays.fill(farthest, -1);
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            sse[c] += dist[i];
            sizes[c]++;
            if (farthest[c] < 0 || dist[i] > dist[farthest[c]]) {
                farthest[c] = i;
            }
        }
        int split = 0;
        for (int c = 1; c < k; c++) {
            if (sse[c] > sse[split]) {
                split = c;
            }
        }
        if (!(sse[split] > 0)) {
            return null;
        }
        // Cheapest merge among pairs not involving the cluster to split: per first center a its cheapest partner
        // b > a (in parallel), then the cheapest of those; ties go to the lowest a, then the lowest b.
        double[] costOfA = new double[k];
        int[] partnerOfA = new int[k];
        int toSplit = split;
        pool.run(k, a -> {
            costOfA[a] = Double.POSITIVE_INFINITY;
            partnerOfA[a] = -1;
            if (a == toSplit) {
                return;
            }
            for (int b = a + 1; b < k; b++) {
                if (b == toSplit) {
                    continue;
                }
                double cost = mergeCost(centers, dim, sizes, a, b);
                if (cost < costOfA[a]) {
                    costOfA[a] = cost;
                    partnerOfA[a] = b;
                }
            }
        });
        double bestCost = Double.POSITIVE_INFINITY;
        int mergeA = -1;
        int mergeB = -1;
        for (int a = 0; a < k; a++) {
            if (partnerOfA[a] >= 0 && costOfA[a] < bestCost) {
                bestCost = costOfA[a];
                mergeA = a;
                mergeB = partnerOfA[a];
            }
        }
        // Splitting only pays when it gains more than the merge costs; a split gains at most the cluster's error.
        if (mergeA < 0 || !(bestCost < sse[split])) {
            return null;
        }
        float[] out = centers.clone();
        long total = sizes[mergeA] + sizes[mergeB];
        if (total > 0) {
            for (int j = 0; j < dim; j++) {
                out[mergeB * dim + j] = (float) ((sizes[mergeA] * (double) centers[mergeA * dim + j]
                        + sizes[mergeB] * (double) centers[mergeB * dim + j]) / total);
            }
        }
        books.decode(codes, farthest[split] * m, out, mergeA * dim);
        return out;
    }

    /** Ward's cost of merging clusters {@code a} and {@code b}: {@code n_a n_b / (n_a + n_b) ||c_a - c_b||^2}. */
    private static double mergeCost(float[] centers, int dim, long[] sizes, int a, int b) {
        long total = sizes[a] + sizes[b];
        if (total == 0) {
            return 0;
        }
        double d = 0;
        for (int j = 0; j < dim; j++) {
            double diff = centers[a * dim + j] - centers[b * dim + j];
            d += diff * diff;
        }
        return (double) sizes[a] * sizes[b] / total * d;
    }
}
