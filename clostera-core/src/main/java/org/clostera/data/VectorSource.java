package org.clostera.data;

/**
 * Rows of float vectors, addressed by {@code long} row index. Implementations: {@link ArrayVectorSource}
 * in core; {@code .npy}, parquet and memory-mapped files in clostera-io.
 *
 * <p>{@link #read} must be safe to call from several threads at once for sources that report
 * {@link #supportsRandomAccess()}; sequential-only sources (e.g. parquet) are read by one thread in
 * increasing row order.
 */
public interface VectorSource extends AutoCloseable {

    /** Number of rows. */
    long rows();

    /** Dimension of every row. */
    int dim();

    /**
     * Reads rows {@code [firstRow, firstRow + count)} into {@code dst} row-major, starting at
     * {@code dst[dstOffset]}. Throws {@link org.clostera.InvalidDataException} naming the file and row
     * when the data is unreadable, or not finite when the source {@linkplain #checksFinite() checks that}.
     */
    void read(long firstRow, int count, float[] dst, int dstOffset);

    /**
     * Whether {@link #read} (and so {@link #readRows}) already rejects NaN and Inf with an
     * {@link org.clostera.InvalidDataException} naming the source and row, e.g. with {@link FiniteCheck};
     * clostera's own sources do. The encoders check the rows of a source that returns false themselves and
     * skip that second pass when it returns true. A source wrapping another returns the inner source's
     * answer unless it checks itself. Default false.
     */
    default boolean checksFinite() {
        return false;
    }

    /** Whether {@link #read} is cheap at any position and thread-safe. */
    default boolean supportsRandomAccess() {
        return true;
    }

    /** Where the data comes from, for messages (a file path, "float[][]", ...). */
    default String description() {
        return getClass().getSimpleName();
    }

    /**
     * Reads the given rows (strictly increasing) into {@code dst} row-major. The default reads each row
     * with {@link #read}; sequential sources override it with a single pass.
     */
    default void readRows(long[] rowIndices, float[] dst) {
        int dim = dim();
        for (int i = 0; i < rowIndices.length; i++) {
            read(rowIndices[i], 1, dst, i * dim);
        }
    }

    @Override
    default void close() {
    }
}
