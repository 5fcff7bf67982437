package org.clostera;

/**
 * How many dense Lloyd iterations on the raw vectors a fit runs when the user did not choose
 * ({@link Clusterer.Builder#rawRefinementIterations}).
 *
 * <p>Code-space k-means minimises the error of the codes; a few dense passes over the rows themselves then
 * reach the k-means optimum of the vectors (on real data: the SSE and NMI of scikit-learn's
 * {@code KMeans(n_init=10)} from one start, see the bench README). They are run automatically only while
 * they stay cheap next to the rest of the fit:
 * <ul>
 *   <li>the input is at most {@value #MAX_RAW_FLOATS} floats (1 GiB of float32), so the extra reads come
 *       from the page cache or the caller's memory, never from a large file again and again;</li>
 *   <li>it has at most {@value #MAX_ROWS} rows: the passes keep about three ints per row (labels, the
 *       previous pass's, a trial's), 200 MB at most, outside the codes' RAM budget;</li>
 *   <li>all passes together cost at most twice the encoder's distance work: encoding computes
 *       {@code N x D x Ks} multiply-adds, a dense pass {@code N x D x K}, so {@code 2 Ks / K} passes,
 *       capped at {@value #MAX_ITERATIONS}; below {@value #MIN_ITERATIONS} none are run.</li>
 * </ul>
 * The rule depends only on the shape of the problem, so a fit stays deterministic.
 */
final class AutomaticRawRefinement {
    /** Largest input (N x D floats) refined automatically: 2^28 floats, 1 GiB. */
    static final long MAX_RAW_FLOATS = 1L << 28;
    /** Most rows refined automatically: 2^24, so the per-row labels of the passes stay within 200 MB. */
    static final long MAX_ROWS = 1L << 24;
    /** Most dense iterations run automatically (Lloyd on the rows rarely moves after this many). */
    static final int MAX_ITERATIONS = 20;
    /** Fewer affordable passes than this are not worth a pass over the data. */
    static final int MIN_ITERATIONS = 2;

    private AutomaticRawRefinement() {
    }

    /** Dense iterations for {@code rows x dim} vectors clustered into {@code k} with {@code codebookSize} codewords. */
    static int iterations(long rows, int dim, int k, int codebookSize) {
        if (rows < 1 || dim < 1 || k < 1 || rows > MAX_ROWS || rows > MAX_RAW_FLOATS / dim) {
            return 0;
        }
        long affordable = 2L * codebookSize / k;
        return affordable < MIN_ITERATIONS ? 0 : (int) Math.min(MAX_ITERATIONS, affordable);
    }
}
