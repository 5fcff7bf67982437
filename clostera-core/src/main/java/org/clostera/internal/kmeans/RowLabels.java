package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.InvalidParameterException;

/**
 * One {@code int} label per row, addressed by {@code long} row: the per-row state of code-space k-means
 * without the 2^31 limit of one Java array.
 *
 * <p>The labels live in chunks of {@link #chunkRows()} rows (a power of two; by default
 * {@link AssignmentPass#CHUNK_ROWS}, so an assignment task owns exactly one chunk), each allocated on first
 * access and filled with the store's initial value: a store only costs the chunks that were touched. The
 * last chunk holds only the rows that remain.
 *
 * <p>Not synchronised: each chunk must have one writer at a time (the assignment passes give each chunk to
 * one task). Reads after the task pool finished see every write.
 */
public final class RowLabels {
    /** Most rows {@link #toArray()} can return: the largest Java array the JVM reliably allocates. */
    public static final long MAX_ARRAY_ROWS = Integer.MAX_VALUE - 8;

    private final long rows;
    private final int shift;
    private final int mask;
    private final int initial;
    private final int[][] chunks;

    /**
     * Labels of {@code rows} rows in chunks of {@code chunkRows} (a power of two), every label {@code initial}
     * until written.
     */
    public RowLabels(long rows, int chunkRows, int initial) {
        if (rows < 0) {
            throw new InvalidParameterException("rows must be >= 0, got " + rows);
        }
        if (chunkRows < 1 || Integer.bitCount(chunkRows) != 1) {
            throw new InvalidParameterException("chunkRows must be a power of two, got " + chunkRows);
        }
        long chunkCount = (rows + chunkRows - 1) / chunkRows;
        if (chunkCount > MAX_ARRAY_ROWS) {
            throw new InvalidParameterException(rows + " rows need " + chunkCount + " chunks of " + chunkRows
                    + " labels, more than one array of chunks holds");
        }
        this.rows = rows;
        this.shift = Integer.numberOfTrailingZeros(chunkRows);
        this.mask = chunkRows - 1;
        this.initial = initial;
        this.chunks = new int[(int) chunkCount][];
    }

    /** Labels of {@code rows} rows in chunks of {@link AssignmentPass#CHUNK_ROWS}, all {@code initial} until written. */
    public RowLabels(long rows, int initial) {
        this(rows, AssignmentPass.CHUNK_ROWS, initial);
    }

    /** A copy of {@code labels} (null gives null). */
    public static RowLabels copyOf(int[] labels) {
        if (labels == null) {
            return null;
        }
        RowLabels copy = new RowLabels(labels.length, 0);
        for (int c = 0; c < copy.chunks.length; c++) {
            int[] chunk = copy.chunk(c);
            System.arraycopy(labels, (int) copy.firstRow(c), chunk, 0, chunk.length);
        }
        return copy;
    }

    public long rows() {
        return rows;
    }

    /** Rows per chunk (a power of two); every chunk but the last holds this many. */
    public int chunkRows() {
        return mask + 1;
    }

    public int chunkCount() {
        return chunks.length;
    }

    /** Row number of the first label of chunk {@code chunk}. */
    public long firstRow(int chunk) {
        return (long) chunk << shift;
    }

    /** Rows of chunk {@code chunk}: {@link #chunkRows()}, or what remains for the last one. */
    public int chunkLength(int chunk) {
        return (int) Math.min(chunkRows(), rows - firstRow(chunk));
    }

    /**
     * The labels of chunk {@code chunk} (rows {@code firstRow(chunk)} on), not a copy: writes go to the store.
     * Allocates the chunk on first access.
     */
    public int[] chunk(int chunk) {
        int[] labels = chunks[chunk];
        if (labels == null) {
            labels = new int[chunkLength(chunk)];
            if (initial != 0) {
                Arrays.fill(labels, initial);
            }
            chunks[chunk] = labels;
        }
        return labels;
    }

    public int get(long row) {
        int[] labels = chunks[chunkOf(row)];
        return labels == null ? initial : labels[(int) row & mask];
    }

    public void set(long row, int label) {
        chunk(chunkOf(row))[(int) row & mask] = label;
    }

    /** An independent copy (same rows, chunk size and initial label; allocated chunks copied). */
    public RowLabels copy() {
        RowLabels copy = new RowLabels(rows, chunkRows(), initial);
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null) {
                copy.chunks[c] = chunks[c].clone();
            }
        }
        return copy;
    }

    /** Chunks allocated so far (each costs {@code 4 x chunkRows} bytes). */
    public int allocatedChunks() {
        int allocated = 0;
        for (int[] chunk : chunks) {
            if (chunk != null) {
                allocated++;
            }
        }
        return allocated;
    }

    /**
     * All labels as one array (a copy).
     *
     * @throws InvalidParameterException when there are more than {@link #MAX_ARRAY_ROWS} rows
     */
    public int[] toArray() {
        if (rows > MAX_ARRAY_ROWS) {
            throw new InvalidParameterException(rows + " labels do not fit one Java array (at most " + MAX_ARRAY_ROWS
                    + "): read them by row or write them to a label sink");
        }
        int[] out = new int[(int) rows];
        for (int c = 0; c < chunks.length; c++) {
            int[] labels = chunks[c];
            if (labels != null) {
                System.arraycopy(labels, 0, out, (int) firstRow(c), labels.length);
            } else if (initial != 0) {
                Arrays.fill(out, (int) firstRow(c), (int) firstRow(c) + chunkLength(c), initial);
            }
        }
        return out;
    }

    private int chunkOf(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (rows - 1));
        }
        return (int) (row >>> shift);
    }
}
