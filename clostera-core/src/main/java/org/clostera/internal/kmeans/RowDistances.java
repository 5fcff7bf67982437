package org.clostera.internal.kmeans;

/**
 * One {@code float} per row, addressed by chunk like {@link RowLabels} (chunks of {@link AssignmentPass#CHUNK_ROWS}
 * rows, allocated on first access): each code's distance to its labelled center after a pass, kept so the next
 * incremental pass ({@link ChangedCenters}) need not look up again the distances of codes whose center did not
 * change. No 2^31-row limit.
 *
 * <p>Not synchronised: each chunk has one writer at a time (the assignment task that owns it).
 */
final class RowDistances {
    /** Bytes per row. */
    static final int BYTES_PER_ROW = Float.BYTES;

    private final long rows;
    private final float[][] chunks;

    RowDistances(long rows) {
        this.rows = rows;
        this.chunks = new float[AssignmentPass.chunkCount(rows)][];
    }

    long rows() {
        return rows;
    }

    /** The distances of chunk {@code chunk} (not a copy), allocated on first access. */
    float[] chunk(int chunk) {
        float[] distances = chunks[chunk];
        if (distances == null) {
            long first = (long) chunk * AssignmentPass.CHUNK_ROWS;
            distances = new float[(int) Math.min(AssignmentPass.CHUNK_ROWS, rows - first)];
            chunks[chunk] = distances;
        }
        return distances;
    }

    /** An independent copy. */
    RowDistances copy() {
        RowDistances copy = new RowDistances(rows);
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null) {
                copy.chunks[c] = chunks[c].clone();
            }
        }
        return copy;
    }
}
