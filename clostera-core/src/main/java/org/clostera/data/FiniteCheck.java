package org.clostera.data;

import org.clostera.InvalidDataException;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;

/**
 * Rejects NaN and infinite values, naming the source, row and dimension. Sources call it on every batch
 * they read, the encoders on arrays and on samples of sources that do not check themselves.
 *
 * <p>One vectorised pass per chunk: the dot product of the chunk with zeros is 0 when every value is finite
 * and NaN otherwise ({@code Inf x 0} and {@code NaN x 0} are NaN), so it never overflows, however large the
 * values (a sum of squares would overflow from |x| ~ 1e19 and send every chunk of such data to the slow
 * scan); only a chunk with a NaN/Inf is scanned value by value for the culprit.
 */
public final class FiniteCheck {
    /** Floats per vectorised test. */
    private static final int CHUNK_FLOATS = 4096;
    private static final float[] ZEROS = new float[CHUNK_FLOATS];

    private FiniteCheck() {
    }

    /**
     * Throws {@link InvalidDataException} for the first non-finite value among {@code count} rows of
     * {@code dim} floats starting at {@code data[offset]}; {@code firstRow} is the index of the first row.
     */
    public static void requireFinite(float[] data, int offset, int count, int dim, long firstRow, String source) {
        int at = firstNonFinite(data, offset, count * dim);
        if (at >= 0) {
            int i = at - offset;
            throw nonFinite(data[at], source, firstRow + i / dim, i % dim);
        }
    }

    /**
     * Throws {@link InvalidDataException} for the first non-finite value of a row sample: row {@code i} of
     * {@code dim} floats at {@code data[i * dim]} is row {@code rowIndices[i]} of {@code source}.
     */
    public static void requireFinite(float[] data, long[] rowIndices, int dim, String source) {
        int at = firstNonFinite(data, 0, rowIndices.length * dim);
        if (at >= 0) {
            throw nonFinite(data[at], source, rowIndices[at / dim], at % dim);
        }
    }

    /** Index of the first NaN/Inf in {@code data[offset, offset + length)}, or -1. */
    private static int firstNonFinite(float[] data, int offset, int length) {
        Kernels kernels = KernelsProvider.get();
        int end = offset + length;
        for (int start = offset; start < end; start += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, end - start);
            if (kernels.dot(data, start, ZEROS, 0, n) == 0f) {
                continue;
            }
            for (int i = start; i < start + n; i++) {
                float v = data[i];
                // v - v is 0 for finite v and NaN for NaN and +-Inf.
                if (v - v != 0f) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static InvalidDataException nonFinite(float value, String source, long row, int column) {
        return new InvalidDataException("non-finite value " + value + " at dimension " + column
                + " (NaN and Inf are rejected)", source, row, null, null);
    }
}
