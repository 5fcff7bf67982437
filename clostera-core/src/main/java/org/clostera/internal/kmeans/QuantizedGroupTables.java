package org.clostera.internal.kmeans;

import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * 8-bit copies of the lookup tables of each center group ({@link CenterGroups}), for an exact pre-filter of
 * pruned assignment: {@link Kernels#quantizedMinima} reads a quarter of the bytes the float kernel reads, and its
 * smallest sum gives, through {@link #lowerSum}, a float no larger than the kernel's float distance of the code to
 * any center of the group. A group whose lower sum exceeds the code's best distance so far holds no center that
 * could win or tie, so its float scan is skipped, and the labels stay those of the full scan.
 *
 * <p><b>Quantization.</b> Per group and subspace {@code s}, {@code lo_s} is the smallest entry; one step per group,
 * {@code (largest entry - lo_s) / levels} over its subspaces; an entry {@code T} becomes
 * {@code q = floor((T - lo_s) / step)}, lowered until {@code lo_s + step * q <= T} holds in double. So for any
 * center, {@code sum_s T_s >= sum_s lo_s + step * sum_s q_s}, and the smallest quantized sum over the group bounds
 * every center's exact sum of entries from below. {@code levels = min(255, 32767 / M)} keeps every quantized sum
 * within 15 bits, the vector kernel's 16-bit lanes. Padding columns (groups rounded up to
 * {@value Kernels#QUANTIZED_WIDTH_ALIGNMENT} centers) hold {@code levels}, never below a real center's sum.
 *
 * <p><b>From exact sums to the kernel's float sums.</b> The kernel adds the M entries in float from {@code 0f};
 * the entries are non-negative, so each addition's rounding lowers the running sum by at most a relative
 * {@code u = 2^-24}, and the float sum is at least the exact one times {@code (1 - u)^(M-1) >= 1 - M u}.
 * {@link #lowerSum} applies that factor, two more relative {@code 2^-24} so that rounding the bound to the nearest
 * float cannot raise it above the exact one (no rounding-down step per code), and a relative {@code 1e-10} for the
 * double arithmetic of the bound itself.
 *
 * <p>A group with a non-finite entry (sums of huge inputs overflow the float tables) is marked unusable and is
 * always scanned in float. Refilled from the float tables after every center update ({@link #fill}).
 */
final class QuantizedGroupTables {
    /** Relative margin for the double arithmetic of a bound (a few roundings of at most 2^-53 each, times M). */
    private static final double DOUBLE_MARGIN = 1e-10;

    private final CenterGroups groups;
    private final int m;
    private final int ks;
    private final int levels;
    /** Lower bound factor from exact sums of entries to the kernel's float sums, with the double margin. */
    private final double floatSumFactor;
    /** All groups' tables, group {@code g} at {@link #offset}: {@code [s][code][width(g)]}. */
    final byte[] table;
    private final int[] offset;
    private final int[] width;
    /** Per group, {@code sum_s lo_s}. */
    private final double[] lower;
    /** Per group, the step; negative when the group is unusable (non-finite entries). */
    private final double[] step;

    private QuantizedGroupTables(CenterGroups groups, int m, int ks, int[] offset, int[] width, int bytes) {
        this.groups = groups;
        this.m = m;
        this.ks = ks;
        this.levels = Math.min(255, Short.MAX_VALUE / m);
        this.floatSumFactor = Math.max(0, 1 - (m + 2) * 0x1p-24) * (1 - DOUBLE_MARGIN);
        this.table = new byte[bytes];
        this.offset = offset;
        this.width = width;
        this.lower = new double[groups.count()];
        this.step = new double[groups.count()];
    }

    /** Bytes the tables of {@code groups} take at {@code m} subspaces of {@code ks} codewords. */
    static long bytes(CenterGroups groups, int m, int ks) {
        long bytes = 0;
        for (int g = 0; g < groups.count(); g++) {
            bytes += (long) m * ks * paddedWidth(groups.to(g) - groups.from(g));
        }
        return bytes;
    }

    /** Storage for the 8-bit tables of {@code groups}, or null when they cannot apply (over 32,767 subspaces). */
    static QuantizedGroupTables allocate(CenterGroups groups, int m, int ks) {
        long bytes = bytes(groups, m, ks);
        if (m > Short.MAX_VALUE || bytes > Integer.MAX_VALUE - 64) {
            return null;
        }
        int[] offset = new int[groups.count()];
        int[] width = new int[groups.count()];
        int next = 0;
        for (int g = 0; g < groups.count(); g++) {
            offset[g] = next;
            width[g] = paddedWidth(groups.to(g) - groups.from(g));
            next += m * ks * width[g];
        }
        return new QuantizedGroupTables(groups, m, ks, offset, width, (int) bytes);
    }

    private static int paddedWidth(int centers) {
        int alignment = Kernels.QUANTIZED_WIDTH_ALIGNMENT;
        return (centers + alignment - 1) / alignment * alignment;
    }

    /** Quantizes every group's float tables ({@code tables}, in the groups' position order), in parallel. */
    QuantizedGroupTables fill(CenterLookupTables tables, WorkerPool pool) {
        pool.run(groups.count(), g -> fillGroup(g, tables));
        return this;
    }

    private void fillGroup(int g, CenterLookupTables tables) {
        int from = groups.from(g);
        int centers = groups.to(g) - from;
        int w = width[g];
        // One subspace's entries for every codeword at a time ([code][center]), each subspace read twice.
        float[] block = new float[ks * centers];
        float[] lo = new float[m];
        double widest = 0;
        for (int s = 0; s < m; s++) {
            tables.entries(from, from + centers, s, block);
            // Comparisons, not Math.min/max: a NaN never compares, so it shows as a non-finite range below.
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float value : block) {
                if (value < min) {
                    min = value;
                }
                if (value > max) {
                    max = value;
                }
            }
            if (!(Float.isFinite(min) && Float.isFinite(max))) {
                step[g] = -1;
                return;
            }
            lo[s] = min;
            widest = Math.max(widest, (double) max - min);
        }
        double stepSize = widest / levels;
        double inverse = stepSize > 0 ? 1 / stepSize : 0;
        double sumLo = 0;
        for (int s = 0; s < m; s++) {
            double low = lo[s];
            sumLo += low;
            tables.entries(from, from + centers, s, block);
            for (int code = 0; code < ks; code++) {
                int base = offset[g] + (s * ks + code) * w;
                for (int t = 0, e = code * centers; t < centers; t++, e++) {
                    table[base + t] = (byte) quantize(block[e], low, stepSize, inverse);
                }
                for (int t = centers; t < w; t++) {
                    table[base + t] = (byte) levels;
                }
            }
        }
        lower[g] = sumLo;
        step[g] = stepSize;
    }

    /**
     * The largest level {@code q <= levels} with {@code lo + step * q <= value} (in double): the product with the
     * inverse step truncates to at most one level too many (its rounding is a few ulps), which the check removes.
     */
    private int quantize(float value, double lo, double stepSize, double inverse) {
        int q = Math.min(levels, (int) ((value - lo) * inverse));
        if (q > 0 && lo + stepSize * q > value) {
            q--;
        }
        return q;
    }

    /** Whether group {@code g} has 8-bit tables (all its entries finite). */
    boolean usable(int g) {
        return step[g] >= 0;
    }

    int offset(int g) {
        return offset[g];
    }

    int width(int g) {
        return width[g];
    }

    /**
     * A float no larger than the kernel's float distance of a code to any center of usable group {@code g}, given
     * the code's smallest quantized sum there ({@link Kernels#quantizedMinima}).
     */
    float lowerSum(int g, int quantizedMinimum) {
        return (float) (lower[g] * floatSumFactor + step[g] * floatSumFactor * quantizedMinimum);
    }

    /** {@link #lowerSum} of {@code n} quantized minima at once, into {@code out}: the same arithmetic, bit for bit. */
    void lowerSums(int g, int[] quantizedMinima, int n, float[] out) {
        double base = lower[g] * floatSumFactor;
        double scale = step[g] * floatSumFactor;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (base + scale * quantizedMinima[i]);
        }
    }
}
