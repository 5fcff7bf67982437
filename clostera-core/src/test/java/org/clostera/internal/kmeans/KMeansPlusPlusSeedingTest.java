package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The batched candidate evaluation of the greedy seeding against the one-candidate-at-a-time definition. */
class KMeansPlusPlusSeedingTest {
    private static final int ROWS = 9000;
    private static final int DIM = 26; // 6 subspaces of uneven widths
    private static final LabeledGaussians DATA = LabeledGaussians.generate(ROWS, DIM, 12, 2.0, 5);
    private static final PQEncoder ENCODER = PQEncoder.builder().subquantizers(6).codebookSize(32).iterations(8)
            .seed(2).threads(2).fit(DATA.data(), DIM);
    private static final HeapCodeStore CODES = CodeSpaceKMeansTest.encode(ENCODER, DATA.data(), ROWS);
    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Test
    void distancesOfABatchOfCentersEqualOneCenterAtATime() {
        SeedingSample sample = sample(6000, POOL);
        int dim = sample.books.dim;
        for (int count : new int[] {1, 2, 3, 7, 8, 9, 16}) {
            float[] centers = new float[count * dim];
            for (int t = 0; t < count; t++) {
                sample.decode(37 * t + 5, centers, t * dim);
            }
            float[] batch = new float[5 + count * sample.n];
            sample.distances(centers, 0, count, batch, 5);
            for (int t = 0; t < count; t++) {
                float[] single = new float[sample.n];
                sample.distances(centers, t * dim, single);
                assertArrayEquals(single, Arrays.copyOfRange(batch, 5 + t * sample.n, 5 + (t + 1) * sample.n),
                        "count=" + count + " t=" + t);
            }
        }
    }

    @Test
    void batchedSeedingEqualsTheSequentialDefinition() {
        for (int k : new int[] {2, 12, 40}) {
            for (long seed : new long[] {0, 7}) {
                // Candidates 1 + trials (the potentials kernel), 1 and 2 (distances kept, as above SplitMergeSearch.MAX_K).
                for (int draws : new int[] {KMeansPlusPlusSeeding.trials(k), 1, -1}) {
                    boolean withFarthest = draws != 1;
                    draws = Math.abs(draws);
                    SeedingSample sample = sample(4096, POOL);
                    float[] batched = KMeansPlusPlusSeeding.seed(sample, k, seed, POOL, false, draws, withFarthest);
                    float[] sequential = sequentialSeeding(sample(4096, POOL), k, seed, draws, withFarthest);
                    assertArrayEquals(sequential, batched, "k=" + k + " seed=" + seed + " draws=" + draws
                            + " farthest=" + withFarthest);
                }
            }
        }
    }

    /**
     * Above {@link SplitMergeSearch#MAX_K} the seeding is plain k-means++ (one draw, no farthest code; its distances
     * and the update in one pass): the same seeds as the one-by-one definition, for 1 and 3 threads.
     */
    @Test
    void largeKSeedingIsPlainKMeansPlusPlusAndEqualsTheSequentialDefinition() {
        int k = SplitMergeSearch.MAX_K + 4;
        assertThat(KMeansPlusPlusSeeding.trials(SplitMergeSearch.MAX_K)).isEqualTo(10);
        assertThat(KMeansPlusPlusSeeding.farthestCandidate(SplitMergeSearch.MAX_K)).isTrue();
        assertThat(KMeansPlusPlusSeeding.trials(k)).isEqualTo(1);
        assertThat(KMeansPlusPlusSeeding.farthestCandidate(k)).isFalse();
        try (WorkerPool one = new WorkerPool(1); WorkerPool three = new WorkerPool(3)) {
            float[] a = KMeansPlusPlusSeeding.seed(sample(ROWS, one), k, 4, one);
            float[] b = KMeansPlusPlusSeeding.seed(sample(ROWS, three), k, 4, three);
            assertArrayEquals(a, b);
            assertArrayEquals(sequentialSeeding(sample(ROWS, POOL), k, 4, 1, false), a);
        }
    }

    @Test
    void seedingDoesNotDependOnTheThreadCount() {
        try (WorkerPool one = new WorkerPool(1); WorkerPool three = new WorkerPool(3)) {
            float[] a = KMeansPlusPlusSeeding.seed(sample(6000, one), 12, 3, one);
            float[] b = KMeansPlusPlusSeeding.seed(sample(6000, three), 12, 3, three);
            assertArrayEquals(a, b);
            assertThat(a).hasSize(12 * DIM);
        }
    }

    /**
     * Above {@link SeedingRestarts#MAX_K} a run seeds once, on a sample the seed picks (4 rows per center,
     * fewer than N): the same centers, labels and inertia for 1 and 3 threads.
     */
    @Test
    void largeKRunDoesNotDependOnTheThreadCount() {
        int k = SeedingRestarts.MAX_K + 76;
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(5).withIterations(1)
                .withSeedingSampleRows(1).withRefinement(false);
        assertThat(SeedingRestarts.restarts(k, options)).isEqualTo(1);
        try (WorkerPool one = new WorkerPool(1); WorkerPool three = new WorkerPool(3)) {
            CodeSpaceKMeans.Result a = CodeSpaceKMeans.run(CODES, ENCODER, k, options, one);
            CodeSpaceKMeans.Result b = CodeSpaceKMeans.run(CODES, ENCODER, k, options, three);
            assertThat(b.centers()).isEqualTo(a.centers());
            assertThat(b.labels()).isEqualTo(a.labels());
            assertThat(b.inertiaHistory()).isEqualTo(a.inertiaHistory());
        }
    }

    /**
     * Greedy k-means++ as first written: candidates measured one by one, each potential summed per
     * 4096-row block in double and the blocks added in order, the first lowest potential kept.
     */
    private static float[] sequentialSeeding(SeedingSample sample, int k, long seed, int draws, boolean withFarthest) {
        int dim = sample.books.dim;
        int n = sample.n;
        int blocks = sample.blocks;
        SplittableRandom random = new SplittableRandom(seed ^ KMeansPlusPlusSeeding.SEED_MIX);
        float[] centers = new float[k * dim];
        float[] minDist = new float[n];
        float[] candidateDist = new float[n];
        float[] bestDist = new float[n];
        float[] candidate = new float[dim];
        double[] blockSums = new double[blocks];
        sample.decode(random.nextInt(n), centers, 0);
        sample.distances(centers, 0, minDist);
        for (int c = 1; c < k; c++) {
            double potential = sums(minDist, null, n, blockSums);
            if (!(potential > 0)) {
                System.arraycopy(centers, 0, centers, c * dim, dim);
                continue;
            }
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = withFarthest ? 0 : 1; t <= draws; t++) {
                int drawn = t == 0 ? KMeansPlusPlusSeeding.farthest(minDist, n)
                        : KMeansPlusPlusSeeding.draw(minDist, blockSums, random.nextDouble() * potential, n);
                sample.decode(drawn, candidate, 0);
                sample.distances(candidate, 0, candidateDist);
                double candidatePotential = sums(minDist, candidateDist, n, new double[blocks]);
                if (candidatePotential < bestPotential) {
                    bestPotential = candidatePotential;
                    best = drawn;
                    float[] swap = bestDist;
                    bestDist = candidateDist;
                    candidateDist = swap;
                }
            }
            sample.decode(best, centers, c * dim);
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], bestDist[i]);
            }
        }
        return centers;
    }

    private static double sums(float[] minDist, float[] other, int n, double[] blockSums) {
        double total = 0;
        for (int b = 0; b < blockSums.length; b++) {
            double sum = 0;
            for (int i = b * SeedingSample.BLOCK_ROWS; i < Math.min(n, (b + 1) * SeedingSample.BLOCK_ROWS); i++) {
                sum += other == null ? minDist[i] : Math.min(minDist[i], other[i]);
            }
            blockSums[b] = sum;
            total += sum;
        }
        return total;
    }

    private static SeedingSample sample(int rows, WorkerPool pool) {
        return SeedingSample.draw(CODES, CodingSpaceCodebooks.of(ENCODER), 12, rows, 11, KernelsProvider.get(), pool,
                "test");
    }
}
