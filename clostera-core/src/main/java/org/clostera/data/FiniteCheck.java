package org.clostera.data;

import org.clostera.InvalidDataException;

/** Rejects NaN and infinite values, naming the row. Sources call it on every batch they read. */
public final class FiniteCheck {
    private FiniteCheck() {
    }

    /**
     * Throws {@link InvalidDataException} for the first non-finite value among {@code count} rows of
     * {@code dim} floats starting at {@code data[offset]}; {@code firstRow} is the index of the first row.
     */
    public static void requireFinite(float[] data, int offset, int count, int dim, long firstRow, String source) {
        int end = offset + count * dim;
        for (int i = offset; i < end; i++) {
            float v = data[i];
            // v - v is 0 for finite v and NaN for NaN and +-Inf.
            if (v - v != 0f) {
                long row = firstRow + (i - offset) / dim;
                int col = (i - offset) % dim;
                throw new InvalidDataException("non-finite value " + v + " at dimension " + col
                        + " (NaN and Inf are rejected)", source, row, null, null);
            }
        }
    }
}
