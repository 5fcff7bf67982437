package org.clostera.internal.train;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic initial codebook for one subspace: the rows found at evenly spaced quantiles of the
 * projection on the first principal component, so the initial codewords spread along the direction of
 * largest spread. Codewords are real rows and pairwise distinct; when the quantile rows repeat (many
 * identical points) or the projection is degenerate (zero variance) the remaining codewords are
 * distinct rows taken in a seeded shuffled order, and only when fewer than {@code ks} distinct rows
 * exist are codewords repeated.
 */
public final class PcaQuantileInit {
    /** Power-iteration limits: the direction only seeds quantiles, so modest accuracy is enough. */
    private static final int MAX_POWER_ITERATIONS = 50;
    private static final double POWER_TOLERANCE = 1e-7;
    /** Rows used to estimate the principal direction (an evenly strided subset; the direction only
     *  orders the rows, so a few thousand rows are plenty). */
    static final int PCA_MAX_ROWS = 4096;
    /** Up to this width the covariance matrix is formed explicitly (cheaper than implicit steps). */
    private static final int COVARIANCE_MAX_WIDTH = 128;

    private PcaQuantileInit() {
    }

    /**
     * Initial codebook ({@code ks x width}, row-major) for {@code rows} sub-vectors stored contiguously
     * ({@code data[i * width + j]}).
     */
    public static float[] init(float[] data, int rows, int width, int ks, long seed) {
        float[] codebook = new float[ks * width];
        DistinctRows chosen = new DistinctRows(data, width);
        int filled = 0;

        double[] direction = firstPrincipalDirection(data, rows, width, seed);
        if (direction != null) {
            double[] mean = mean(data, rows, width);
            // Sort keys: the projection's order-preserving float bits, then the row index for ties.
            long[] keys = new long[rows];
            for (int i = 0; i < rows; i++) {
                double p = 0;
                int base = i * width;
                for (int j = 0; j < width; j++) {
                    p += (data[base + j] - mean[j]) * direction[j];
                }
                keys[i] = ((long) sortableBits((float) p) << 32) | i;
            }
            Arrays.sort(keys);
            for (int c = 0; c < ks && filled < ks; c++) {
                // Centre of quantile bin c: rows [c*rows/ks, (c+1)*rows/ks) in projection order.
                long lo = (long) c * rows / ks;
                long hi = (long) (c + 1) * rows / ks;
                int row = (int) keys[(int) ((lo + hi) / 2)];
                if (chosen.add(row)) {
                    System.arraycopy(data, row * width, codebook, filled * width, width);
                    filled++;
                }
            }
        }
        if (filled < ks) {
            // Fallback: distinct rows in a seeded shuffled order.
            int[] shuffled = shuffledRows(rows, seed);
            for (int k = 0; k < rows && filled < ks; k++) {
                int row = shuffled[k];
                if (chosen.add(row)) {
                    System.arraycopy(data, row * width, codebook, filled * width, width);
                    filled++;
                }
            }
        }
        // Fewer distinct rows than ks: repeat the distinct codewords (Lloyd leaves the copies empty).
        int distinct = filled;
        for (int c = filled; c < ks; c++) {
            System.arraycopy(codebook, (c % distinct) * width, codebook, c * width, width);
        }
        return codebook;
    }

    /** An int whose signed order is the order of the floats (-0 taken as +0). */
    private static int sortableBits(float v) {
        int bits = Float.floatToIntBits(v + 0f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /**
     * Unit first principal direction, estimated on an evenly strided subset of at most
     * {@value #PCA_MAX_ROWS} rows by power iteration from a seeded start vector; null when that subset
     * has (numerically) no variance. Narrow subspaces iterate on the explicit covariance matrix, wide
     * ones on the implicit one (two passes over the rows per step).
     */
    static double[] firstPrincipalDirection(float[] data, int rows, int width, long seed) {
        int step = (rows + PCA_MAX_ROWS - 1) / PCA_MAX_ROWS;
        int subset = (rows + step - 1) / step;
        double[] centred = new double[subset * width];
        double[] mean = new double[width];
        for (int k = 0; k < subset; k++) {
            int base = k * step * width;
            for (int j = 0; j < width; j++) {
                mean[j] += data[base + j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= subset;
        }
        double totalVariance = 0;
        for (int k = 0; k < subset; k++) {
            int base = k * step * width;
            for (int j = 0; j < width; j++) {
                double d = data[base + j] - mean[j];
                centred[k * width + j] = d;
                totalVariance += d * d;
            }
        }
        if (!(totalVariance > 0)) {
            return null;
        }
        double[] covariance = null;
        if (width <= COVARIANCE_MAX_WIDTH) {
            covariance = new double[width * width];
            for (int k = 0; k < subset; k++) {
                int base = k * width;
                for (int a = 0; a < width; a++) {
                    double da = centred[base + a];
                    int row = a * width;
                    for (int b = a; b < width; b++) {
                        covariance[row + b] += da * centred[base + b];
                    }
                }
            }
            for (int a = 0; a < width; a++) {
                for (int b = 0; b < a; b++) {
                    covariance[a * width + b] = covariance[b * width + a];
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] v = new double[width];
        for (int j = 0; j < width; j++) {
            v[j] = random.nextDouble() - 0.5;
        }
        if (!normalize(v)) {
            v[0] = 1;
        }
        double[] next = new double[width];
        for (int iteration = 0; iteration < MAX_POWER_ITERATIONS; iteration++) {
            Arrays.fill(next, 0);
            if (covariance != null) {
                for (int a = 0; a < width; a++) {
                    double sum = 0;
                    int row = a * width;
                    for (int b = 0; b < width; b++) {
                        sum += covariance[row + b] * v[b];
                    }
                    next[a] = sum;
                }
            } else {
                for (int k = 0; k < subset; k++) {
                    int base = k * width;
                    double p = 0;
                    for (int j = 0; j < width; j++) {
                        p += centred[base + j] * v[j];
                    }
                    for (int j = 0; j < width; j++) {
                        next[j] += p * centred[base + j];
                    }
                }
            }
            if (!normalize(next)) {
                // The start was orthogonal to every centred row: any axis with variance will do.
                return axisOfLargestVariance(centred, subset, width);
            }
            double change = 0;
            for (int j = 0; j < width; j++) {
                double d = next[j] - v[j];
                change += d * d;
            }
            double[] swap = v;
            v = next;
            next = swap;
            if (change < POWER_TOLERANCE * POWER_TOLERANCE) {
                break;
            }
        }
        return v;
    }

    private static double[] axisOfLargestVariance(double[] centred, int rows, int width) {
        double[] variance = new double[width];
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                double d = centred[base + j];
                variance[j] += d * d;
            }
        }
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (variance[j] > variance[best]) {
                best = j;
            }
        }
        double[] axis = new double[width];
        axis[best] = 1;
        return axis;
    }

    private static boolean normalize(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            return false;
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= norm;
        }
        return true;
    }

    private static double[] mean(float[] data, int rows, int width) {
        double[] mean = new double[width];
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                mean[j] += data[base + j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= rows;
        }
        return mean;
    }

    private static int[] shuffledRows(int rows, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** Set of rows compared by value (bitwise, with -0 equal to +0), for picking distinct codewords. */
    private static final class DistinctRows {
        private final float[] data;
        private final int width;
        private final Set<RowKey> seen = new HashSet<>();

        DistinctRows(float[] data, int width) {
            this.data = data;
            this.width = width;
        }

        boolean add(int row) {
            return seen.add(new RowKey(row));
        }

        private final class RowKey {
            private final int base;
            private final int hash;

            RowKey(int row) {
                this.base = row * width;
                int h = 1;
                for (int j = 0; j < width; j++) {
                    h = 31 * h + Float.floatToIntBits(data[base + j] + 0f);
                }
                this.hash = h;
            }

            @Override
            public boolean equals(Object o) {
                if (!(o instanceof RowKey other) || other.hash != hash) {
                    return false;
                }
                for (int j = 0; j < width; j++) {
                    if (Float.floatToIntBits(data[base + j] + 0f) != Float.floatToIntBits(data[other.base + j] + 0f)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }
}
