package org.clostera.cluster;

import java.util.SplittableRandom;

/**
 * Seeded synthetic clustering data with ground truth: isotropic unit-variance gaussian blobs around
 * centres uniform in [-scale, scale)^dim, plus a purity score for comparing predicted labels.
 */
public record LabeledGaussians(float[] data, int[] truth, int rows, int dim, int clusters) {

    public static LabeledGaussians generate(int rows, int dim, int clusters, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = new double[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        float[] data = new float[rows * dim];
        int[] truth = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(clusters);
            truth[i] = c;
            for (int j = 0; j < dim; j++) {
                double u = 1 - random.nextDouble();
                double v = random.nextDouble();
                double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
                data[i * dim + j] = (float) (centres[c * dim + j] + gaussian);
            }
        }
        return new LabeledGaussians(data, truth, rows, dim, clusters);
    }

    public float[][] asRows() {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
        }
        return out;
    }

    /** Purity: share of rows whose predicted cluster's majority true class is their own class. */
    public double purity(int[] predicted) {
        int k = 0;
        for (int p : predicted) {
            k = Math.max(k, p + 1);
        }
        int[][] counts = new int[k][clusters];
        for (int i = 0; i < rows; i++) {
            counts[predicted[i]][truth[i]]++;
        }
        long majority = 0;
        for (int[] row : counts) {
            int best = 0;
            for (int c : row) {
                best = Math.max(best, c);
            }
            majority += best;
        }
        return (double) majority / rows;
    }
}
