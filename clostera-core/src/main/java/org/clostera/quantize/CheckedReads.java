package org.clostera.quantize;

import org.clostera.data.FiniteCheck;
import org.clostera.data.VectorSource;

/**
 * How the encoders read a {@link VectorSource}: NaN and Inf are rejected exactly once, naming the source
 * and row, by the source itself when it {@linkplain VectorSource#checksFinite() says it checks}, else here.
 */
final class CheckedReads {
    private CheckedReads() {
    }

    /** Rows {@code [firstRow, firstRow + count)} into {@code dst[0..]}, checked finite. */
    static void read(VectorSource source, long firstRow, int count, float[] dst) {
        source.read(firstRow, count, dst, 0);
        if (!source.checksFinite()) {
            FiniteCheck.requireFinite(dst, 0, count, source.dim(), firstRow, source.description());
        }
    }

    /** The rows {@code rowIndices} (strictly increasing) into {@code dst[0..]}, checked finite. */
    static void readRows(VectorSource source, long[] rowIndices, float[] dst) {
        source.readRows(rowIndices, dst);
        if (!source.checksFinite()) {
            FiniteCheck.requireFinite(dst, rowIndices, source.dim(), source.description());
        }
    }
}
