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
            double[] projection = new double[rows];
            for (int i = 0; i < rows; i++) {
                double p = 0;
                int base = i * width;
                for (int j = 0; j < width; j++) {
                    p += (data[base + j] - mean[j]) * direction[j];
                }
                projection[i] = p;
            }
            Integer[] order = new Integer[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            // Ties broken by row index so the order is total and deterministic.
            Arrays.sort(order, (a, b) -> {
                int cmp = Double.compare(projection[a], projection[b]);
                return cmp != 0 ? cmp : Integer.compare(a, b);
            });
            for (int c = 0; c < ks && filled < ks; c++) {
                // Centre of quantile bin c: rows [c*rows/ks, (c+1)*rows/ks) in projection order.
                long lo = (long) c * rows / ks;
                long hi = (long) (c + 1) * rows / ks;
                int row = order[(int) ((lo + hi) / 2)];
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

    /**
     * Unit first principal direction by power iteration on the (implicit) covariance, from a seeded
     * start vector; null when the data has (numerically) no variance.
     */
    static double[] firstPrincipalDirection(float[] data, int rows, int width, long seed) {
        double[] mean = mean(data, rows, width);
        double totalVariance = 0;
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                double d = data[base + j] - mean[j];
                totalVariance += d * d;
            }
        }
        if (!(totalVariance > 0)) {
            return null;
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
            for (int i = 0; i < rows; i++) {
                int base = i * width;
                double p = 0;
                for (int j = 0; j < width; j++) {
                    p += (data[base + j] - mean[j]) * v[j];
                }
                for (int j = 0; j < width; j++) {
                    next[j] += p * (data[base + j] - mean[j]);
                }
            }
            if (!normalize(next)) {
                // The start was orthogonal to every centred row: any axis with variance will do.
                return axisOfLargestVariance(data, rows, width, mean);
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

    private static double[] axisOfLargestVariance(float[] data, int rows, int width, double[] mean) {
        double[] variance = new double[width];
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                double d = data[base + j] - mean[j];
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
