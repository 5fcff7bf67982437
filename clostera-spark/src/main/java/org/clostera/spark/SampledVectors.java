package org.clostera.spark;

import java.util.Arrays;
import org.clostera.data.VectorSource;

/**
 * The rows of an N-row dataset that were collected to the driver (a deterministic sample), seen as an
 * N-row {@link VectorSource}: the encoders read their training sample by row index, so training on this
 * view reads exactly the rows a single-machine fit on all N rows reads. Reading a row that was not
 * collected is a bug and fails loudly.
 */
final class SampledVectors implements VectorSource {
    private final long rows;
    private final int dim;
    private final long[] sampled;
    private final float[] vectors;

    /** {@code vectors} holds the rows {@code sampled} (strictly increasing) of an {@code rows}-row dataset. */
    SampledVectors(long rows, int dim, long[] sampled, float[] vectors) {
        this.rows = rows;
        this.dim = dim;
        this.sampled = sampled;
        this.vectors = vectors;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        for (int i = 0; i < count; i++) {
            int at = Arrays.binarySearch(sampled, firstRow + i);
            if (at < 0) {
                throw new IllegalStateException("row " + (firstRow + i) + " was not collected to the driver");
            }
            System.arraycopy(vectors, at * dim, dst, dstOffset + i * dim, dim);
        }
    }

    @Override
    public boolean checksFinite() {
        return true; // FeatureColumn checked every collected row
    }

    @Override
    public String description() {
        return "Spark dataset (" + sampled.length + " of " + rows + " rows on the driver)";
    }
}
