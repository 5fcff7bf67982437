package org.clostera.internal.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greedy k-means++ seeding in code space on a {@link SeedingSample} (Arthur and Vassilvitskii 2007, with
 * scikit-learn's greedy variant: {@code 2 + floor(ln k)} D^2-weighted draws per center, keeping the one
 * that lowers the potential, the sum of squared distances to the nearest center, most). Up to
 * {@link SplitMergeSearch#MAX_K} clusters one more candidate is the sample code farthest from all centers: on
 * well-separated clusters it is the one that covers a new cluster (plain k-means++ often misses the last
 * clusters there), while an outlier lowers the potential by little and loses to a draw (plain farthest-first
 * seeds outliers). Above, the seeding is plain k-means++: one draw per center, nothing to compare (see
 * {@link #trials} and {@link #farthestCandidate}).
 *
 * <p>Measured on 30000 x 64 gaussian mixtures with 32 clusters (M = 16, Ks = 64, mean purity over 5
 * seeds): well separated, 1.000 (plain k-means++ 0.951, farthest-first 1.000); with 1% far outliers,
 * 0.90 to 0.91 (farthest-first 0.03).
 *
 * <p>Deterministic: all draws come from one {@link SplittableRandom} seeded by the run's seed on the calling
 * thread, and every sum is taken per fixed block of the sample and reduced in block order, so the seeds
 * do not depend on the thread count. Centers are decoded sample codes (points of the coding space).
 *
 * <p>Cost: per center, one pass over the sample for up to {@link SeedingSample#MAX_BATCH} candidates and one
 * to update the distances, {@code 2 x sampleRows x K x M} table lookups over the seeding, parallel over
 * blocks; with at most {@link #KEPT_CANDIDATES} candidates their distances are kept and the update reads the
 * winner's, one pass per center; with one (large K) the update follows each block's distances in the same task,
 * one pass and one hand-off to the workers per center, {@code sampleRows x K x M} lookups over the seeding. The
 * update also keeps each block's potential and farthest code, so neither costs another pass. Exact
 * triangle-inequality skipping (a candidate {@code c} cannot lower the distance of a code {@code x} of seed
 * {@code s} when {@code |c - s| >= 2 |x - s|}; Elkan 2003, Raff 2021) was tried and skipped nothing on
 * 128-dimensional gaussian data: a cell's farthest code is about as far from its seed as the next cluster's
 * seeds (see the "Large-K seeding" paragraph of the bench README).
 */
final class KMeansPlusPlusSeeding {
    private static final Logger LOG = LoggerFactory.getLogger(KMeansPlusPlusSeeding.class);
    /** Decorrelates the draws from the row sample, which uses the same seed. */
    static final long SEED_MIX = 0x2545F4914F6CDD1DL;

    private KMeansPlusPlusSeeding() {
    }

    /**
     * Candidate draws per center: {@code 2 + floor(ln k)} while the split/merge refinement may follow
     * ({@code k <= }{@link SplitMergeSearch#MAX_K}), one above.
     *
     * <p>Why one above: there each center covers about {@code 1/k} of the data and no refinement moves a
     * badly placed one, and the greedy pick of the candidate that lowers the potential most seeds worse, not
     * better: on 1M x 128 gaussian codes (1,000 clusters, M = 16, Ks = 256), K = 10,000, 20 Lloyd iterations,
     * one draw gave a 0.11% lower inertia (1.190746e8 against 1.192062e8) for 37% less seeding time (see the
     * "Large-K seeding" paragraph of clostera-bench/README.md). The seeding still costs one pass over its
     * {@code 4k}-code sample per center, so {@code O(k^2 M)} lookups.
     */
    static int trials(int k) {
        return k > SplitMergeSearch.MAX_K ? 1 : 2 + (int) Math.log(k);
    }

    /**
     * Whether the farthest sample code is a candidate too: up to {@link SplitMergeSearch#MAX_K} clusters. Above,
     * where a center covers about {@code 1/k} of the data, it seeded worse: 20 Lloyd iterations from one draw
     * alone ended 0.27% (gaussian 1M x 128, M = 16, K = 10,000), 0.77% (the same, M = 4), 0.28% (student-t 500k x
     * 96, unequal sizes, M = 12, K = 5,000) and 0.64% (anisotropic 500k x 128, M = 16, K = 5,000) lower than from
     * one draw and the farthest code, and the seeding does half the lookups (see the bench README, session 10).
     */
    static boolean farthestCandidate(int k) {
        return k <= SplitMergeSearch.MAX_K;
    }

    /** {@code k x dim} row-major centers in the coding space. */
    static float[] seed(SeedingSample sample, int k, long seed, WorkerPool pool) {
        return seed(sample, k, seed, pool, true);
    }

    /** As {@link #seed(SeedingSample, int, long, WorkerPool)}; {@code warn}: log too few distinct codes. */
    static float[] seed(SeedingSample sample, int k, long seed, WorkerPool pool, boolean warn) {
        return seed(sample, k, seed, pool, warn, trials(k), farthestCandidate(k));
    }

    /**
     * The seeding with {@code draws} D^2-weighted candidates per center, plus the farthest sample code when
     * {@code withFarthest}; {@code draws = 1} without the farthest code is plain k-means++. Up to
     * {@link SeedingSample#MAX_BATCH} candidates share one pass over the sample.
     */
    static float[] seed(SeedingSample sample, int k, long seed, WorkerPool pool, boolean warn, int draws,
                        boolean withFarthest) {
        int dim = sample.books.dim;
        int n = sample.n;
        int blocks = sample.blocks;
        SplittableRandom random = new SplittableRandom(seed ^ SEED_MIX);
        float[] centers = new float[k * dim];
        float[] minDist = new float[n];
        // Per block of the sample, kept by every update: the sum of minDist in row order and its farthest code.
        double[] blockSums = new double[blocks];
        int[] blockFarthest = new int[blocks];
        // Every candidate of a center is drawn before any is evaluated (the draws depend only on minDist), so
        // all of them are measured in one pass over the sample: block b's potential of candidate t is
        // candidateSums[b * batch + t] for each batch of MAX_BATCH candidates.
        int candidates = draws + (withFarthest ? 1 : 0);
        int[] drawn = new int[candidates];
        float[] candidateCenters = new float[candidates * dim];
        int batchSize = Math.min(candidates, SeedingSample.MAX_BATCH);
        double[] candidateSums = new double[blocks * batchSize];
        double[] candidatePotentials = new double[candidates];
        // Few candidates (large k): their distances are kept, so the winner's need no second pass.
        boolean keepDistances = candidates <= KEPT_CANDIDATES;
        float[] distances = new float[keepDistances ? candidates * n : n];

        int first = random.nextInt(n);
        sample.decode(first, centers, 0);
        sample.distances(centers, 0, distances);
        Arrays.fill(minDist, Float.POSITIVE_INFINITY);
        update(minDist, distances, 0, n, blocks, blockSums, blockFarthest, pool);
        boolean warnedDuplicates = !warn;
        for (int c = 1; c < k; c++) {
            double potential = 0;
            for (int b = 0; b < blocks; b++) {
                potential += blockSums[b];
            }
            if (!(potential > 0)) {
                // Every sample code sits on a chosen center: fewer distinct codes than k.
                if (!warnedDuplicates) {
                    warnedDuplicates = true;
                    LOG.warn("seeding: the {}-row sample has only {} distinct codes but k = {}; the remaining centers"
                            + " duplicate existing ones and their clusters will be empty", n, c, k);
                }
                System.arraycopy(centers, 0, centers, c * dim, dim);
                continue;
            }
            if (candidates == 1) {
                // Plain k-means++: one draw, nothing to compare; its distances and the update share one pass.
                sample.decode(draw(minDist, blockSums, random.nextDouble() * potential, n), centers, c * dim);
                sample.distances(centers, c * dim, 1, distances, 0,
                        b -> updateBlock(b, minDist, distances, 0, n, blockSums, blockFarthest));
                continue;
            }
            // Candidates: the farthest sample code, then D^2-weighted draws; the lowest potential wins.
            for (int t = 0; t < candidates; t++) {
                drawn[t] = withFarthest && t == 0
                        ? farthest(minDist, blockFarthest)
                        : draw(minDist, blockSums, random.nextDouble() * potential, n);
                sample.decode(drawn[t], candidateCenters, t * dim);
            }
            if (keepDistances) {
                sample.distances(candidateCenters, 0, candidates, distances, 0);
                minSums(minDist, distances, candidates, n, blocks, candidateSums, pool);
            }
            for (int t = 0; t < candidates; t += SeedingSample.MAX_BATCH) {
                int batch = Math.min(SeedingSample.MAX_BATCH, candidates - t);
                if (!keepDistances) {
                    sample.potentials(candidateCenters, t * dim, batch, minDist, candidateSums);
                }
                for (int u = 0; u < batch; u++) {
                    double total = 0;
                    for (int b = 0; b < blocks; b++) {
                        total += candidateSums[b * batch + u];
                    }
                    candidatePotentials[t + u] = total;
                }
            }
            int best = 0;
            for (int t = 1; t < candidates; t++) {
                if (candidatePotentials[t] < candidatePotentials[best]) {
                    best = t;
                }
            }
            sample.decode(drawn[best], centers, c * dim);
            int row = 0;
            if (keepDistances) {
                row = best * n;
            } else {
                sample.distances(centers, c * dim, distances);
            }
            update(minDist, distances, row, n, blocks, blockSums, blockFarthest, pool);
        }
        return centers;
    }

    /** Most candidates per center whose distances are kept (one {@code float[n]} each). */
    static final int KEPT_CANDIDATES = 4;

    /**
     * {@code sums[b * count + t]}: the sum over block {@code b}'s rows of {@code min(minDist[i], distances[t * n + i])}
     * in row order, in double from 0: the sums {@link Kernels#lookupMinSums} takes.
     */
    private static void minSums(float[] minDist, float[] distances, int count, int n, int blocks, double[] sums,
                                WorkerPool pool) {
        pool.run(blocks, b -> {
            int from = b * SeedingSample.BLOCK_ROWS;
            int to = Math.min(n, from + SeedingSample.BLOCK_ROWS);
            for (int t = 0; t < count; t++) {
                int offset = t * n;
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += Math.min(minDist[i], distances[offset + i]);
                }
                sums[b * count + t] = sum;
            }
        });
    }

    /**
     * Lowers {@code minDist} to the chosen center's {@code distances[offset..+n)}, and per block sums it in row
     * order (in double from 0) and finds its first largest value, in one pass.
     */
    private static void update(float[] minDist, float[] distances, int offset, int n, int blocks, double[] sums,
                               int[] farthest, WorkerPool pool) {
        pool.run(blocks, b -> updateBlock(b, minDist, distances, offset, n, sums, farthest));
    }

    /** {@link #update} of block {@code b}'s rows. */
    private static void updateBlock(int b, float[] minDist, float[] distances, int offset, int n, double[] sums,
                                    int[] farthest) {
        int from = b * SeedingSample.BLOCK_ROWS;
        int to = Math.min(n, from + SeedingSample.BLOCK_ROWS);
        double sum = 0;
        int far = from;
        for (int i = from; i < to; i++) {
            float d = Math.min(minDist[i], distances[offset + i]);
            minDist[i] = d;
            sum += d;
            if (d > minDist[far]) {
                far = i;
            }
        }
        sums[b] = sum;
        farthest[b] = far;
    }

    /** The first index of the largest {@code minDist}, from each block's first largest. */
    private static int farthest(float[] minDist, int[] blockFarthest) {
        int best = blockFarthest[0];
        for (int b = 1; b < blockFarthest.length; b++) {
            if (minDist[blockFarthest[b]] > minDist[best]) {
                best = blockFarthest[b];
            }
        }
        return best;
    }

    /** Index of the largest value (ties: smallest index). */
    static int farthest(float[] minDist, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (minDist[i] > minDist[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The first index where the running sum of the weights exceeds {@code target}; skips zero weights. */
    static int draw(float[] weights, double[] blockSums, double target, int n) {
        double running = 0;
        int b = 0;
        while (b < blockSums.length - 1 && running + blockSums[b] <= target) {
            running += blockSums[b];
            b++;
        }
        int to = Math.min(n, (b + 1) * SeedingSample.BLOCK_ROWS);
        int lastPositive = -1;
        for (int i = b * SeedingSample.BLOCK_ROWS; i < to; i++) {
            if (weights[i] > 0) {
                running += weights[i];
                lastPositive = i;
                if (running > target) {
                    return i;
                }
            }
        }
        if (lastPositive >= 0) {
            return lastPositive;
        }
        // Rounding left the target past this block's weight: take the last positive weight anywhere.
        for (int i = n - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
