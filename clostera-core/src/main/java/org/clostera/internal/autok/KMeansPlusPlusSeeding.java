package org.clostera.internal.autok;

import java.util.SplittableRandom;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Greedy k-means++ seeding of the sample in code space (Arthur and Vassilvitskii 2007, with the greedy
 * variant of scikit-learn: {@code 2 + ln k} draws per center, keeping the one that lowers the potential
 * most). D^2 sampling rarely spends centers on isolated outliers, which farthest-first seeding does on
 * heavy-tailed data, and every candidate K is judged on its clustering, so the seeds matter.
 *
 * <p>The greedy choice of a center depends only on the centers before it, so one run for the largest
 * candidate serves all of them: the seeds for K are the first K seeds. Distances are asymmetric (code to
 * decoded-code center) and summed per fixed block in block order, so the seeds do not depend on the
 * thread count.
 */
final class KMeansPlusPlusSeeding {
    private KMeansPlusPlusSeeding() {
    }

    /** {@code k x D} centers (decoded sample codes) in the coding space, row-major. */
    static float[] seed(CodeSpaceGeometry geometry, byte[] codes, int n, int k, int trials, long seed,
                        WorkerPool pool) {
        int dim = geometry.dim();
        int blocks = (n + CodeSpaceScorer.BLOCK_ROWS - 1) / CodeSpaceScorer.BLOCK_ROWS;
        SplittableRandom random = new SplittableRandom(seed);
        float[] centers = new float[k * dim];
        float[] minDist = new float[n];
        float[] candidateDist = new float[n];
        float[] bestDist = new float[n];
        float[] candidate = new float[dim];
        double[] blockSums = new double[blocks];

        int pick = random.nextInt(n);
        geometry.decode(codes, pick, centers, 0);
        distances(geometry, codes, n, centers, 0, minDist, pool, blocks);
        for (int c = 1; c < k; c++) {
            double potential = sum(minDist, blocks, blockSums, pool, null);
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = 0; t < trials; t++) {
                int drawn = draw(minDist, random.nextDouble() * potential);
                geometry.decode(codes, drawn, candidate, 0);
                distances(geometry, codes, n, candidate, 0, candidateDist, pool, blocks);
                double candidatePotential = sum(minDist, blocks, blockSums, pool, candidateDist);
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

    /** Index of the point where the running sum of {@code weights} first reaches {@code target}. */
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

    private static void distances(CodeSpaceGeometry geometry, byte[] codes, int n, float[] center, int index,
                                  float[] out, WorkerPool pool, int blocks) {
        float[] lut = geometry.lookupTable(center, index);
        int m = geometry.codeBytes();
        pool.run(blocks, b -> {
            int first = b * CodeSpaceScorer.BLOCK_ROWS;
            int len = Math.min(CodeSpaceScorer.BLOCK_ROWS, n - first);
            geometry.kernels().lookupDistances(codes, first * m, len, m, lut, geometry.codebookSize(), out, first);
        });
    }

    /** Sum of {@code min(a, b)} (or of {@code a} when b is null) in fixed block order. */
    private static double sum(float[] a, int blocks, double[] blockSums, WorkerPool pool, float[] b) {
        int n = a.length;
        pool.run(blocks, block -> {
            int first = block * CodeSpaceScorer.BLOCK_ROWS;
            int end = Math.min(n, first + CodeSpaceScorer.BLOCK_ROWS);
            double s = 0;
            for (int i = first; i < end; i++) {
                s += b == null ? a[i] : Math.min(a[i], b[i]);
            }
            blockSums[block] = s;
        });
        double total = 0;
        for (int block = 0; block < blocks; block++) {
            total += blockSums[block];
        }
        return total;
    }
}
