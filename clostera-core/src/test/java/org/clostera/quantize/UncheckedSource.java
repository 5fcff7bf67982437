package org.clostera.quantize;

import org.clostera.data.HeapCodeStore;
import org.clostera.data.VectorSource;

/**
 * A custom {@link VectorSource} over a row-major array that never checks its values, as a user's own
 * source might; {@code claimsChecked} is what it answers to {@link #checksFinite()}.
 */
record UncheckedSource(float[] data, int dim, boolean claimsChecked) implements VectorSource {

    @Override
    public long rows() {
        return data.length / dim;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        System.arraycopy(data, (int) firstRow * dim, dst, dstOffset, count * dim);
    }

    @Override
    public boolean checksFinite() {
        return claimsChecked;
    }

    @Override
    public String description() {
        return "unchecked";
    }

    /** The codes of every row, with the {@code m} bytes of row {@code skip} zeroed. */
    static byte[] codesWithout(HeapCodeStore codes, int skip) {
        byte[] all = new byte[(int) codes.rows() * codes.codeBytes()];
        codes.read(0, (int) codes.rows(), all, 0);
        java.util.Arrays.fill(all, skip * codes.codeBytes(), (skip + 1) * codes.codeBytes(), (byte) 0);
        return all;
    }
}
