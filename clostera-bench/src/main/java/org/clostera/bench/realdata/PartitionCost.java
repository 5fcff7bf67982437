package org.clostera.bench.realdata;

import java.util.HashMap;
import java.util.Map;

/**
 * The k-means objective of a partition measured on the raw rows: the sum over rows of the squared distance
 * to the mean of the row's cluster, divided by {@code N x D} ("SSE per dimension"). It depends only on the
 * labels, not on any centers a clusterer reports, so a found partition and the true one are compared on the
 * same footing; it equals scikit-learn's {@code inertia_ / (N x D)} at a Lloyd fixed point. Sums in double.
 */
public final class PartitionCost {
    private PartitionCost() {
    }

    /** SSE per dimension of the partition {@code labels} (any non-negative or negative ints) of the rows. */
    public static double ssePerDim(float[] vectors, int dim, int[] labels) {
        int rows = labels.length;
        if ((long) rows * dim != vectors.length || rows == 0) {
            throw new IllegalArgumentException("need " + rows + " x " + dim + " values, got " + vectors.length);
        }
        Map<Integer, Integer> index = new HashMap<>();
        int[] cluster = new int[rows];
        for (int r = 0; r < rows; r++) {
            cluster[r] = index.computeIfAbsent(labels[r], l -> index.size());
        }
        int clusters = index.size();
        double[] means = new double[clusters * dim];
        long[] counts = new long[clusters];
        for (int r = 0; r < rows; r++) {
            int base = cluster[r] * dim;
            counts[cluster[r]]++;
            for (int d = 0; d < dim; d++) {
                means[base + d] += vectors[r * dim + d];
            }
        }
        for (int c = 0; c < clusters; c++) {
            for (int d = 0; d < dim; d++) {
                means[c * dim + d] /= counts[c];
            }
        }
        double sse = 0;
        for (int r = 0; r < rows; r++) {
            int base = cluster[r] * dim;
            for (int d = 0; d < dim; d++) {
                double diff = vectors[r * dim + d] - means[base + d];
                sse += diff * diff;
            }
        }
        return sse / ((double) rows * dim);
    }
}
