package org.clostera.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic row samples: the same (rows, count, seed) always gives the same strictly increasing
 * row indices, whatever the thread count or source type.
 */
public final class RowSampler {
    private RowSampler() {
    }

    /**
     * {@code count} distinct row indices out of {@code rows}, sorted ascending; all rows when
     * {@code count >= rows}.
     */
    public static long[] sample(long rows, int count, long seed) {
        if (rows < 0 || count < 0) {
            throw new IllegalArgumentException("rows and count must be >= 0");
        }
        if (count >= rows) {
            long[] all = new long[(int) rows];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        long[] picked;
        if ((long) count * 4 >= rows) {
            // Dense: partial Fisher-Yates over an index array (rows < 4 * count fits an int array).
            int n = (int) rows;
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            picked = new long[count];
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(n - i);
                int tmp = index[i];
                index[i] = index[j];
                index[j] = tmp;
                picked[i] = index[i];
            }
            Arrays.sort(picked);
        } else {
            // Sparse: draw with rejection of duplicates (count << rows, so few rejections).
            java.util.HashSet<Long> seen = new java.util.HashSet<>(count * 2);
            picked = new long[count];
            int filled = 0;
            while (filled < count) {
                long r = random.nextLong(rows);
                if (seen.add(r)) {
                    picked[filled++] = r;
                }
            }
            Arrays.sort(picked);
        }
        return picked;
    }

    /** Reads a deterministic sample of {@code count} rows (or all rows) of the source, row-major. */
    public static float[] sampleVectors(VectorSource source, int count, long seed) {
        long[] rows = sample(source.rows(), count, seed);
        float[] out = new float[Math.multiplyExact(rows.length, source.dim())];
        source.readRows(rows, out);
        return out;
    }
}
