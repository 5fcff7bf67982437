package org.clostera.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeersTest {
    /** Uniform rows: Lloyd keeps moving rows for many iterations, so the cap decides the count. */
    private static float[] uniform(int rows, int dim) {
        Random random = new Random(7);
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return data;
    }

    @Test
    void commonsMathIterationsAreCountedFromItsDistanceEvaluations() {
        float[] data = uniform(2000, 4);
        for (int cap : new int[] {1, 3, 6}) {
            int[] labels = new int[2000];
            Map<String, Object> r = CommonsMathKMeans.run(data, 4, 2000, 8, cap, 1, labels);
            assertEquals((long) cap, r.get("iterations"), "cap " + cap);
            assertEquals(1, r.get("threads"));
            assertTrue((double) r.get("s_per_iteration") > 0);
            assertEquals(8, java.util.Arrays.stream(labels).distinct().count());
        }
    }

    @Test
    void tribuoCountsItsIterationsUpToTheCapAndReturnsItsLastPartition() {
        float[] data = uniform(2000, 4);
        for (int cap : new int[] {1, 3}) {
            int[] labels = new int[2000];
            Map<String, Object> r = TribuoKMeans.run(data, 4, 2000, 8, cap, 2, 1, labels);
            assertEquals(cap, r.get("iterations"), "cap " + cap);
            assertEquals(false, r.get("stopped_before_cap"));
            assertEquals(2, r.get("threads"));
            assertTrue((double) r.get("s_per_iteration") > 0);
            assertEquals(8, java.util.Arrays.stream(labels).distinct().count());
        }
        // three tight, far apart blobs: Lloyd converges in a few iterations, each blob one cluster
        int rows = 300;
        float[] blobs = new float[rows * 2];
        Random random = new Random(3);
        for (int i = 0; i < rows; i++) {
            blobs[2 * i] = (i % 3) * 100 + (float) random.nextGaussian();
            blobs[2 * i + 1] = (float) random.nextGaussian();
        }
        int[] labels = new int[rows];
        Map<String, Object> r = TribuoKMeans.run(blobs, 2, rows, 3, 20, 2, 1, labels);
        assertEquals(true, r.get("stopped_before_cap"));
        assertTrue((int) r.get("iterations") <= 5, "iterations " + r.get("iterations"));
        for (int i = 3; i < rows; i++) {
            assertEquals(labels[i % 3], labels[i], "row " + i);
        }
        assertEquals(3, java.util.Arrays.stream(labels).distinct().count());
    }

    @Test
    void jvectorReconstructsAtTheGivenShapeBelowTheDataVariance() {
        int dim = 16;
        float[] data = uniform(3000, dim);
        Map<String, Object> r = JVectorPq.run(data, dim, 4, 16, 2, 1000, 0);
        assertEquals(4, r.get("subquantizers"));
        assertEquals(16, r.get("codebook_size"));
        assertEquals(3000, r.get("train_rows"));
        double mse = (double) r.get("reconstruction_mse");
        // uniform [0, 1): variance 1/12 per dimension; 16 codewords for 4 dimensions cut it several-fold
        assertTrue(mse > 0 && mse < 0.5 / 12, "mse " + mse);
        assertTrue((double) r.get("encode_vectors_per_s") > 0);
    }
}
