package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.InvalidParameterException;
import org.clostera.internal.parallel.WorkerPool;

/**
 * The center update from per-cluster code histograms ("sparse voting"): in subspace {@code s},
 * {@code center_k = sum_c count[k][s][c] * codeword(s, c) / size_k}, the mean of the decoded member
 * codes, accumulated in double in ascending codeword order. Raw vectors are never needed.
 *
 * <p>Counts are {@code int}s read as unsigned: exact up to 2^32 - 1 codes of one cluster sharing a codeword
 * (the passes add and subtract them modulo 2^32), so N up to 2^32 - 1 needs no check and larger N is checked
 * after each pass ({@link #requireCountsFit}).
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
                size += Integer.toUnsignedLong(histogram[base + c]);
            }
            sizes[cluster] = size;
        }
        return sizes;
    }

    /** Largest count an unsigned {@code int} holds: more rows than this may wrap a count. */
    static final long MAX_COUNT = 0xFFFF_FFFFL;

    /**
     * For {@code rows} > {@link #MAX_COUNT}: refuses a histogram in which a count wrapped (a cluster of
     * 2^32 or more codes sharing a codeword). Every wrap lowers a subspace's total below {@code rows}.
     */
    static void requireCountsFit(int[] histogram, int k, int m, int ks, long rows) {
        if (rows <= MAX_COUNT) {
            return;
        }
        for (int s = 0; s < m; s++) {
            long total = 0;
            for (int cluster = 0; cluster < k; cluster++) {
                int base = (cluster * m + s) * ks;
                for (int c = 0; c < ks; c++) {
                    total += Integer.toUnsignedLong(histogram[base + c]);
                }
            }
            if (total != rows) {
                throw new InvalidParameterException("k = " + k + " is too small for N = " + rows + " codes: a cluster"
                        + " holds 2^32 or more codes with the same codeword in subspace " + s
                        + ", more than its code histogram counts; use a larger k");
            }
        }
    }

    /** Overwrites the rows of {@code centers} of every non-empty cluster; empty clusters keep theirs. */
    static void update(int[] histogram, long[] sizes, CodingSpaceCodebooks books, float[] centers, WorkerPool pool) {
        update(histogram, sizes, books, centers, null, pool);
    }

    /**
     * {@link #update(int[], long[], CodingSpaceCodebooks, float[], WorkerPool)}, leaving the clusters with
     * {@code current[c]} (null: none) as they are: the caller knows their row is already this update of their
     * histogram (the same floats), e.g. the clusters no code entered or left since the last update.
     */
    static void update(int[] histogram, long[] sizes, CodingSpaceCodebooks books, float[] centers, boolean[] current,
                       WorkerPool pool) {
        int m = books.m;
        int ks = books.ks;
        int dim = books.dim;
        pool.run(sizes.length, cluster -> {
            long size = sizes[cluster];
            if (size == 0 || (current != null && current[cluster])) {
                return;
            }
            double[] sum = new double[books.layout.maxWidth()];
            for (int s = 0; s < m; s++) {
                int width = books.layout.width(s);
                float[] codebook = books.codebooks[s];
                Arrays.fill(sum, 0, width, 0.0);
                int counts = (cluster * m + s) * ks;
                for (int c = 0; c < ks; c++) {
                    long count = Integer.toUnsignedLong(histogram[counts + c]);
                    if (count != 0) {
                        int word = c * width;
                        for (int j = 0; j < width; j++) {
                            sum[j] += count * (double) codebook[word + j];
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
