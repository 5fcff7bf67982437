package org.clostera.internal.autok;

import java.util.SplittableRandom;

/** Well-separated Gaussian blobs for tests: centers uniform in [-10, 10]^dim, unit noise times {@code spread}. */
final class Blobs {
    final float[] data;
    final int rows;
    final int dim;
    final int[] truth;

    private Blobs(float[] data, int rows, int dim, int[] truth) {
        this.data = data;
        this.rows = rows;
        this.dim = dim;
        this.truth = truth;
    }

    /** {@code k} blobs; cluster {@code c} gets {@code perCluster * (1 + c % 3)} rows (unequal sizes), rows shuffled. */
    static Blobs generate(int k, int perCluster, int dim, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (random.nextDouble() * 20 - 10);
        }
        int rows = 0;
        for (int c = 0; c < k; c++) {
            rows += perCluster * (1 + c % 3);
        }
        int[] truth = new int[rows];
        int r = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < perCluster * (1 + c % 3); i++) {
                truth[r++] = c;
            }
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = truth[i];
            truth[i] = truth[j];
            truth[j] = t;
        }
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = (float) (centers[truth[i] * dim + j] + spread * gaussian(random));
            }
        }
        return new Blobs(data, rows, dim, truth);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
