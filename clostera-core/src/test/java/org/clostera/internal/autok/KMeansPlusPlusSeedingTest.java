package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

/** The batched candidate evaluation of the nested seeding against the one-candidate-at-a-time definition. */
class KMeansPlusPlusSeedingTest {

    @Test
    void batchedSeedingEqualsTheSequentialDefinition() {
        // 26 dimensions in 6 subspaces of uneven widths; 4750 rows are 10 scorer blocks, the last one partial.
        Blobs blobs = Blobs.generate(10, 250, 26, 1.5, 11L);
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, 6, 64);
        int n = blobs.rows;
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        CodeSpaceGeometry geometry = new CodeSpaceGeometry(encoder);
        try (WorkerPool pool = new WorkerPool(2)) {
            // 2 + ln k trials as the analysis uses, 1 trial, and more than one batch of candidates.
            for (int[] kAndTrials : new int[][] {{2, 2}, {40, 2 + (int) Math.log(40)}, {12, 1}, {9, 21}}) {
                for (long seed : new long[] {0, 5}) {
                    int k = kAndTrials[0];
                    int trials = kAndTrials[1];
                    float[] batched = KMeansPlusPlusSeeding.seed(geometry, codes, n, k, trials, seed, pool);
                    float[] sequential = sequentialSeeding(geometry, codes, n, k, trials, seed, pool);
                    assertArrayEquals(sequential, batched, "k=" + k + " trials=" + trials + " seed=" + seed);
                    assertThat(batched).hasSize(k * blobs.dim);
                }
            }
        }
    }

    @Test
    void seedingDoesNotDependOnTheThreadCount() {
        Blobs blobs = Blobs.generate(12, 100, 24, 1.5, 9L);
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, 12, 256);
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        CodeSpaceGeometry geometry = new CodeSpaceGeometry(encoder);
        try (WorkerPool one = new WorkerPool(1); WorkerPool three = new WorkerPool(3)) {
            assertArrayEquals(KMeansPlusPlusSeeding.seed(geometry, codes, blobs.rows, 24, 5, 3L, one),
                    KMeansPlusPlusSeeding.seed(geometry, codes, blobs.rows, 24, 5, 3L, three));
        }
    }

    /**
     * The nested greedy seeding as first written: every candidate drawn, then measured with its own
     * one-center lookup table, its potential summed per scorer block in double and the blocks added in
     * order; the first lowest potential wins.
     */
    private static float[] sequentialSeeding(CodeSpaceGeometry geometry, byte[] codes, int n, int k, int trials,
                                             long seed, WorkerPool pool) {
        int dim = geometry.dim();
        int m = geometry.codeBytes();
        int blocks = (n + CodeSpaceScorer.BLOCK_ROWS - 1) / CodeSpaceScorer.BLOCK_ROWS;
        SplittableRandom random = new SplittableRandom(seed);
        float[] centers = new float[k * dim];
        float[] minDist = new float[n];
        float[] candidateDist = new float[n];
        float[] bestDist = new float[n];
        float[] candidate = new float[dim];
        geometry.decode(codes, random.nextInt(n), centers, 0);
        float[] lut = geometry.lookupTable(centers, 0);
        geometry.kernels().lookupDistances(codes, 0, n, m, lut, geometry.codebookSize(), minDist, 0);
        for (int c = 1; c < k; c++) {
            double potential = blockSum(minDist, null, blocks);
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = 0; t < trials; t++) {
                int drawn = draw(minDist, random.nextDouble() * potential);
                geometry.decode(codes, drawn, candidate, 0);
                float[] candidateLut = geometry.lookupTable(candidate, 0);
                geometry.kernels().lookupDistances(codes, 0, n, m, candidateLut, geometry.codebookSize(),
                        candidateDist, 0);
                double candidatePotential = blockSum(minDist, candidateDist, blocks);
                if (candidatePotential < bestPotential) {
                    bestPotential = candidatePotential;
                    best = drawn;
                    System.arraycopy(candidateDist, 0, bestDist, 0, n);
                }
            }
            geometry.decode(codes, best, centers, c * dim);
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], bestDist[i]);
            }
        }
        return centers;
    }

    private static int draw(float[] weights, double target) {
        double running = 0;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                running += weights[i];
                last = i;
                if (running >= target) {
                    return i;
                }
            }
        }
        return last;
    }

    private static double blockSum(float[] a, float[] b, int blocks) {
        double total = 0;
        for (int block = 0; block < blocks; block++) {
            double s = 0;
            int end = Math.min(a.length, (block + 1) * CodeSpaceScorer.BLOCK_ROWS);
            for (int i = block * CodeSpaceScorer.BLOCK_ROWS; i < end; i++) {
                s += b == null ? a[i] : Math.min(a[i], b[i]);
            }
            total += s;
        }
        return total;
    }
}
