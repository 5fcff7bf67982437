package org.clostera.cluster;

import java.util.SplittableRandom;

/**
 * A gaussian mixture that k-means finds hard: cluster sizes drawn from a symmetric Dirichlet (a few large
 * clusters, several small ones), centres close enough that clusters touch, and optionally correlated noise
 * (a shared low-rank factor on top of unit isotropic noise). Deterministic in its seed.
 *
 * @param data  {@code rows x dim} row-major
 * @param truth generating cluster of every row
 */
public record HardMixture(float[] data, int[] truth, int rows, int dim, int k) {

    /**
     * @param concentration Dirichlet concentration of the cluster sizes (1 = uneven, large = even)
     * @param gap           expected distance between two centres in units of the noise's standard deviation
     * @param noiseRank     rank of the correlated noise factor (0 = isotropic)
     */
    public static HardMixture generate(int rows, int dim, int k, double concentration, double gap, int noiseRank,
                                       long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = gamma(random, concentration);
            total += weights[c];
        }
        double[] cumulative = new double[k];
        double running = 0;
        for (int c = 0; c < k; c++) {
            // Every cluster keeps at least 0.2% of the rows.
            running += Math.max(weights[c] / total, 0.002);
            cumulative[c] = running;
        }
        double spread = gap / Math.sqrt(2.0 * dim);
        double[] centres = new double[k * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random.nextGaussian() * spread;
        }
        double[] factor = new double[noiseRank * dim];
        for (int i = 0; i < factor.length; i++) {
            factor[i] = random.nextGaussian() * 0.5;
        }
        float[] data = new float[rows * dim];
        int[] truth = new int[rows];
        double[] latent = new double[noiseRank];
        for (int i = 0; i < rows; i++) {
            double u = random.nextDouble() * running;
            int c = 0;
            while (c < k - 1 && cumulative[c] <= u) {
                c++;
            }
            truth[i] = c;
            for (int r = 0; r < noiseRank; r++) {
                latent[r] = random.nextGaussian();
            }
            for (int j = 0; j < dim; j++) {
                double x = centres[c * dim + j] + random.nextGaussian();
                for (int r = 0; r < noiseRank; r++) {
                    x += latent[r] * factor[r * dim + j];
                }
                data[i * dim + j] = (float) x;
            }
        }
        return new HardMixture(data, truth, rows, dim, k);
    }

    /** Sum of squared distances of the rows to the means of their clusters under {@code labels}, per row and dim. */
    public double sse(int[] labels, int clusters) {
        double[] sums = new double[clusters * dim];
        long[] sizes = new long[clusters];
        for (int i = 0; i < rows; i++) {
            sizes[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                sums[labels[i] * dim + j] += data[i * dim + j];
            }
        }
        double error = 0;
        for (int i = 0; i < rows; i++) {
            int c = labels[i];
            for (int j = 0; j < dim; j++) {
                double d = data[i * dim + j] - sums[c * dim + j] / sizes[c];
                error += d * d;
            }
        }
        return error / ((double) rows * dim);
    }

    /** Means of the true clusters, {@code k x dim} row-major. */
    public float[] trueMeans() {
        double[] sum = new double[k * dim];
        int[] size = new int[k];
        for (int i = 0; i < rows; i++) {
            size[truth[i]]++;
            for (int j = 0; j < dim; j++) {
                sum[truth[i] * dim + j] += data[i * dim + j];
            }
        }
        float[] means = new float[sum.length];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (sum[i] / size[i / dim]);
        }
        return means;
    }

    /** Fraction of rows in the majority true cluster of their predicted cluster. */
    public double purity(int[] labels, int clusters) {
        int[][] counts = new int[clusters][k];
        for (int i = 0; i < rows; i++) {
            counts[labels[i]][truth[i]]++;
        }
        long hit = 0;
        for (int[] row : counts) {
            int best = 0;
            for (int v : row) {
                best = Math.max(best, v);
            }
            hit += best;
        }
        return (double) hit / rows;
    }

    /** Marsaglia-Tsang gamma variate with shape {@code a} and scale 1. */
    private static double gamma(SplittableRandom random, double a) {
        if (a < 1) {
            return gamma(random, a + 1) * Math.pow(random.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
