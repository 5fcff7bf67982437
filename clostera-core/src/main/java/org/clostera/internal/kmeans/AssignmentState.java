package org.clostera.internal.kmeans;

/**
 * What a finished Lloyd run knows about its labels beyond the labels themselves, so a run from its result
 * ({@link CodeSpaceKMeans#lloydFrom}, a split/merge trial) can start its incremental passes without a pass over
 * the codes to rebuild it.
 *
 * @param histogram the per-cluster code counts {@code [k][m][ks]} of the result's labels (never modified: a run
 *                  starting from it copies it)
 * @param distances every code's distance to its labelled center, the float sum a pass computes; null when the
 *                  pruning memory had no room for them ({@link RowDistances#BYTES_PER_ROW} per code)
 */
record AssignmentState(int[] histogram, RowDistances distances) {
    /** Bytes of the histograms of {@code k} clusters. */
    static long histogramBytes(int k, CodingSpaceCodebooks books) {
        return (long) k * books.m * books.ks * Integer.BYTES;
    }

    /** Bytes held: the histograms and the distances. */
    long bytes() {
        return (long) histogram.length * Integer.BYTES
                + (distances == null ? 0 : distances.rows() * RowDistances.BYTES_PER_ROW);
    }
}
