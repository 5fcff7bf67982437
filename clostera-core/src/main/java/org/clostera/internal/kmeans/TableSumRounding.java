package org.clostera.internal.kmeans;

import org.clostera.internal.kernels.Kernels;

/**
 * How far a distance summed from the float tables can sit from the exact squared distance, and the
 * bound arithmetic that stays safe despite it. Pruning ({@link AssignmentBounds}) reasons about exact
 * Euclidean distances (the triangle inequality holds for them), but the labels it must reproduce come
 * from the float sums of the kernel; this class bridges the two.
 *
 * <p><b>Derivation.</b> Let {@code E = sum_s sum_j (w_sj - c_sj)^2} be the exact squared distance of a
 * decoded code to a center (both float vectors), {@code u = 2^-24} the unit roundoff and
 * {@code g(n) = n u / (1 - n u)}. A table entry is {@code acc = fma(diff, diff, acc)} over the {@code w}
 * components of its subspace with {@code diff = fl(w - c) = (w - c)(1 + d)}, {@code |d| <= u}: the
 * squared difference carries {@code (1 + d)^2} (two u) and the {@code w} fused roundings add {@code g(w)},
 * so the entry is {@code E_s (1 + t)} with {@code |t| <= g(w + 2)}, plus at most {@code u_min = 2^-150}
 * absolute per fma whose result is subnormal. The kernel then adds the {@code M} entries in order from
 * {@code 0f}: {@code M - 1} roundings, relative only (a float addition whose result is subnormal is exact).
 * Hence the computed distance {@code d} satisfies
 * <pre>  (1 - G) E - H <= d <= (1 + G) E + H,   G = g(maxWidth + M + 1),   H = D * 2^-149</pre>
 * ({@code H} doubles the subnormal term for the few roundings of the partial sums that follow it). The
 * bounds are computed in double; {@code G} is raised by {@code 2^-40}, which covers the handful of double
 * roundings in {@link #shiftedLowerBound} and {@link #skipThreshold}. For M = 16, D = 128 (width 8): G = 1.5e-6.
 *
 * <p>Overflow: a sum that reaches {@code +Infinity} had a partial sum of at least {@code Float.MAX_VALUE}, so
 * {@link #shiftedLowerBound} treats it as {@code Float.MAX_VALUE} (never as an infinite bound).
 */
final class TableSumRounding {
    private static final double UNIT_ROUNDOFF = 0x1p-24;
    private final double relative;
    private final double absolute;

    TableSumRounding(int maxWidth, int m, int dim) {
        double n = maxWidth + m + 1.0;
        this.relative = n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF) + 0x1p-40;
        this.absolute = dim * 0x1p-149;
    }

    static TableSumRounding of(CodingSpaceCodebooks books) {
        return new TableSumRounding(books.layout.maxWidth(), books.m, books.dim);
    }

    /** The relative margin {@code G} (for reports and tests). */
    double relative() {
        return relative;
    }

    /**
     * A group of centers whose exact Euclidean distances to a code are all {@code >= bound} cannot produce a
     * computed squared distance {@code <= computedBest} when {@code bound > skipThreshold(computedBest)}:
     * {@code (1 - G) bound^2 - H > computedBest}. Infinite (never skip) for an infinite {@code computedBest}.
     */
    double skipThreshold(float computedBest) {
        if (computedBest == Float.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt((computedBest + absolute) / (1 - relative));
    }

    /**
     * A float no larger than the exact Euclidean distance of a code to every center whose computed squared
     * distances are all {@code >= computedMin} ({@code sqrt((min - H) / (1 + G))}, 0 when that is not
     * positive), plus {@code shift} (a group's summed drift, {@code >= 0}), rounded down to a float:
     * the stored form of a bound ({@code AssignmentBounds}). The double sum is lowered by a relative
     * {@code 2^-50} first, which covers its own rounding.
     */
    float shiftedLowerBound(float computedMin, double shift) {
        double x = (Math.min(computedMin, Float.MAX_VALUE) - absolute) / (1 + relative);
        double bound = x > 0 ? Math.sqrt(x) : 0;
        return floorFloat((bound + shift) * (1 - 0x1p-50));
    }

    /**
     * {@link #shiftedLowerBound} of {@code computedMin[minOffset..+n)} into {@code out[outOffset..+n)} (the same array
     * and offset work in place), tagged with {@code tag} ({@link Kernels#BOUND_TAG_BITS}), by the vector kernel
     * {@link Kernels#shiftedLowerBounds}: the same formula, the same floats (a refresh per scanned code and group
     * was 17% of a pruned run at K = 10,000, M = 4 as a scalar division and square root per code).
     */
    void shiftedLowerBounds(Kernels kernels, float[] computedMin, int minOffset, int n, double shift, int tag,
                            float[] out, int outOffset) {
        kernels.shiftedLowerBounds(computedMin, minOffset, n, absolute, 1 + relative, shift, tag, out, outOffset);
    }

    /** Relative raise of {@link #raisedLimit}: covers the float rounding of one sum of two raised limits. */
    private static final double LIMIT_RAISE = 1 + 0x1p-22;

    /**
     * {@code x >= 0} raised by a relative {@code 2^-22} and rounded up to a float (infinite stays infinite).
     * For raised {@code a} and {@code b}, the float sum {@code a + b} is at least the exact {@code x_a + x_b}:
     * it is rounded by at most a relative {@code 2^-24}, less than the raise.
     */
    static float raisedLimit(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        double raised = x * LIMIT_RAISE;
        float f = (float) raised;
        return f < raised ? Math.nextUp(f) : f;
    }

    /** The largest float {@code <= x} (x finite and non-negative). */
    static float floorFloat(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }
}
