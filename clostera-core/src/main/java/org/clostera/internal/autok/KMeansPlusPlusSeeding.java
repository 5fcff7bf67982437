package org.clostera.internal.autok;

import java.util.SplittableRandom;
import org.clostera.internal.kernels.AlignedFloats;
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
 *
 * <p>The draws of a center depend only on the centers before it, so all {@code trials} candidates of a
 * center are drawn first and measured in one pass over the sample (one table of up to 16 centers): the
 * same distances and potentials as measuring them one at a time, at a third to a half of the cost.
 */
final class KMeansPlusPlusSeeding {
    private static final int MAX_BATCH = CodeSpaceGeometry.MAX_BATCH;

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
        // Candidate t's distances are candidateDist[t * n..+n), its potential per block blockSums[t * blocks + b].
        int[] drawn = new int[trials];
        float[] candidates = new float[trials * dim];
        float[] candidateDist = new float[trials * n];
        double[] blockSums = new double[Math.max(1, trials) * blocks];
        Batch batch = new Batch(geometry, Math.min(trials, MAX_BATCH));

        int pick = random.nextInt(n);
        geometry.decode(codes, pick, centers, 0);
        batch.distances(codes, n, centers, 0, 1, minDist, 0, pool, blocks);
        for (int c = 1; c < k; c++) {
            double potential = sums(minDist, null, 1, blocks, blockSums, pool)[0];
            for (int t = 0; t < trials; t++) {
                drawn[t] = draw(minDist, random.nextDouble() * potential);
                geometry.decode(codes, drawn[t], candidates, t * dim);
            }
            for (int t = 0; t < trials; t += MAX_BATCH) {
                batch.distances(codes, n, candidates, t * dim, Math.min(MAX_BATCH, trials - t), candidateDist, t * n,
                        pool, blocks);
            }
            double[] potentials = sums(minDist, candidateDist, trials, blocks, blockSums, pool);
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = 0; t < trials; t++) {
                if (potentials[t] < bestPotential) {
                    bestPotential = potentials[t];
                    best = t;
                }
            }
            geometry.decode(codes, drawn[best], centers, c * dim);
            int chosen = best * n;
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], candidateDist[chosen + i]);
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

    /** The distance table of a batch of up to {@link #MAX_BATCH} centers, reused from center to center. */
    private static final class Batch {
        private final CodeSpaceGeometry geometry;
        private final AlignedFloats table;

        Batch(CodeSpaceGeometry geometry, int capacity) {
            this.geometry = geometry;
            this.table = AlignedFloats.allocate(geometry.codeBytes() * geometry.codebookSize()
                    * CodeSpaceGeometry.tableStride(capacity));
        }

        /**
         * Distances of the {@code n} codes to the {@code count} centers {@code centers[offset + t * D..+D)}
         * into {@code out[outOffset + t * n + i]}, in fixed blocks of rows.
         */
        void distances(byte[] codes, int n, float[] centers, int offset, int count, float[] out, int outOffset,
                       WorkerPool pool, int blocks) {
            int stride = CodeSpaceGeometry.tableStride(count);
            int m = geometry.codeBytes();
            int ks = geometry.codebookSize();
            float[] lut = table.array();
            int lutOffset = table.offset();
            geometry.lookupTables(centers, offset, count, lut, lutOffset, stride);
            pool.run(blocks, b -> {
                int first = b * CodeSpaceScorer.BLOCK_ROWS;
                int len = Math.min(CodeSpaceScorer.BLOCK_ROWS, n - first);
                geometry.kernels().lookupDistances(codes, first * m, len, m, lut, lutOffset, stride, ks, count, out,
                        outOffset + first, n);
            });
        }
    }

    /**
     * Potentials of {@code count} candidates: per block, the sum of {@code min(a[i], b[t * n + i])} (or of
     * {@code a[i]} when {@code b} is null) in index order; the totals add the blocks in block order.
     */
    private static double[] sums(float[] a, float[] b, int count, int blocks, double[] blockSums, WorkerPool pool) {
        int n = a.length;
        pool.run(blocks, block -> {
            int first = block * CodeSpaceScorer.BLOCK_ROWS;
            int end = Math.min(n, first + CodeSpaceScorer.BLOCK_ROWS);
            for (int t = 0; t < count; t++) {
                int base = t * n;
                double s = 0;
                for (int i = first; i < end; i++) {
                    s += b == null ? a[i] : Math.min(a[i], b[base + i]);
                }
                blockSums[t * blocks + block] = s;
            }
        });
        double[] totals = new double[count];
        for (int t = 0; t < count; t++) {
            for (int block = 0; block < blocks; block++) {
                totals[t] += blockSums[t * blocks + block];
            }
        }
        return totals;
    }
}
