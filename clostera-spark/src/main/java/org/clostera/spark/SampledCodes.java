package org.clostera.spark;

import java.util.Arrays;
import org.clostera.data.CodeStore;

/**
 * The codes of an N-row dataset that were collected to the driver (the seeding or auto-K sample), seen as
 * an N-row {@link CodeStore}: seeding and auto-K read their samples by row index, so they read exactly the
 * codes a single-machine fit reads. Reading a row that was not collected is a bug and fails loudly.
 */
final class SampledCodes implements CodeStore {
    private final long rows;
    private final int codeBytes;
    private final long[] sampled;
    private final byte[] codes;

    /** {@code codes} holds the rows {@code sampled} (strictly increasing) of an {@code rows}-row dataset. */
    SampledCodes(long rows, int codeBytes, long[] sampled, byte[] codes) {
        this.rows = rows;
        this.codeBytes = codeBytes;
        this.sampled = sampled;
        this.codes = codes;
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
        for (int i = 0; i < count; i++) {
            int at = Arrays.binarySearch(sampled, firstRow + i);
            if (at < 0) {
                throw new IllegalStateException("code of row " + (firstRow + i) + " was not collected to the driver");
            }
            System.arraycopy(codes, at * codeBytes, dst, dstOffset + i * codeBytes, codeBytes);
        }
    }

    @Override
    public void write(long firstRow, int count, byte[] src, int srcOffset) {
        throw new UnsupportedOperationException("sampled codes are read-only");
    }
}
