package org.clostera.internal.linalg;

import org.clostera.ClosteraException;

/**
 * Workspace sizes and result codes of the LAPACK calls of OPQ, checked so that LAPACK never sees an
 * illegal argument (its {@code xerbla} would print to stdout) and a failure says what it really is.
 *
 * <p>LAPACK returns the workspace size of a query in a float: above 2^24 that rounds, possibly <em>down</em>
 * (ssyevd at D = 20,000 needs 800,120,001 floats but reports 800,120,000, and the call with that size fails
 * with info -8). Sizes are therefore rounded up by one float ulp and never below the documented minimum,
 * computed in long; a size beyond a Java array is refused before the call, naming the largest D.
 */
public final class LapackWorkspace {
    /** Largest Java array length in elements. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;

    private LapackWorkspace() {
    }

    /** Floats of ssyevd's work array for {@code JOBZ = 'V'} on a d x d matrix: {@code 1 + 6d + 2d^2}. */
    public static long symmetricEigenFloats(int d) {
        return 1 + 6L * d + 2L * d * d;
    }

    /** Ints of ssyevd's integer work array for {@code JOBZ = 'V'}: {@code 3 + 5d}. */
    public static long symmetricEigenInts(int d) {
        return 3 + 5L * d;
    }

    /**
     * Floats of sgesdd's work array for {@code JOBZ = 'A'} on a square d x d matrix, as LAPACK's own query
     * reports it (measured with OpenBLAS and netlib's Java LAPACK: {@code 3d^2 + 7d}, e.g. 12,597,248 at
     * d = 2048).
     */
    public static long svdFloats(int d) {
        return 3L * d * d + 7L * d;
    }

    /** The largest d whose ssyevd and sgesdd work arrays fit one Java array (26,753). */
    public static int largestDimension() {
        int d = 1;
        while (svdFloats(d + 1) <= MAX_ARRAY_LENGTH && symmetricEigenFloats(d + 1) <= MAX_ARRAY_LENGTH) {
            d++;
        }
        return d;
    }

    /**
     * The work array length for a call whose query reported {@code queried} and whose documented minimum
     * is {@code minimum}: the larger, with the query rounded up by one ulp (it may have been rounded down).
     *
     * @throws ClosteraException when it exceeds a Java array
     */
    static int size(String routine, int d, float queried, long minimum) {
        // Below 2^24 every integer is a float, so the query is exact; above, add one ulp.
        long fromQuery = !(queried > 0) || !Float.isFinite(queried) ? 0
                : (long) queried + (queried >= (1 << 24) ? (long) Math.ulp(queried) : 0);
        long size = Math.max(Math.max(1, fromQuery), minimum);
        if (size > MAX_ARRAY_LENGTH) {
            throw new ClosteraException("LAPACK " + routine + " needs a work array of " + size + " floats for a "
                    + d + " x " + d + " matrix, more than a Java array holds; OPQ supports D up to "
                    + largestDimension() + ": use plain PQ (fastest)");
        }
        return (int) size;
    }

    /**
     * Throws for a non-zero {@code info}: a negative one is an illegal argument (a bug in clostera, named by
     * its position), a positive one a real convergence failure.
     */
    static void check(String routine, int info, String what) {
        if (info < 0) {
            throw new ClosteraException("bug: LAPACK " + routine + " rejected argument " + (-info) + " as illegal ("
                    + what + "); please report it");
        }
        if (info > 0) {
            throw new ClosteraException("LAPACK " + routine + " did not converge on " + what + " (info " + info + ")");
        }
    }
}
