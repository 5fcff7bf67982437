package org.clostera.internal.kmeans;

import org.clostera.data.CodeStore;
import org.clostera.data.ReadBounds;

/** A read-only window {@code [first, first + count)} of another store: its row 0 is row {@code first} there. */
record CodeStoreRange(CodeStore store, long first, int count) implements CodeStore {
    @Override
    public long rows() {
        return count;
    }

    @Override
    public int codeBytes() {
        return store.codeBytes();
    }

    @Override
    public void read(long firstRow, int n, byte[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, n, count);
        store.read(first + firstRow, n, dst, dstOffset);
    }

    @Override
    public void write(long firstRow, int n, byte[] src, int srcOffset) {
        throw new UnsupportedOperationException("read-only code range");
    }
}
