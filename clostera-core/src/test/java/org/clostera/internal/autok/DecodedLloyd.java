package org.clostera.internal.autok;

import org.clostera.data.CodeStore;
import org.clostera.quantize.Encoder;

/**
 * A test stand-in for the code-space k-means engine: Lloyd on the decoded sample from the given seeds.
 * Independent of the production engine, so scorer bugs cannot hide behind it.
 */
final class DecodedLloyd implements SampleClusterer {
    private final Encoder encoder;
    private final int iterations;

    DecodedLloyd(Encoder encoder, int iterations) {
        this.encoder = encoder;
        this.iterations = iterations;
    }

    @Override
    public Fit cluster(CodeStore sample, int k, float[] initialCenters) {
        int n = (int) sample.rows();
        int dim = encoder.dim();
        byte[] codes = new byte[n * sample.codeBytes()];
        sample.read(0, n, codes, 0);
        float[] x = encoder.decode(codes, n);
        float[] centers = initialCenters.clone();
        int[] labels = new int[n];
        int it = 0;
        for (; it < iterations; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(x, i, centers, k, dim);
                changed |= best != labels[i] || it == 0;
                labels[i] = best;
            }
            double[] sums = new double[k * dim];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[labels[i]]++;
                for (int j = 0; j < dim; j++) {
                    sums[labels[i] * dim + j] += x[i * dim + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < dim; j++) {
                        centers[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return new Fit(centers, it);
    }

    private static int nearest(float[] x, int i, float[] centers, int k, int dim) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double d = 0;
            for (int j = 0; j < dim; j++) {
                double diff = x[i * dim + j] - centers[c * dim + j];
                d += diff * diff;
            }
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return best;
    }

    private static double squared(float[] a, int i, float[] b, int j, int dim) {
        double d = 0;
        for (int t = 0; t < dim; t++) {
            double diff = a[i * dim + t] - b[j * dim + t];
            d += diff * diff;
        }
        return d;
    }
}
