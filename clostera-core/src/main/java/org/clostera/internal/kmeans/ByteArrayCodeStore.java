package org.clostera.internal.kmeans;

import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.data.ReadBounds;

/** A read-only {@link CodeStore} view of {@code n x m} codes in one byte array (not copied). */
final class ByteArrayCodeStore implements CodeStore {
    private final byte[] codes;
    private final int rows;
    private final int m;

    ByteArrayCodeStore(byte[] codes, int rows, int m) {
        if (codes == null) {
            throw new InvalidParameterException("codes are null");
        }
        if (rows < 0 || m <= 0 || (long) rows * m > codes.length) {
            throw new InvalidParameterException("codes array of " + codes.length + " bytes cannot hold " + rows
                    + " codes of " + m + " bytes");
        }
        this.codes = codes;
        this.rows = rows;
        this.m = m;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int codeBytes() {
        return m;
    }

    @Override
    public void read(long firstRow, int count, byte[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        System.arraycopy(codes, (int) firstRow * m, dst, dstOffset, count * m);
    }

    @Override
    public void write(long firstRow, int count, byte[] src, int srcOffset) {
        throw new UnsupportedOperationException("read-only code view");
    }
}
