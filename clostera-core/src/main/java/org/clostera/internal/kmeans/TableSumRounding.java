package org.clostera.internal.kmeans;

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
 * roundings in {@link #lowerBound} and {@link #skipThreshold}. For M = 16, D = 128 (width 8): G = 1.5e-6.
 *
 * <p>Overflow: a sum that reaches {@code +Infinity} had a partial sum of at least {@code Float.MAX_VALUE}, so
 * {@link #lowerBound} treats it as {@code Float.MAX_VALUE} (never as an infinite bound).
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
     * A float no larger than the exact Euclidean distance of a code to every center whose computed squared
     * distances are all {@code >= computedMin}: {@code sqrt((min - H) / (1 + G))} rounded down, 0 when that is
     * not positive.
     */
    float lowerBound(float computedMin) {
        double x = (Math.min(computedMin, Float.MAX_VALUE) - absolute) / (1 + relative);
        return x > 0 ? floorFloat(Math.sqrt(x)) : 0f;
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

    /** {@code bound - drift} rounded down to a float, 0 when not positive: the bound after centers moved. */
    static float decrease(float bound, double drift) {
        double x = bound - drift;
        return x > 0 ? floorFloat(x) : 0f;
    }

    /** The largest float {@code <= x} (x finite and non-negative). */
    static float floorFloat(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }
}
