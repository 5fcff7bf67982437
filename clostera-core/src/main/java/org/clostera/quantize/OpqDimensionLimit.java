package org.clostera.quantize;

import org.clostera.InvalidParameterException;
import org.clostera.data.RamBudget;
import org.clostera.internal.linalg.LapackWorkspace;

/**
 * Whether OPQ can train at a dimension, checked before any data is read. OPQ holds {@code D x D}
 * matrices: the rotation, the covariance and its eigen-decomposition, and for every Procrustes update the
 * cross-covariance, its copy, U, V^T and sgesdd's work array ({@code ~3 D^2}): about
 * {@value #SQUARE_MATRICES} {@code D^2} floats at the peak, next to the sample and its rotation. Each work
 * array must also fit one Java array, which caps D at {@link LapackWorkspace#largestDimension()} (26,753).
 * Beyond either limit the message names it and the remedy (plain PQ), instead of failing deep inside.
 */
final class OpqDimensionLimit {
    /** D x D float matrices alive at the peak of a Procrustes update (a, copy, U, V^T, R, new R; work 3). */
    static final int SQUARE_MATRICES = 9;

    private OpqDimensionLimit() {
    }

    /** Bytes of OPQ's training state at dimension {@code d} with {@code sampleRows} sample rows. */
    static long trainingBytes(int d, int sampleRows) {
        return 4L * SQUARE_MATRICES * d * d + 2 * 4L * sampleRows * d;
    }

    /**
     * Throws {@link InvalidParameterException} when OPQ cannot train at {@code d}: beyond LAPACK's largest
     * work array, or needing more than {@code heapBytes} (the JVM's maximum heap).
     */
    static void check(int d, int sampleRows, long heapBytes) {
        int largest = LapackWorkspace.largestDimension();
        long needed = trainingBytes(d, sampleRows);
        if (d > largest) {
            throw new InvalidParameterException("OPQ needs a D x D rotation and LAPACK work arrays of about "
                    + SQUARE_MATRICES + " D^2 floats (" + RamBudget.format(needed) + " at D = " + d
                    + "); it supports D up to " + largest + " (the largest LAPACK work array in one Java array); "
                    + "use plain PQ (fastest(true), --fastest)");
        }
        if (needed > heapBytes) {
            throw new InvalidParameterException("OPQ at D = " + d + " needs about " + RamBudget.format(needed)
                    + " of heap for its D x D rotation, LAPACK work arrays and " + sampleRows
                    + "-row sample, but the JVM may use " + RamBudget.format(heapBytes)
                    + "; give more heap (-Xmx, e.g. JAVA_OPTS=-Xmx" + Math.max(1, (needed * 5 / 4 >> 30) + 1)
                    + "g) or use plain PQ (fastest(true), --fastest)");
        }
    }
}
