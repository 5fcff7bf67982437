package org.clostera.data;

import org.clostera.InvalidParameterException;

/** A {@link CodeStore} in heap memory, split into chunks so that N x M may exceed 2^31 bytes. */
public final class HeapCodeStore implements CodeStore {
    /** Rows per chunk are chosen so a chunk stays well below the 2^31 array limit. */
    private static final int MAX_CHUNK_BYTES = 1 << 28;

    private final long rows;
    private final int codeBytes;
    private final int rowsPerChunk;
    private final byte[][] chunks;

    public HeapCodeStore(long rows, int codeBytes) {
        if (rows < 0 || codeBytes <= 0) {
            throw new InvalidParameterException("code store needs rows >= 0 and codeBytes > 0, got "
                    + rows + " x " + codeBytes);
        }
        this.rows = rows;
        this.codeBytes = codeBytes;
        this.rowsPerChunk = Math.max(1, MAX_CHUNK_BYTES / codeBytes);
        int chunkCount = (int) ((rows + rowsPerChunk - 1) / rowsPerChunk);
        this.chunks = new byte[chunkCount][];
        for (int c = 0; c < chunkCount; c++) {
            long chunkRows = Math.min(rowsPerChunk, rows - (long) c * rowsPerChunk);
            chunks[c] = new byte[(int) chunkRows * codeBytes];
        }
    }

    /** Wraps a copy of {@code codes} (row-major, {@code codes.length / codeBytes} rows). */
    public static HeapCodeStore copyOf(byte[] codes, int codeBytes) {
        HeapCodeStore store = new HeapCodeStore(codes.length / codeBytes, codeBytes);
        store.write(0, (int) store.rows, codes, 0);
        return store;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int codeBytes() {
        return codeBytes;
    }

    @Override
    public void read(long firstRow, int count, byte[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        long row = firstRow;
        int remaining = count;
        int out = dstOffset;
        while (remaining > 0) {
            int chunk = (int) (row / rowsPerChunk);
            int inChunk = (int) (row - (long) chunk * rowsPerChunk);
            int n = Math.min(remaining, rowsPerChunk - inChunk);
            System.arraycopy(chunks[chunk], inChunk * codeBytes, dst, out, n * codeBytes);
            row += n;
            remaining -= n;
            out += n * codeBytes;
        }
    }

    @Override
    public void write(long firstRow, int count, byte[] src, int srcOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        long row = firstRow;
        int remaining = count;
        int in = srcOffset;
        while (remaining > 0) {
            int chunk = (int) (row / rowsPerChunk);
            int inChunk = (int) (row - (long) chunk * rowsPerChunk);
            int n = Math.min(remaining, rowsPerChunk - inChunk);
            System.arraycopy(src, in, chunks[chunk], inChunk * codeBytes, n * codeBytes);
            row += n;
            remaining -= n;
            in += n * codeBytes;
        }
    }
}
