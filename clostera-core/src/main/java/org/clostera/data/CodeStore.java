package org.clostera.data;

/**
 * N x M byte codes (one unsigned byte per subquantizer) addressed by {@code long} row index. Heap store
 * in core ({@link HeapCodeStore}); memory-mapped file store in clostera-io. Nothing may assume
 * {@code N x M < 2^31}. Reads and writes of disjoint row ranges are safe from several threads.
 */
public interface CodeStore extends AutoCloseable {

    /** Number of rows (codes). */
    long rows();

    /** Bytes per code (M, the number of subquantizers). */
    int codeBytes();

    /** Copies rows {@code [firstRow, firstRow + count)} into {@code dst} starting at {@code dstOffset}. */
    void read(long firstRow, int count, byte[] dst, int dstOffset);

    /** Stores rows {@code [firstRow, firstRow + count)} from {@code src} starting at {@code srcOffset}. */
    void write(long firstRow, int count, byte[] src, int srcOffset);

    /** Releases resources (and deletes temporary files of spilled stores). */
    @Override
    default void close() {
    }
}
