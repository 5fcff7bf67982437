package org.clostera.internal.kmeans;

import java.util.function.IntConsumer;
import org.clostera.ProgressListener;
import org.clostera.internal.parallel.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several k-means++ seedings on the {@link SeedingSample}, each refined by Lloyd iterations on the sample
 * codes alone; the refined centers of the restart with the lowest sample inertia, after a
 * {@link SplitMergeRepair} on the sample, start the full run.
 *
 * <p>Why: one seeding can land in a poor local minimum even on well-separated clusters (two true clusters
 * under one center, another split in two), and Lloyd iterations never leave it. Such a minimum has a
 * clearly higher inertia, which a sample of thousands of rows measures well, so the best of a few
 * sample runs avoids it. The cost is independent of N: each restart is one seeding plus at most
 * {@link #SAMPLE_ITERATIONS} passes over the sample, against the full-data passes that dominate at scale.
 *
 * <p>Restart 0 is the full greedy seeding ({@code 3 + ln k} candidates per center, see
 * {@link KMeansPlusPlusSeeding}), so restarts never do worse on the sample than the single seeding.
 * Later restarts are lighter: per center the farthest sample code and {@value #LIGHT_DRAWS} D^2 draw,
 * two fifths to a quarter of the greedy cost for k = 16..256. Measured on 4000 x 32 mixtures of 24..40 unit
 * gaussians with centres in [-3, 3)^32 (M = 8, Ks = 32, seeds 0..19), light restarts with one or two
 * draws recover the clusters equally often, while plain k-means++ restarts (one draw, no farthest
 * candidate) never beat restart 0: on well-separated clusters the farthest candidate is what finds the
 * last clusters. Failing seeds (purity below 0.99) out of 20, by restarts 1 / 2 / 3 / 4 / 6 without
 * the repair: k = 24: 3 / 0 / 0 / 0 / 0 and 2 / 0 / 0 / 0 / 0; k = 32: 5 / 1 / 0 / 0 / 0; k = 40:
 * 9 / 4 / 2 / 1 / 0; with it, by restarts 2 / 3 / 4 / 6: k = 32: 1 / 0 / 0 / 0; k = 40: 0 / 0 / 0 / 0.
 * Hence the default of 3 restarts with the repair.
 *
 * <p>Only without the split/merge refinement: the refinement ({@link SplitMergeSearch}) escapes the same
 * local minima from one seeding ({@code SplitMergeSearchTest} recovers every seed of the mixture above),
 * while the restarts and the repair cost 30 to 70 Lloyd iterations on the sample, most of the cluster stage
 * when Lloyd converges in a few full iterations (see {@link #restarts} and the K sweep in the bench README).
 *
 * <p>Cost, CPU time on one core (N = 200k, M = 64, Ks = 64, K = 64, 16384 sample rows, two runs on a
 * shared machine): one full-data iteration 0.060 / 0.080 s, the greedy seeding 0.29 / 0.43 s (5 full
 * iterations), 10 Lloyd iterations on the sample 0.064 / 0.082 s, a light restart with its Lloyd
 * iterations about 0.15 / 0.2 s, the repair a few hundredths. 3 restarts with the repair add
 * 0.35 / 0.48 s over the single seeding, about 6 full-data iterations; 2 add 3.5, 4 add 8.3, 6 add 13.
 * The cost does not grow with N: 3 restarts cost 0.6 full-data iterations at N = 2M.
 *
 * <p>Deterministic: restart {@code r} draws from {@link #restartSeed}{@code (seed, r)} (restart 0 uses the
 * run's seed, so it is the single seeding) over the fixed sample, every step of a restart is itself
 * thread-count independent, and the winner is the lowest inertia, ties to the lowest {@code r}. So the
 * result does not depend on the thread count nor on whether restarts run concurrently.
 *
 * <p>Concurrency and memory: a restart holds two {@code k x M x Ks} int histograms (the sample's assignment
 * pass) and the centers' tables of the same size in floats. Restarts run concurrently, one thread each, while a
 * histogram is at most 16 MiB (K = 1,024 at M = 16, Ks = 256; K = 256 at M = 64, Ks = 256), so three of them
 * hold ~150 MiB at most; beyond that they run one after the other, each on the whole pool. Concurrent is the
 * faster way: the sample is one {@link AssignmentPass#CHUNK_ROWS} chunk, so a restart's Lloyd passes use one
 * thread whatever the pool, and restarts one after the other leave the other threads idle in them (K = 1,024,
 * M = 16, 1M x 128 gaussian, 2 threads, no refinement: the first fit's seeding 5.2-5.6 -> 4.6-5.1 s).
 */
final class SeedingRestarts {
    /** Lloyd iterations per restart on the sample; the sample inertia settles within a few. */
    static final int SAMPLE_ITERATIONS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SeedingRestarts.class);
    /** D^2-weighted draws per center in restarts after the first (which is the full greedy seeding). */
    static final int LIGHT_DRAWS = 1;
    /** Largest {@code k x M x Ks} histogram (16 MiB of ints) for which restarts run concurrently. */
    static final long CONCURRENT_HISTOGRAM_INTS = 1L << 22;
    /** Most clusters for which restarts run (see {@link #restarts}). */
    static final int MAX_K = 1024;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedingRestarts() {
    }

    /**
     * Whether restarts run concurrently (each on one thread): only while their histograms are small, so
     * concurrent restarts never hold more than a few {@link #CONCURRENT_HISTOGRAM_INTS}-int histograms.
     */
    static boolean concurrent(int k, CodingSpaceCodebooks books) {
        return (long) k * books.m * books.ks <= CONCURRENT_HISTOGRAM_INTS;
    }

    /**
     * Restarts a run with {@code options} makes for {@code k} clusters:
     * {@link CodeSpaceKMeans.Options#seedingRestarts()}, but one when the split/merge search follows ({@link SplitMergeSearch}, refinement on), which escapes the
     * local minima the restarts avoid at a fraction of their cost, and one above {@link #MAX_K} clusters,
     * where a missed cluster is a small part of the objective while every restart costs
     * {@value #SAMPLE_ITERATIONS} sample Lloyd iterations whose center updates grow with K.
     */
    static int restarts(int k, CodeSpaceKMeans.Options options) {
        if (k > MAX_K || (options.refinement() && SplitMergeSearch.applies(k))) {
            return 1;
        }
        return options.seedingRestarts();
    }

    /** The k-means++ seed of restart {@code restart}: the run's seed for restart 0, a mixed one after. */
    static long restartSeed(long seed, int restart) {
        if (restart == 0) {
            return seed;
        }
        long z = seed + restart * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The chosen restart.
     *
     * @param centers         its sample-refined and repaired {@code k x D} centers
     * @param sampleInertia   their inertia on the sample
     * @param restart         its index
     * @param restartInertia  its sample inertia before the {@link SplitMergeRepair} (the lowest of all restarts)
     */
    record Choice(float[] centers, double sampleInertia, int restart, double restartInertia) {
    }

    /** The restart whose sample-refined centers have the lowest sample inertia (ties: the lowest index), repaired. */
    static Choice best(SeedingSample sample, int k, CodeSpaceKMeans.Options options, WorkerPool pool) {
        return best(sample, k, options, pool, concurrent(k, sample.books));
    }

    /** {@link #best(SeedingSample, int, CodeSpaceKMeans.Options, WorkerPool)}, restarts concurrent or not. */
    static Choice best(SeedingSample sample, int k, CodeSpaceKMeans.Options options, WorkerPool pool,
                       boolean concurrent) {
        int restarts = options.seedingRestarts();
        ByteArrayCodeStore store = new ByteArrayCodeStore(sample.codes, sample.n, sample.books.m);
        float[][] centers = new float[restarts][];
        double[] inertia = new double[restarts];
        int[] iterations = new int[restarts];
        IntConsumer restart = r -> {
            // Concurrent restarts take one thread each, otherwise the whole pool: the same result either way.
            WorkerPool own = concurrent ? new WorkerPool(1) : pool;
            float[] seeds = KMeansPlusPlusSeeding.seed(sample.onPool(own), k, restartSeed(options.seed(), r),
                    own, r == 0, r == 0 ? KMeansPlusPlusSeeding.trials(k) : LIGHT_DRAWS, true);
            CodeSpaceKMeans.Result refined = CodeSpaceKMeans.lloyd(store, sample.books, k, seeds,
                    SAMPLE_ITERATIONS, options.tolerance(), options.lookupTableBytes(), ProgressListener.NONE,
                    sample.kernels(), own);
            centers[r] = refined.centers();
            inertia[r] = refined.inertia();
            iterations[r] = refined.iterationsRun();
        };
        if (concurrent) {
            pool.run(restarts, restart);
        } else {
            for (int r = 0; r < restarts; r++) {
                restart.accept(r);
            }
        }
        int best = 0;
        for (int r = 1; r < restarts; r++) {
            if (inertia[r] < inertia[best]) {
                best = r;
            }
        }
        CodeSpaceKMeans.Result chosen = new CodeSpaceKMeans.Result(k, centers[best], null, null, 0, null,
                inertia[best]);
        CodeSpaceKMeans.Result repaired = SplitMergeRepair.repair(store, sample.books, k, chosen, SAMPLE_ITERATIONS,
                options.tolerance(), options.lookupTableBytes(), sample.kernels(), pool);
        if (repaired != chosen) {
            LOG.debug("split/merge repair lowered the sample inertia from {} to {}", inertia[best],
                    repaired.inertia());
        }
        if (LOG.isDebugEnabled()) {
            StringBuilder all = new StringBuilder();
            for (int r = 0; r < restarts; r++) {
                all.append(r == 0 ? "" : ", ").append(inertia[r]).append(" (").append(iterations[r]).append(" it)");
            }
            LOG.debug("seeding restarts on {} sample rows: inertia {}; best is restart {}", sample.n, all, best);
        }
        return new Choice(repaired.centers(), repaired.inertia(), best, inertia[best]);
    }
}
