package org.clostera.internal.kmeans;

import java.util.SplittableRandom;

/**
 * The best 2-means split of one cluster's member codes, found along the cluster's principal direction, and
 * what it gains: the drop of the cluster's squared error when its members go to the two halves' means.
 *
 * <p>Why the principal direction: splitting at the farthest member puts a new center on an outlier, and a
 * random direction halves a merged pair of true clusters only by luck; the direction of largest variance
 * is the one two merged clusters differ along. The halves are then improved by a few 2-means iterations.
 *
 * <p>Everything is computed from the codes through per-subspace tables, never by decoding members: a
 * member's projection on {@code v} is {@code sum_s T[s][code_s]} with {@code T[s][c] = (cw_sc - mean_s) . v_s},
 * and a half's mean is its per-subspace codeword histogram times the codebook. One power iteration costs
 * {@code Ks x D + n x M} operations. All sums are in double and in member order, so the result is
 * deterministic.
 */
final class ClusterSplit {
    /** Power iterations for the principal direction; a dominant direction (two clusters) converges in a few. */
    static final int POWER_ITERATIONS = 8;
    /** 2-means iterations after the principal-direction cut. */
    static final int TWO_MEANS_ITERATIONS = 6;

    /**
     * @param gain     squared error removed by the split, on the given members (>= 0; 0 when not splittable)
     * @param first    coding-space center of the first half ({@code D} floats), null when not splittable
     * @param second   coding-space center of the second half, null when not splittable
     * @param members  members the figures were computed on
     */
    record Result(double gain, float[] first, float[] second, int members) {
        static Result none(int members) {
            return new Result(0, null, null, members);
        }
    }

    private ClusterSplit() {
    }

    /**
     * Splits the members {@code rows[0..n)} (row indices into {@code codes}, {@code M} bytes each).
     *
     * @param seed seeds the starting direction of the power iteration
     */
    static Result split(CodingSpaceCodebooks books, byte[] codes, int[] rows, int n, long seed) {
        if (n < 2) {
            return Result.none(n);
        }
        int m = books.m;
        int ks = books.ks;
        int dim = books.dim;
        int[] counts = new int[m * ks];
        for (int i = 0; i < n; i++) {
            int base = rows[i] * m;
            for (int s = 0; s < m; s++) {
                counts[s * ks + (codes[base + s] & 0xFF)]++;
            }
        }
        double[] mean = mean(books, counts, n);
        double parentError = squaredError(books, counts, mean);
        if (!(parentError > 0)) {
            return Result.none(n);
        }
        double[] projection = new double[n];
        double[] direction = principalDirection(books, codes, rows, n, mean, seed, projection);
        if (direction == null) {
            return Result.none(n);
        }
        boolean[] inFirst = new boolean[n];
        int firstCount = 0;
        for (int i = 0; i < n; i++) {
            inFirst[i] = projection[i] > 0;
            firstCount += inFirst[i] ? 1 : 0;
        }
        if (firstCount == 0 || firstCount == n) {
            return Result.none(n);
        }
        int[] firstCounts = new int[m * ks];
        int[] secondCounts = new int[m * ks];
        double[] firstMean = null;
        double[] secondMean = null;
        double[] firstTable = new double[m * ks];
        double[] secondTable = new double[m * ks];
        for (int iteration = 0; iteration <= TWO_MEANS_ITERATIONS; iteration++) {
            halfCounts(codes, rows, n, m, ks, inFirst, firstCounts, secondCounts);
            firstMean = mean(books, firstCounts, firstCount);
            secondMean = mean(books, secondCounts, n - firstCount);
            if (iteration == TWO_MEANS_ITERATIONS) {
                break;
            }
            distanceTable(books, firstMean, firstTable);
            distanceTable(books, secondMean, secondTable);
            int changed = 0;
            int nextFirst = 0;
            for (int i = 0; i < n; i++) {
                int base = rows[i] * m;
                double a = 0;
                double b = 0;
                for (int s = 0; s < m; s++) {
                    int c = s * ks + (codes[base + s] & 0xFF);
                    a += firstTable[c];
                    b += secondTable[c];
                }
                boolean first = a <= b;
                if (first != inFirst[i]) {
                    changed++;
                    inFirst[i] = first;
                }
                nextFirst += first ? 1 : 0;
            }
            if (nextFirst == 0 || nextFirst == n) {
                return Result.none(n);
            }
            firstCount = nextFirst;
            if (changed == 0) {
                halfCounts(codes, rows, n, m, ks, inFirst, firstCounts, secondCounts);
                break;
            }
        }
        double childError = squaredError(books, firstCounts, firstMean) + squaredError(books, secondCounts, secondMean);
        double gain = Math.max(0, parentError - childError);
        return new Result(gain, toFloats(firstMean, dim), toFloats(secondMean, dim), n);
    }

    /**
     * Unit principal direction of the members by power iteration, or null when they do not vary; writes
     * every member's projection on it (relative to the mean) into {@code projection}.
     */
    private static double[] principalDirection(CodingSpaceCodebooks books, byte[] codes, int[] rows, int n,
                                               double[] mean, long seed, double[] projection) {
        int m = books.m;
        int ks = books.ks;
        int dim = books.dim;
        double[] v = new double[dim];
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = 0; j < dim; j++) {
            v[j] = random.nextDouble() - 0.5;
        }
        if (!normalise(v)) {
            return null;
        }
        double[] table = new double[m * ks];
        double[] weights = new double[m * ks];
        for (int iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
            projectionTable(books, mean, v, table);
            project(codes, rows, n, m, ks, table, projection);
            // w = sum_i t_i (x_i - mean): per subspace, codeword weights H[s][c] = sum of t_i over members with code c.
            java.util.Arrays.fill(weights, 0);
            for (int i = 0; i < n; i++) {
                int base = rows[i] * m;
                double t = projection[i];
                for (int s = 0; s < m; s++) {
                    weights[s * ks + (codes[base + s] & 0xFF)] += t;
                }
            }
            double[] w = new double[dim];
            for (int s = 0; s < m; s++) {
                int width = books.layout.width(s);
                int offset = books.layout.offset(s);
                float[] codebook = books.codebooks[s];
                for (int c = 0; c < ks; c++) {
                    double h = weights[s * ks + c];
                    if (h != 0) {
                        for (int j = 0; j < width; j++) {
                            w[offset + j] += h * (codebook[c * width + j] - mean[offset + j]);
                        }
                    }
                }
            }
            if (!normalise(w)) {
                return null;
            }
            v = w;
        }
        projectionTable(books, mean, v, table);
        project(codes, rows, n, m, ks, table, projection);
        return v;
    }

    /** {@code table[s * ks + c] = (cw_sc - mean_s) . v_s}. */
    private static void projectionTable(CodingSpaceCodebooks books, double[] mean, double[] v, double[] table) {
        for (int s = 0; s < books.m; s++) {
            int width = books.layout.width(s);
            int offset = books.layout.offset(s);
            float[] codebook = books.codebooks[s];
            for (int c = 0; c < books.ks; c++) {
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += (codebook[c * width + j] - mean[offset + j]) * v[offset + j];
                }
                table[s * books.ks + c] = dot;
            }
        }
    }

    private static void project(byte[] codes, int[] rows, int n, int m, int ks, double[] table, double[] out) {
        for (int i = 0; i < n; i++) {
            int base = rows[i] * m;
            double t = 0;
            for (int s = 0; s < m; s++) {
                t += table[s * ks + (codes[base + s] & 0xFF)];
            }
            out[i] = t;
        }
    }

    /** {@code table[s * ks + c] = ||cw_sc - center_s||^2}. */
    private static void distanceTable(CodingSpaceCodebooks books, double[] center, double[] table) {
        for (int s = 0; s < books.m; s++) {
            int width = books.layout.width(s);
            int offset = books.layout.offset(s);
            float[] codebook = books.codebooks[s];
            for (int c = 0; c < books.ks; c++) {
                double d = 0;
                for (int j = 0; j < width; j++) {
                    double diff = codebook[c * width + j] - center[offset + j];
                    d += diff * diff;
                }
                table[s * books.ks + c] = d;
            }
        }
    }

    private static void halfCounts(byte[] codes, int[] rows, int n, int m, int ks, boolean[] inFirst,
                                   int[] firstCounts, int[] secondCounts) {
        java.util.Arrays.fill(firstCounts, 0);
        java.util.Arrays.fill(secondCounts, 0);
        for (int i = 0; i < n; i++) {
            int[] target = inFirst[i] ? firstCounts : secondCounts;
            int base = rows[i] * m;
            for (int s = 0; s < m; s++) {
                target[s * ks + (codes[base + s] & 0xFF)]++;
            }
        }
    }

    /** Mean of the decoded codes with per-subspace codeword counts {@code counts} ({@code size} codes). */
    static double[] mean(CodingSpaceCodebooks books, int[] counts, long size) {
        double[] mean = new double[books.dim];
        for (int s = 0; s < books.m; s++) {
            int width = books.layout.width(s);
            int offset = books.layout.offset(s);
            float[] codebook = books.codebooks[s];
            for (int c = 0; c < books.ks; c++) {
                int count = counts[s * books.ks + c];
                if (count != 0) {
                    for (int j = 0; j < width; j++) {
                        mean[offset + j] += (double) count * codebook[c * width + j];
                    }
                }
            }
            for (int j = 0; j < width; j++) {
                mean[offset + j] /= size;
            }
        }
        return mean;
    }

    /** Sum of squared distances of the decoded codes with codeword counts {@code counts} to {@code center}. */
    static double squaredError(CodingSpaceCodebooks books, int[] counts, double[] center) {
        double[] table = new double[books.m * books.ks];
        distanceTable(books, center, table);
        double error = 0;
        for (int i = 0; i < table.length; i++) {
            if (counts[i] != 0) {
                error += counts[i] * table[i];
            }
        }
        return error;
    }

    private static boolean normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return false;
        }
        double inverse = 1 / Math.sqrt(norm);
        for (int j = 0; j < v.length; j++) {
            v[j] *= inverse;
        }
        return true;
    }

    private static float[] toFloats(double[] values, int dim) {
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            out[j] = (float) values[j];
        }
        return out;
    }
}
