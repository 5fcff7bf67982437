package org.clostera.io.quality;

import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;

/**
 * The k-means objective of partitions of the same rows, in the raw space: for each partition, the sum over
 * rows of the squared distance to the mean of the row's cluster, divided by {@code rows x dim} (the SSE
 * per dimension). Two streamed passes over the source in batches: the cluster means in double first, then
 * the squared distances to them (accumulated in double), so no sum of squares cancels at large offsets.
 * Labels are any integers (a label is one cluster, whatever its value); memory is one double per cluster
 * and dimension per partition.
 */
public final class PartitionSse {
    /** Floats read per batch (4 MiB). */
    private static final int BATCH_FLOATS = 1 << 20;
    /** Cluster means held at once, over all partitions (2 GiB of doubles). */
    private static final long MAX_MEAN_VALUES = 1L << 28;

    private PartitionSse() {
    }

    /**
     * The SSE per dimension of each partition ({@code labelings[p][row]} = row's cluster in partition p),
     * in the order given.
     *
     * @throws InvalidDataException      when a labeling's length differs from the source's rows
     * @throws InvalidParameterException when there is no labeling, or the means would not fit in memory
     */
    public static double[] perDimension(VectorSource source, int[]... labelings) {
        if (labelings.length == 0) {
            throw new InvalidParameterException("no partition to score");
        }
        long rows = source.rows();
        int dim = source.dim();
        if (rows < 1) {
            throw new InvalidDataException("has no rows", source.description(), -1, null, null);
        }
        int[][] clusters = new int[labelings.length][];
        int[] clusterCounts = new int[labelings.length];
        long meanValues = 0;
        for (int p = 0; p < labelings.length; p++) {
            if (labelings[p].length != rows) {
                throw new InvalidDataException("has " + rows + " rows but partition " + p + " labels "
                        + labelings[p].length, source.description(), -1, null, null);
            }
            clusters[p] = denseIndices(labelings[p]);
            clusterCounts[p] = clusterCount(clusters[p]);
            meanValues += (long) clusterCounts[p] * dim;
        }
        if (meanValues > MAX_MEAN_VALUES) {
            throw new InvalidParameterException("clusters x dim too large to hold the cluster means: " + meanValues
                    + " values (limit " + MAX_MEAN_VALUES + ")");
        }
        double[][] means = new double[labelings.length][];
        long[][] sizes = new long[labelings.length][];
        for (int p = 0; p < labelings.length; p++) {
            means[p] = new double[clusterCounts[p] * dim];
            sizes[p] = new long[clusterCounts[p]];
        }
        int batchRows = (int) Math.max(1, Math.min(rows, BATCH_FLOATS / dim));
        float[] batch = new float[batchRows * dim];
        for (long first = 0; first < rows; first += batchRows) {
            int count = (int) Math.min(batchRows, rows - first);
            source.read(first, count, batch, 0);
            for (int p = 0; p < labelings.length; p++) {
                accumulateSums(batch, count, dim, clusters[p], (int) first, means[p], sizes[p]);
            }
        }
        for (int p = 0; p < labelings.length; p++) {
            for (int c = 0; c < sizes[p].length; c++) {
                for (int d = 0; d < dim; d++) {
                    means[p][c * dim + d] /= sizes[p][c];
                }
            }
        }
        double[] sse = new double[labelings.length];
        for (long first = 0; first < rows; first += batchRows) {
            int count = (int) Math.min(batchRows, rows - first);
            source.read(first, count, batch, 0);
            for (int p = 0; p < labelings.length; p++) {
                sse[p] += squaredDistances(batch, count, dim, clusters[p], (int) first, means[p]);
            }
        }
        for (int p = 0; p < labelings.length; p++) {
            sse[p] /= (double) rows * dim;
        }
        return sse;
    }

    private static void accumulateSums(float[] batch, int count, int dim, int[] clusters, int firstRow,
                                       double[] sums, long[] sizes) {
        for (int i = 0; i < count; i++) {
            int c = clusters[firstRow + i];
            sizes[c]++;
            int base = c * dim;
            int row = i * dim;
            for (int d = 0; d < dim; d++) {
                sums[base + d] += batch[row + d];
            }
        }
    }

    private static double squaredDistances(float[] batch, int count, int dim, int[] clusters, int firstRow,
                                           double[] means) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            int base = clusters[firstRow + i] * dim;
            int row = i * dim;
            for (int d = 0; d < dim; d++) {
                double diff = batch[row + d] - means[base + d];
                total += diff * diff;
            }
        }
        return total;
    }

    /** Labels renumbered 0..C-1 in increasing order of their values. */
    private static int[] denseIndices(int[] labels) {
        int[] distinct = labels.clone();
        Arrays.sort(distinct);
        int n = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[n++] = distinct[i];
            }
        }
        int[] values = Arrays.copyOf(distinct, n);
        int[] dense = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            dense[i] = Arrays.binarySearch(values, labels[i]);
        }
        return dense;
    }

    private static int clusterCount(int[] dense) {
        int max = -1;
        for (int c : dense) {
            max = Math.max(max, c);
        }
        return max + 1;
    }
}
