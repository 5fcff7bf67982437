package org.clostera.quantize;

import java.util.SplittableRandom;

/**
 * Seeded synthetic data whose dimensions are correlated across subspaces, the case where OPQ beats PQ:
 * clustered points in a low-dimensional latent space, mixed into all D dimensions by a random dense
 * matrix, plus a little isotropic noise.
 */
public final class CorrelatedData {
    private CorrelatedData() {
    }

    /** {@code rows x dim} row-major floats from {@code latent} latent dimensions and {@code clusters} blobs. */
    public static float[] generate(int rows, int dim, int latent, int clusters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] mixing = new double[latent * dim];
        for (int i = 0; i < mixing.length; i++) {
            mixing[i] = gaussian(random) / Math.sqrt(latent);
        }
        double[] centres = new double[clusters * latent];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = 3 * gaussian(random);
        }
        float[] data = new float[rows * dim];
        double[] z = new double[latent];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(clusters);
            for (int l = 0; l < latent; l++) {
                // decaying latent scales give a realistic spread of variances
                z[l] = centres[c * latent + l] + gaussian(random) * (1.0 / (1 + 0.2 * l));
            }
            for (int j = 0; j < dim; j++) {
                double v = 0.05 * gaussian(random);
                for (int l = 0; l < latent; l++) {
                    v += z[l] * mixing[l * dim + j];
                }
                data[i * dim + j] = (float) v;
            }
        }
        return data;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
