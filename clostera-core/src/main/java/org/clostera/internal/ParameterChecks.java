package org.clostera.internal;

import org.clostera.InvalidParameterException;

/**
 * The parameter checks of the settings records ({@code EncoderSettings}, {@code KMeansSettings},
 * {@code RefinementSettings}) and of the run settings every builder has (K, threads), worded once.
 */
public final class ParameterChecks {
    private ParameterChecks() {
    }

    /** {@code value}, or an {@link InvalidParameterException} "name must be >= min, got value". */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new InvalidParameterException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** {@link #atLeast(String, int, int)} for long values. */
    public static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new InvalidParameterException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** A cluster count K: >= 1, or null for automatic selection (auto-K). */
    public static Integer clustersOrAuto(Integer k) {
        if (k != null && k < 1) {
            throw new InvalidParameterException("k must be >= 1 (or null to choose it automatically), got " + k);
        }
        return k;
    }

    /** A thread count: >= 1, or 0 for all cores. */
    public static int threadsOrAll(int threads) {
        if (threads < 0) {
            throw new InvalidParameterException("threads must be >= 1 (or 0 for all cores), got " + threads);
        }
        return threads;
    }

    /** A subquantizer count M: >= 1, or 0 for the default inferred from D. */
    public static int subquantizersOrDefault(int m) {
        if (m < 0) {
            throw new InvalidParameterException("subquantizers M must be >= 1 (or 0 for the default), got " + m);
        }
        return m;
    }

    /** A codebook size Ks: 2..256, as codes are one unsigned byte per subspace. */
    public static int codebookSize(int ks) {
        if (ks < 2 || ks > 256) {
            throw new InvalidParameterException("codebookSize Ks must be in 2..256 (codes are one unsigned byte), got "
                    + ks);
        }
        return ks;
    }

    /** A relative tolerance: finite and >= 0. */
    public static double tolerance(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new InvalidParameterException("tolerance must be a finite number >= 0, got " + tolerance);
        }
        return tolerance;
    }
}
