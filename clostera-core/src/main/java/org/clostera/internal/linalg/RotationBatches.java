package org.clostera.internal.linalg;

import java.util.Map;
import org.clostera.InvalidParameterException;

/**
 * Sizes the row batches in which a D x D rotation is applied: big enough for GEMM efficiency (one
 * product per batch, never per row), bounded in memory by a target in MiB per float batch buffer,
 * overridable with the environment variable {@value #ENV}.
 */
public final class RotationBatches {
    /** Environment variable overriding the target size of one rotation batch, in MiB. */
    public static final String ENV = "CLOSTERA_ROTATION_BATCH_MIB";
    /** Default target size of one batch buffer (input or rotated), in MiB. */
    public static final int DEFAULT_MIB = 32;

    private RotationBatches() {
    }

    /** Rows per rotation batch for dimension {@code dim}, from {@value #ENV} or {@value #DEFAULT_MIB} MiB. */
    public static int rows(int dim) {
        return rows(dim, System.getenv());
    }

    static int rows(int dim, Map<String, String> env) {
        return rowsForMib(dim, targetMib(env));
    }

    /** Rows of {@code dim} floats that fit {@code mib} MiB, at least 1, at most what an array can hold. */
    public static int rowsForMib(int dim, int mib) {
        long rows = ((long) mib << 20) / (4L * dim);
        long maxRows = (Integer.MAX_VALUE - 16) / (long) dim;
        return (int) Math.max(1, Math.min(rows, maxRows));
    }

    static int targetMib(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_MIB;
        }
        int mib;
        try {
            mib = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("environment variable " + ENV + " must be a whole number of MiB, got '"
                    + value + "'");
        }
        if (mib < 1 || mib > 8192) {
            throw new InvalidParameterException("environment variable " + ENV + " must be in 1..8192 MiB, got " + mib);
        }
        return mib;
    }
}
