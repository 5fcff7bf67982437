package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.parallel.WorkerPool;

/**
 * The center update from per-cluster code histograms ("sparse voting"): in subspace {@code s},
 * {@code center_k = sum_c count[k][s][c] * codeword(s, c) / size_k}, the mean of the decoded member
 * codes, accumulated in double in ascending codeword order. Raw vectors are never needed.
 */
final class HistogramCenters {
    private HistogramCenters() {
    }

    /** Cluster sizes: the counts of subspace 0 summed over codewords. */
    static long[] sizes(int[] histogram, int k, int m, int ks) {
        long[] sizes = new long[k];
        for (int cluster = 0; cluster < k; cluster++) {
            int base = cluster * m * ks;
            long size = 0;
            for (int c = 0; c < ks; c++) {
                size += histogram[base + c];
            }
            sizes[cluster] = size;
        }
        return sizes;
    }

    /** Overwrites the rows of {@code centers} of every non-empty cluster; empty clusters keep theirs. */
    static void update(int[] histogram, long[] sizes, CodingSpaceCodebooks books, float[] centers, WorkerPool pool) {
        int m = books.m;
        int ks = books.ks;
        int dim = books.dim;
        pool.run(sizes.length, cluster -> {
            long size = sizes[cluster];
            if (size == 0) {
                return;
            }
            double[] sum = new double[books.layout.maxWidth()];
            for (int s = 0; s < m; s++) {
                int width = books.layout.width(s);
                float[] codebook = books.codebooks[s];
                Arrays.fill(sum, 0, width, 0.0);
                int counts = (cluster * m + s) * ks;
                for (int c = 0; c < ks; c++) {
                    int count = histogram[counts + c];
                    if (count != 0) {
                        int word = c * width;
                        for (int j = 0; j < width; j++) {
                            sum[j] += (double) count * codebook[word + j];
                        }
                    }
                }
                int out = cluster * dim + books.layout.offset(s);
                for (int j = 0; j < width; j++) {
                    centers[out + j] = (float) (sum[j] / size);
                }
            }
        });
    }
}
