package org.clostera.quantize;

import java.util.SplittableRandom;

/** Seeded synthetic data for encoder tests: isotropic gaussian blobs around uniform random centres. */
public final class GaussianMixture {
    private GaussianMixture() {
    }

    /** {@code rows x dim} row-major floats; centres uniform in [-scale, scale), unit-variance noise. */
    public static float[] generate(int rows, int dim, int clusters, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = new double[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = (float) (centres[c * dim + j] + gaussian(random));
            }
        }
        return data;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 21 without RandomGenerator defaults.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
