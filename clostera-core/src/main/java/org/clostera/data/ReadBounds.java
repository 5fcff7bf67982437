package org.clostera.data;

/**
 * Argument checks for implementers of {@link VectorSource#read}: clostera's own sources use them, and
 * so may sources written by users, so that every source rejects a bad row range or a short destination
 * with the same {@link IndexOutOfBoundsException} and message. The row-range checks serve any row-wise
 * store as well: {@link CodeStore} reads and writes and label sinks use them too.
 */
public final class ReadBounds {
    private ReadBounds() {
    }

    /**
     * Throws {@link IndexOutOfBoundsException} ("rows [first, end) of rows") unless rows
     * {@code [firstRow, firstRow + count)} lie within {@code [0, rows)}. Overflow-safe for any
     * {@code firstRow}.
     */
    public static void checkRows(long firstRow, int count, long rows) {
        if (outside(firstRow, count, rows)) {
            throw new IndexOutOfBoundsException(rangeText(firstRow, count, rows));
        }
    }

    /**
     * As {@link #checkRows(long, int, long)}, naming where the rows are (a source description or a file) at
     * the end of the message (" in source").
     */
    public static void checkRows(long firstRow, int count, long rows, String source) {
        if (outside(firstRow, count, rows)) {
            throw new IndexOutOfBoundsException(rangeText(firstRow, count, rows) + " in " + source);
        }
    }

    /**
     * Throws {@link IndexOutOfBoundsException} ("destination too small: ...") unless {@code dst} holds
     * {@code count} rows of {@code dim} floats from {@code dst[dstOffset]}.
     *
     * @return the number of floats to write, {@code (long) count * dim}
     */
    public static long checkDestination(float[] dst, int dstOffset, int count, int dim) {
        long total = (long) count * dim;
        if (dstOffset < 0 || dstOffset > dst.length - total) {
            throw new IndexOutOfBoundsException("destination too small: " + total + " floats at offset "
                    + dstOffset + " of " + dst.length);
        }
        return total;
    }

    private static boolean outside(long firstRow, int count, long rows) {
        return firstRow < 0 || count < 0 || firstRow > rows - count;
    }

    private static String rangeText(long firstRow, int count, long rows) {
        return "rows [" + firstRow + ", " + (firstRow + count) + ") of " + rows;
    }
}
