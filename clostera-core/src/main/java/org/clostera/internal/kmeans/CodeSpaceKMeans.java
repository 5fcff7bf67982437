package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.cluster.KMeansSettings;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K-means directly on PQ codes: the engine behind {@code PQKMeans}, {@code OPQMeans} and auto-K.
 *
 * <p>Centers are float vectors in the encoder's coding space ({@code k x D}, row-major). Each iteration:
 * <ol>
 *   <li><b>Tables</b>: per subspace, the asymmetric squared distance of every center to every codeword
 *       ({@link CenterLookupTables}, built once per iteration, split into tiles of at most
 *       {@link Options#lookupTableBytes()} each).</li>
 *   <li><b>Assignment</b>: the fused lookup-accumulate-argmin kernel over fixed chunks of codes, in
 *       parallel; the distance of a code to a center is {@code ||decode(code) - center||^2}. After the first
 *       pass, groups of centers that provably cannot hold a code's nearest center are skipped
 *       ({@link AssignmentBounds}): the labels, centers and inertia are bit-identical to the full scan.</li>
 *   <li><b>Update</b>: per-cluster code histograms give each center as the mean of its decoded member
 *       codes ({@link HistogramCenters}); empty clusters are re-seeded ({@link EmptyClusterReseeding}).</li>
 * </ol>
 * Seeding is deterministic greedy k-means++ ({@link KMeansPlusPlusSeeding}) or farthest-first
 * ({@link FarthestFirstSeeding}) on a bounded sample of codes ({@link SeedingSample}). When the split/merge
 * refinement follows, one k-means++ seeding starts it; without it (and up to {@link SeedingRestarts#MAX_K}
 * clusters) k-means++ is restarted several times on the sample, each restart refined by Lloyd iterations on
 * the sample codes, and the restart with the lowest sample inertia, repaired by split/merge swaps on the
 * sample ({@link SplitMergeRepair}), starts the full run ({@link SeedingRestarts}).
 *
 * <p>Runs {@code seed -> assign -> (update -> assign) x iterations}: the returned labels are always the
 * nearest centers of the returned centers, and {@code inertiaHistory[i]} is the inertia after {@code i}
 * updates ({@code [0]} right after seeding). Stops early when no label changed or the relative inertia
 * improvement drops below {@link Options#tolerance()}.
 *
 * <p>Deterministic: same codes, encoder, k and options give the same result for any thread count.
 *
 * <p>Memory besides the codes: an {@code int} label per code (in chunks addressed by long row,
 * {@link RowLabels}: N is not limited to 2^31), the tables ({@code K x M x Ks} floats, rows
 * padded to 16 floats, plus up to 16 MiB of alignment padding, see {@code AlignedFloats}), a histogram of
 * {@code K x M x Ks} ints, and per worker one chunk of codes (and a histogram copy while all copies take at most
 * 64 MiB, {@code AssignmentPass.MAX_WORKER_HISTOGRAM_BYTES}). With pruning ({@link Options#pruning()}), per
 * code one float bound per group of at least 32 centers ({@link AssignmentBounds}), within
 * {@link Options#boundBytes()}.
 */
public final class CodeSpaceKMeans {
    /** Progress stage reported once per iteration ({@code done} = iterations so far). */
    public static final String STAGE = "kmeans";
    /** Largest row count whose labels fit one Java array (runs have no such limit: see {@link RowLabels}). */
    public static final long MAX_LABEL_ROWS = RowLabels.MAX_ARRAY_ROWS;

    private static final Logger LOG = LoggerFactory.getLogger(CodeSpaceKMeans.class);
    private static final String SOURCE = "code store";

    private CodeSpaceKMeans() {
    }

    /** How the initial centers are chosen, on a deterministic sample of codes. */
    public enum Seeding {
        /**
         * Greedy k-means++ (D^2-weighted draws from a generator seeded by {@link Options#seed()} plus the
         * farthest sample code, keeping the candidate that lowers the potential most). Robust; the default.
         */
        KMEANS_PLUS_PLUS,
        /**
         * Farthest-first from the code nearest to the sample mean. Seed-free and cheaper, but prone to spend
         * centers on outliers and on the tails of wide clusters in high dimensions.
         */
        FARTHEST_FIRST
    }

    /**
     * Settings of one run.
     *
     * @param iterations        maximum center updates (>= 0; default {@value #DEFAULT_ITERATIONS})
     * @param tolerance         stop when {@code (previous - current) / previous} inertia is below this
     *                          (>= 0; default {@value #DEFAULT_TOLERANCE})
     * @param seed              seed of the seeding sample (only used when N exceeds the sample) and of the
     *                          k-means++ draws
     * @param seedingSampleRows rows sampled for seeding (>= 1; raised to 4k when smaller, capped at N;
     *                          default {@value #DEFAULT_SEEDING_SAMPLE_ROWS}). k-means++ costs
     *                          {@code (3 + ln k) x sampleRows x k x M} lookups, farthest-first a
     *                          {@code 3 + ln k}-th of that; larger samples seed better on noisy data
     * @param lookupTableBytes  upper bound of one distance-table tile (>= 1; default 4 MiB, e.g. 64 centers
     *                          at M = 64, Ks = 256). Within it, tiles are also kept to ~1 MiB (a per-core L2)
     *                          unless that leaves fewer than 64 centers per tile, e.g. all 64 centers at
     *                          Ks = 64, 64-center tiles for K = 256 (see {@code CenterLookupTables}); only
     *                          changes speed
     * @param progressListener  receives stage {@link #STAGE}; null means none
     * @param seeding           how initial centers are chosen (default {@link Seeding#KMEANS_PLUS_PLUS})
     * @param seedingRestarts   k-means++ seedings tried on the seeding sample (>= 1; default
     *                          {@value #DEFAULT_SEEDING_RESTARTS}); with more than one, each is refined by
     *                          Lloyd iterations on the sample and the one with the lowest sample inertia,
     *                          after a split/merge repair on the sample, starts the full run
     *                          ({@link SeedingRestarts}). 1 is the single unrefined seeding of earlier
     *                          versions. Only used without the refinement and up to
     *                          {@link SeedingRestarts#MAX_K} clusters ({@link SeedingRestarts#restarts}); ignored
     *                          by the seed-free {@link Seeding#FARTHEST_FIRST}
     * @param refinement        after Lloyd converges, search for split/merge moves that lower the
     *                          objective ({@link SplitMergeSearch}), first on the seeding sample, then on all
     *                          codes (default true); false gives plain seeding + Lloyd
     * @param pruning           skip code-center distances that provably cannot change a label, using per-code
     *                          bounds ({@link AssignmentBounds}; default true). Only changes speed: labels,
     *                          centers and inertia are bit-identical with it off
     * @param boundBytes        most bytes of per-code bounds for pruning ({@value #AUTO_BOUND_BYTES}: a quarter
     *                          of the JVM's maximum heap); with too little room for two groups of centers,
     *                          the run is unpruned (logged)
     */
    public record Options(int iterations, double tolerance, long seed, int seedingSampleRows,
                          long lookupTableBytes, ProgressListener progressListener, Seeding seeding,
                          int seedingRestarts, boolean refinement, boolean pruning, long boundBytes) {
        // The public defaults live in KMeansSettings (one place); these name them for the engine.
        public static final int DEFAULT_ITERATIONS = KMeansSettings.DEFAULT_ITERATIONS;
        public static final double DEFAULT_TOLERANCE = KMeansSettings.DEFAULT_TOLERANCE;
        public static final int DEFAULT_SEEDING_SAMPLE_ROWS = KMeansSettings.DEFAULT_SEEDING_SAMPLE_ROWS;
        public static final long DEFAULT_LOOKUP_TABLE_BYTES = KMeansSettings.DEFAULT_LOOKUP_TABLE_BYTES;
        /** Seeding restarts by default: see {@link SeedingRestarts} for the measurements behind it. */
        public static final int DEFAULT_SEEDING_RESTARTS = 3;
        /** {@link #boundBytes()} meaning a quarter of the JVM's maximum heap. */
        public static final long AUTO_BOUND_BYTES = KMeansSettings.AUTOMATIC_PRUNING_MEMORY;

        public Options {
            if (iterations < 0) {
                throw new InvalidParameterException("iterations must be >= 0, got " + iterations);
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new InvalidParameterException("tolerance must be a finite number >= 0, got " + tolerance);
            }
            if (seedingSampleRows < 1) {
                throw new InvalidParameterException("seedingSampleRows must be >= 1, got " + seedingSampleRows);
            }
            if (lookupTableBytes < 1) {
                throw new InvalidParameterException("lookupTableBytes must be >= 1, got " + lookupTableBytes);
            }
            if (progressListener == null) {
                progressListener = ProgressListener.NONE;
            }
            if (seeding == null) {
                throw new InvalidParameterException("seeding is null");
            }
            if (seedingRestarts < 1) {
                throw new InvalidParameterException("seedingRestarts must be >= 1, got " + seedingRestarts);
            }
            if (boundBytes < AUTO_BOUND_BYTES) {
                throw new InvalidParameterException("boundBytes must be >= 0 (or " + AUTO_BOUND_BYTES
                        + " for automatic), got " + boundBytes);
            }
        }

        /** Options with pruning on and automatic bound memory. */
        public Options(int iterations, double tolerance, long seed, int seedingSampleRows, long lookupTableBytes,
                       ProgressListener progressListener, Seeding seeding, int seedingRestarts, boolean refinement) {
            this(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener, seeding,
                    seedingRestarts, refinement, true, AUTO_BOUND_BYTES);
        }

        /** Options with {@value #DEFAULT_SEEDING_RESTARTS} seeding restarts. */
        public Options(int iterations, double tolerance, long seed, int seedingSampleRows, long lookupTableBytes,
                       ProgressListener progressListener, Seeding seeding) {
            this(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener, seeding,
                    DEFAULT_SEEDING_RESTARTS, true);
        }

        /** Options with the default seeding ({@link Seeding#KMEANS_PLUS_PLUS}, restarted). */
        public Options(int iterations, double tolerance, long seed, int seedingSampleRows, long lookupTableBytes,
                       ProgressListener progressListener) {
            this(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    Seeding.KMEANS_PLUS_PLUS);
        }

        /**
         * The defaults: 20 iterations, tolerance 1e-4, seed 0, 16384 seeding rows, 4 MiB tables, k-means++
         * with {@value #DEFAULT_SEEDING_RESTARTS} restarts, refinement on.
         */
        public static Options defaults() {
            return new Options(DEFAULT_ITERATIONS, DEFAULT_TOLERANCE, 0L, DEFAULT_SEEDING_SAMPLE_ROWS,
                    DEFAULT_LOOKUP_TABLE_BYTES, ProgressListener.NONE);
        }

        public Options withIterations(int value) {
            return new Options(value, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withTolerance(double value) {
            return new Options(iterations, value, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withSeed(long value) {
            return new Options(iterations, tolerance, value, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withSeedingSampleRows(int value) {
            return new Options(iterations, tolerance, seed, value, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withLookupTableBytes(long value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, value, progressListener,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withSeeding(Seeding value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    value, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withProgressListener(ProgressListener value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, value,
                    seeding, seedingRestarts, refinement, pruning, boundBytes);
        }

        public Options withSeedingRestarts(int value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, value, refinement, pruning, boundBytes);
        }

        public Options withRefinement(boolean value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, value, pruning, boundBytes);
        }

        public Options withPruning(boolean value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, value, boundBytes);
        }

        public Options withBoundBytes(long value) {
            return new Options(iterations, tolerance, seed, seedingSampleRows, lookupTableBytes, progressListener,
                    seeding, seedingRestarts, refinement, pruning, value);
        }

        /** The byte cap of the bounds for this run: 0 when pruning is off. */
        long effectiveBoundBytes() {
            if (!pruning) {
                return 0;
            }
            return boundBytes == AUTO_BOUND_BYTES ? Runtime.getRuntime().maxMemory() / 4 : boundBytes;
        }
    }

    /**
     * Outcome of a run.
     *
     * @param k               number of clusters
     * @param centers         {@code k x D} centers in the coding space, row-major
     * @param rowLabels       nearest center of every code (consistent with {@code centers}), by long row;
     *                        {@link #labels()} gives them as one array when N allows
     * @param inertiaHistory  inertia after seeding, then after each update of the main Lloyd run
     *                        ({@code iterationsRun + 1} values), then after each accepted refinement move
     * @param iterationsRun   center updates of the main Lloyd run
     * @param clusterSizes    members per cluster (may contain 0 when the data has fewer distinct codes than k)
     * @param inertia         final inertia: sum of squared asymmetric distances of codes to their centers
     * @param seedingSeconds  time spent choosing the initial centers (the sample, seeding, restarts)
     * @param refineSeconds   time spent in the split/merge search ({@link SplitMergeSearch}), on the seeding
     *                        sample and on all codes
     * @param refinementMoves split/merge moves accepted (on the seeding sample and on all codes)
     * @param prunedFractionHistory per assignment pass of the main Lloyd run (aligned with the first
     *                        {@code iterationsRun + 1} values of {@code inertiaHistory}), the fraction of
     *                        code-center distances that pruning skipped; 0 for a pass that scanned all
     *                        (the first, and every pass when pruning is off). Empty when not recorded
     */
    public record Result(int k, float[] centers, RowLabels rowLabels, double[] inertiaHistory, int iterationsRun,
                         long[] clusterSizes, double inertia, double seedingSeconds, double refineSeconds,
                         int refinementMoves, double[] prunedFractionHistory) {

        public Result {
            if (prunedFractionHistory == null) {
                prunedFractionHistory = new double[0];
            }
        }

        /** A result without a pruning history, its labels copied from one array. */
        public Result(int k, float[] centers, int[] labels, double[] inertiaHistory, int iterationsRun,
                      long[] clusterSizes, double inertia, double seedingSeconds, double refineSeconds,
                      int refinementMoves) {
            this(k, centers, RowLabels.copyOf(labels), inertiaHistory, iterationsRun, clusterSizes, inertia,
                    seedingSeconds, refineSeconds, refinementMoves, null);
        }

        Result(int k, float[] centers, RowLabels labels, double[] inertiaHistory, int iterationsRun,
               long[] clusterSizes, double inertia) {
            this(k, centers, labels, inertiaHistory, iterationsRun, clusterSizes, inertia, 0, 0, 0, null);
        }

        /**
         * The nearest center of every code as one array (a copy; null when the result has no labels).
         *
         * @throws InvalidParameterException when N exceeds {@link RowLabels#MAX_ARRAY_ROWS}: use {@link #rowLabels()}
         */
        public int[] labels() {
            return rowLabels == null ? null : rowLabels.toArray();
        }

        /** This result with the time spent choosing the initial centers (seeding and restarts). */
        Result withSeedingSeconds(double seconds) {
            return new Result(k, centers, rowLabels, inertiaHistory, iterationsRun, clusterSizes, inertia, seconds,
                    refineSeconds, refinementMoves, prunedFractionHistory);
        }

        /** The refined result {@code refined} with this result's history, extended, and the search's figures. */
        Result refinedTo(Result refined, double[] acceptedInertia, double seconds, int moves) {
            double[] history = Arrays.copyOf(inertiaHistory, inertiaHistory.length + acceptedInertia.length);
            System.arraycopy(acceptedInertia, 0, history, inertiaHistory.length, acceptedInertia.length);
            return new Result(k, refined.centers, refined.rowLabels, history, iterationsRun, refined.clusterSizes,
                    refined.inertia, seedingSeconds, seconds, moves, prunedFractionHistory);
        }
    }

    /** Runs k-means on {@code codes} from deterministic seeds ({@link Options#seeding()}). */
    public static Result run(CodeStore codes, Encoder encoder, int k, Options options, WorkerPool pool) {
        return run(codes, encoder, k, null, options, pool);
    }

    /** Runs k-means on the first {@code n} codes of a byte array ({@code n x M}, not copied). */
    public static Result run(byte[] codes, int n, Encoder encoder, int k, Options options, WorkerPool pool) {
        requireEncoder(encoder);
        return run(new ByteArrayCodeStore(codes, n, encoder.subquantizers()), encoder, k, null, options, pool);
    }

    /**
     * Runs k-means on {@code codes}, starting from {@code initialCenters} ({@code k x D} coding-space
     * centers, copied) or, when null, from deterministic seeds ({@link Options#seeding()}).
     */
    public static Result run(CodeStore codes, Encoder encoder, int k, float[] initialCenters, Options options,
                             WorkerPool pool) {
        return run(codes, encoder, k, initialCenters, options, pool, KernelsProvider.get());
    }

    /** {@link #run(CodeStore, Encoder, int, float[], Options, WorkerPool)} with given kernels (tests). */
    static Result run(CodeStore codes, Encoder encoder, int k, float[] initialCenters, Options options,
                      WorkerPool pool, Kernels kernels) {
        CodingSpaceCodebooks books = validate(codes, encoder, k, pool);
        if (options == null) {
            throw new InvalidParameterException("options are null");
        }
        if (initialCenters != null && initialCenters.length != (long) k * books.dim) {
            throw new InvalidParameterException("initial centers have " + initialCenters.length
                    + " floats, expected k x D = " + k + " x " + books.dim);
        }
        if (initialCenters != null) {
            for (int i = 0; i < initialCenters.length; i++) {
                if (!Float.isFinite(initialCenters[i])) {
                    throw new InvalidParameterException("initial center " + i / books.dim + " has a non-finite value "
                            + initialCenters[i] + " at dimension " + i % books.dim);
                }
            }
        }
        if ((long) k * books.dim > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("k = " + k + " centers of dimension D = " + books.dim
                    + " exceed the largest Java array; use a smaller k");
        }
        if ((long) k * books.m * books.ks > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("k = " + k + " is too large for M = " + books.m + ", Ks = " + books.ks
                    + ": the per-cluster histograms (k x M x Ks) exceed the largest Java array");
        }
        ProgressListener listener = options.progressListener();
        long start = System.nanoTime();
        LOG.debug("code-space k-means: N={}, k={}, M={}, Ks={}, D={}, {}, threads={}, kernels={}",
                codes.rows(), k, books.m, books.ks, books.dim, options, pool.threads(), kernels.name());

        listener.onStageStart(STAGE, options.iterations());
        SeedingSample sample = null;
        float[] centers;
        int sampleMoves = 0;
        double seedingSeconds = 0;
        double sampleSearchSeconds = 0;
        if (initialCenters != null) {
            centers = initialCenters.clone();
        } else {
            sample = SeedingSample.draw(codes, books, k, options.seedingSampleRows(), options.seed(), kernels, pool,
                    SOURCE);
            centers = seed(sample, k, options, pool);
            seedingSeconds = (System.nanoTime() - start) / 1e9;
            if (options.refinement() && sample.n < codes.rows() && SplitMergeSearch.applies(k)) {
                // The search on the sample is cheap and does most of the moving; the full run then confirms.
                long searchStart = System.nanoTime();
                sample = searchSample(sample, codes, books, k, options, kernels, pool);
                SplitMergeSearch.Outcome searched = searchOnSample(sample, codes.rows(), k, centers, options, kernels,
                        pool);
                centers = searched.result().centers();
                sampleMoves = searched.moves();
                sampleSearchSeconds = (System.nanoTime() - searchStart) / 1e9;
            }
        }
        boolean search = options.refinement() && SplitMergeSearch.applies(k);
        Run main = lloydRun(codes, books, k, centers, null, null, search, options.iterations(), options.tolerance(),
                options.lookupTableBytes(), options.effectiveBoundBytes(), listener, kernels, pool);
        Result result = main.result().withSeedingSeconds(seedingSeconds);
        if (search) {
            if (sample == null) {
                sample = searchSample(SeedingSample.draw(codes, books, k, options.seedingSampleRows(), options.seed(),
                        kernels, pool, SOURCE), codes, books, k, options, kernels, pool);
            }
            LocalLloyd allCodes = new LocalLloyd(codes, books, k, options.lookupTableBytes(),
                    options.effectiveBoundBytes(), kernels, pool).startingFrom(result, main.state());
            result = searchOnAllCodes(allCodes, books, k, result, sample, sampleMoves, sampleSearchSeconds, options,
                    kernels, pool);
        }
        listener.onStageEnd(STAGE);
        LOG.debug("code-space k-means done: {} iterations, inertia {}, {} ms", result.iterationsRun(),
                result.inertia(), (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    /**
     * The initial centers a run with these arguments starts from ({@code k x D}, before any search or Lloyd
     * iteration): the seeding alone, e.g. to time it.
     */
    public static float[] initialCenters(CodeStore codes, Encoder encoder, int k, Options options, WorkerPool pool) {
        CodingSpaceCodebooks books = validate(codes, encoder, k, pool);
        SeedingSample sample = SeedingSample.draw(codes, books, k, options.seedingSampleRows(), options.seed(),
                KernelsProvider.get(), pool, SOURCE);
        return seed(sample, k, options, pool);
    }

    /**
     * The seeding of earlier versions, for comparisons: k-means++ restarted {@link Options#seedingRestarts()}
     * times with the repair ({@link SeedingRestarts}) whatever the refinement and K.
     */
    public static float[] restartedCenters(CodeStore codes, Encoder encoder, int k, Options options, WorkerPool pool) {
        CodingSpaceCodebooks books = validate(codes, encoder, k, pool);
        SeedingSample sample = SeedingSample.draw(codes, books, k, options.seedingSampleRows(), options.seed(),
                KernelsProvider.get(), pool, SOURCE);
        return SeedingRestarts.best(sample, k, options, pool).centers();
    }

    /** The split/merge search on the seeding sample, from Lloyd on the sample started at {@code seeds}. */
    static SplitMergeSearch.Outcome searchOnSample(SeedingSample sample, long rows, int k, float[] seeds,
                                                  Options options, Kernels kernels, WorkerPool pool) {
        ByteArrayCodeStore store = new ByteArrayCodeStore(sample.codes, sample.n, sample.books.m);
        Run onSample = lloydRun(store, sample.books, k, seeds, null, null, true, SAMPLE_SEARCH.iterations(),
                trialTolerance(options), options.lookupTableBytes(), options.effectiveBoundBytes(),
                ProgressListener.NONE, kernels, pool);
        LocalLloyd sampleLloyd = new LocalLloyd(store, sample.books, k, options.lookupTableBytes(),
                options.effectiveBoundBytes(), kernels, pool).startingFrom(onSample.result(), onSample.state());
        return new SplitMergeSearch(sampleLloyd, sample.books, k, sample.codes, sample.n, true,
                trialTolerance(options), options.lookupTableBytes(), kernels, pool, options.seed())
                .run(onSample.result(), sampleSearch(rows, sample.n, options.iterations()));
    }

    /**
     * The split/merge search on all codes ({@code codes}: local, or distributed by clostera-spark) from the main
     * Lloyd result, split gains estimated on {@code sample}; returns {@code result} refined, with both phases'
     * time ({@code sampleSearchSeconds} spent on the sample) and moves.
     */
    static Result searchOnAllCodes(AllCodesLloyd codes, CodingSpaceCodebooks books, int k, Result result,
                                   SeedingSample sample, int sampleMoves, double sampleSearchSeconds,
                                   Options options, Kernels kernels, WorkerPool pool) {
        long start = System.nanoTime();
        // Without a sample phase (the sample is all of the codes), search as thoroughly here.
        SplitMergeSearch.Limits limits = sample.n >= codes.rows()
                ? sampleSearch(codes.rows(), sample.n, options.iterations())
                : fullSearch(fullSearchPasses(options.iterations(), result.iterationsRun()));
        SplitMergeSearch.Outcome searched = new SplitMergeSearch(codes, books, k, sample.codes, sample.n,
                trialTolerance(options), options.lookupTableBytes(), kernels, pool, options.seed())
                .sampleRowsAre(sample.rows).run(result, limits);
        Result refined = searched.result();
        if (searched.moves() > 0 && refined.iterationsRun() == limits.iterations()
                && limits.iterations() < options.iterations()) {
            // The accepted trial stopped at its iteration cap: finish with the caller's settings.
            Result finished = codes.lloydFrom(refined, refined.centers(), options.iterations(), options.tolerance());
            refined = finished.inertia() <= refined.inertia() ? finished : refined;
        }
        if (searched.moves() + sampleMoves > 0) {
            LOG.debug("refinement: {} move(s) on the sample, {} on all codes, inertia {}", sampleMoves,
                    searched.moves(), refined.inertia());
        }
        return result.refinedTo(refined, searched.acceptedInertia(),
                sampleSearchSeconds + (System.nanoTime() - start) / 1e9, sampleMoves + searched.moves());
    }

    /**
     * The search on the seeding sample: up to 200 rounds, 8 single moves tried per round, each by up to 20
     * Lloyd iterations on the sample. Cheap (the sample is bounded), so it does most of the moving. Its
     * budget of sample passes is set per run ({@link #sampleSearch}).
     */
    static final SplitMergeSearch.Limits SAMPLE_SEARCH = new SplitMergeSearch.Limits(20, 200, 8, Integer.MAX_VALUE);
    /**
     * The search on all codes, which confirms the sample's result and finds what the sample cannot see: up
     * to 50 rounds, 2 single moves per round, each tried by up to 6 Lloyd iterations over all codes (a move
     * is local, so its effect on the objective shows within a few). Its budget is twice the passes the main
     * Lloyd run took, at most the caller's iteration count ({@link #fullSearchPasses}).
     */
    static final SplitMergeSearch.Limits FULL_SEARCH = new SplitMergeSearch.Limits(6, 50, 2, Integer.MAX_VALUE);
    /** Fewest sample passes the sample search may spend, however large N is relative to the sample. */
    static final int MIN_SAMPLE_BUDGET = 200;

    /**
     * The sample search's limits for {@code rows} codes: a budget of sample passes costing about as much as
     * {@code iterations} passes over all codes (a sample pass costs {@code sampleRows / rows} of one), but at
     * least {@value #MIN_SAMPLE_BUDGET}.
     */
    static SplitMergeSearch.Limits sampleSearch(long rows, int sampleRows, int iterations) {
        long budget = Math.max(MIN_SAMPLE_BUDGET, (long) Math.max(1, iterations) * rows / Math.max(1, sampleRows));
        return new SplitMergeSearch.Limits(SAMPLE_SEARCH.iterations(), SAMPLE_SEARCH.maxRounds(), SAMPLE_SEARCH.tries(),
                (int) Math.min(Integer.MAX_VALUE, budget));
    }

    /**
     * Passes the search over all codes may spend: twice what the main Lloyd run took, at most the caller's
     * iteration count ({@link #fullSearch} raises it to one whole try). Once Lloyd has converged, more passes
     * mostly buy moves worth hundredths of a percent each: at K = 1,024 on 1M codes the 20-pass budget cost 2.5x
     * the whole Lloyd run.
     */
    static int fullSearchPasses(int iterations, int lloydIterationsRun) {
        return (int) Math.min(iterations, 2L * Math.max(1, lloydIterationsRun));
    }

    /** Rows per cluster the split/merge search's sample should hold to judge a move ... */
    static final int SEARCH_ROWS_PER_CLUSTER = 64;
    /** ... up to this many rows (4 MiB of codes at M = 64): the search's sample passes stay cheap at any K. */
    static final int SEARCH_SAMPLE_CAP = 1 << 16;

    /**
     * The sample the split/merge search works on: the seeding sample, or, when that holds fewer than
     * {@value #SEARCH_ROWS_PER_CLUSTER} rows per cluster (large K), a larger one of up to
     * {@value #SEARCH_SAMPLE_CAP} rows, drawn with its own seed. At K = 1,024 on 1M codes (16 rows per cluster
     * in the 16,384-row seeding sample) this and the budget of {@link #fullSearchPasses} took the cluster stage
     * from 44 to 23 s and the objective from 1.28418e8 to 1.28411e8.
     */
    static SeedingSample searchSample(SeedingSample seeding, CodeStore codes, CodingSpaceCodebooks books, int k,
                                      Options options, Kernels kernels, WorkerPool pool) {
        long wanted = searchSampleRows(k);
        if (seeding.n >= wanted || seeding.n >= codes.rows()) {
            return seeding;
        }
        return SeedingSample.draw(codes, books, k, (int) wanted, options.seed() ^ SEARCH_SAMPLE_SEED, kernels, pool,
                SOURCE);
    }

    /** Rows the split/merge search wants to estimate its splits on for {@code k} centers. */
    static long searchSampleRows(int k) {
        return Math.min((long) SEARCH_ROWS_PER_CLUSTER * k, SEARCH_SAMPLE_CAP);
    }

    /** Mixed into the seed of the search's own sample, so it is not the seeding sample's first rows again. */
    static final long SEARCH_SAMPLE_SEED = 0x5EA2_C45A_3B1EL;

    static SplitMergeSearch.Limits fullSearch(int iterations) {
        return new SplitMergeSearch.Limits(FULL_SEARCH.iterations(), FULL_SEARCH.maxRounds(), FULL_SEARCH.tries(),
                Math.max(FULL_SEARCH.iterations(), iterations));
    }


    /** Tried moves run Lloyd to this relative improvement at least, whatever the caller's tolerance. */
    static final double TRIAL_TOLERANCE = 1e-4;

    private static double trialTolerance(Options options) {
        return Math.max(options.tolerance(), TRIAL_TOLERANCE);
    }

    /**
     * Lloyd iterations from {@code centers} (taken over, not copied): assign, then (update, assign) up to
     * {@code iterations} times. Reports each iteration to {@code listener} (not the stage start or end).
     * Also refines the seeding restarts on the sample ({@link SeedingRestarts}).
     */
    static Result lloyd(CodeStore codes, CodingSpaceCodebooks books, int k, float[] centers, int iterations,
                        double tolerance, long lookupTableBytes, ProgressListener listener, Kernels kernels,
                        WorkerPool pool) {
        return lloyd(codes, books, k, centers, iterations, tolerance, lookupTableBytes,
                Options.defaults().effectiveBoundBytes(), listener, kernels, pool);
    }

    /**
     * {@link #lloyd(CodeStore, CodingSpaceCodebooks, int, float[], int, double, long, ProgressListener, Kernels,
     * WorkerPool)} pruning with at most {@code boundBytes} of per-code bounds, and without bounds (when they do not
     * fit) by incremental passes ({@link ChangedCenters}); 0: no pruning, every pass a full scan.
     */
    static Result lloyd(CodeStore codes, CodingSpaceCodebooks books, int k, float[] centers, int iterations,
                        double tolerance, long lookupTableBytes, long boundBytes, ProgressListener listener,
                        Kernels kernels, WorkerPool pool) {
        return lloydRun(codes, books, k, centers, null, null, false, iterations, tolerance, lookupTableBytes,
                boundBytes, listener, kernels, pool).result();
    }

    /**
     * Lloyd iterations from {@code centers} (taken over) after a {@code previous} result on the same codes
     * whose labels are the nearest of its centers, e.g. a tried split/merge move that changed three centers:
     * passes are incremental while few centers change ({@link ChangedCenters}), so a trial costs a few lookups
     * per code instead of full scans. The result is bit-identical to {@code lloyd} from the same centers.
     */
    static Result lloydFrom(Result previous, CodeStore codes, CodingSpaceCodebooks books, int k, float[] centers,
                            int iterations, double tolerance, long lookupTableBytes, ProgressListener listener,
                            Kernels kernels, WorkerPool pool) {
        return lloydRun(codes, books, k, centers, previous, null, false, iterations, tolerance, lookupTableBytes,
                Options.defaults().effectiveBoundBytes(), listener, kernels, pool).result();
    }

    /**
     * A Lloyd run's result and, when asked for, the {@link AssignmentState} of its labels, from which a run from
     * this result starts without recounting its histograms or looking up its codes' distances again.
     */
    record Run(Result result, AssignmentState state) {
    }

    /**
     * Lloyd from {@code centers} (taken over), after {@code previous} (null: from nothing) whose labels' state is
     * {@code start} (null: rebuilt from the codes; never modified). With {@code keepState}, the returned run
     * carries its result's state when its histograms fit the pruning memory ({@code boundBytes}) beside the bounds,
     * and its per-code distances when they fit as well. The result is the same either way.
     */
    static Run lloydRun(CodeStore codes, CodingSpaceCodebooks books, int k, float[] centers, Result previous,
                        AssignmentState start, boolean keepState, int iterations, double tolerance,
                        long lookupTableBytes, long boundBytes, ProgressListener listener, Kernels kernels,
                        WorkerPool pool) {
        long runStart = System.nanoTime();
        long n = codes.rows();
        RowLabels labels;
        AssignmentBounds bounds;
        if (previous != null && previous.rowLabels() == null) {
            previous = null; // a result without labels: start from scratch
        }
        if (previous != null) {
            // Known labels: incremental passes, which keep no bounds.
            labels = previous.rowLabels().copy();
            bounds = null;
        } else {
            labels = new RowLabels(n, -1);
            bounds = planBounds(n, k, CenterLookupTables.tileSize(k, books.m, books.ks, lookupTableBytes),
                    boundBytes, books, centers, iterations, pool.threads());
        }
        // With bounds, the tables are in the bounds' center order (same distances; labels map back).
        CenterLookupTables tables = CenterLookupTables.build(books, bounds == null ? centers
                : bounds.arrange(centers, books.dim), k, lookupTableBytes, kernels, pool);
        AssignmentPass pass = new AssignmentPass(codes, books, k, kernels, pool, true, SOURCE, bounds);
        AssignmentPass.Outcome outcome;
        int[] changed = previous == null ? null : ChangedCenters.between(previous.centers(), centers, k, books.dim);
        if (start != null && start.histogram() == null) {
            start = null;
        }
        // The state is planned in the pruning memory beside the bounds: histograms first, then distances.
        long room = boundBytes - (bounds == null ? 0 : bounds.bytes()) - AssignmentState.histogramBytes(k, books);
        keepState &= room >= 0;
        if (keepState && RowDistances.BYTES_PER_ROW * n <= room) {
            // The previous run's distances hold for codes whose center did not change; a first full pass writes all.
            boolean known = changed != null && start != null && start.distances() != null;
            pass.keepDistances(known ? start.distances().copy() : new RowDistances(n), known);
        }
        if (changed != null) {
            if (start != null) {
                pass.startHistograms(start.histogram());
            } else {
                pass.countHistograms(labels);
            }
            outcome = pass.runIncremental(tables, ChangedCenters.tables(changed, centers, books, lookupTableBytes,
                    kernels, pool), labels, true, changed);
        } else {
            if (previous != null) {
                labels = new RowLabels(n, -1); // too many centers changed: a first full pass, as from scratch
            }
            outcome = pass.run(tables, labels, true);
        }
        double[] history = new double[Math.min(iterations, 63) + 1];
        double[] pruned = new double[history.length];
        history[0] = outcome.inertia();
        double fullScan = (double) n * k;
        pruned[0] = 1 - outcome.evaluations() / fullScan;
        long passStart = System.nanoTime();
        LOG.debug("first pass: inertia {}, pruned {}, {} ms", outcome.inertia(), pruned[0],
                (passStart - runStart) / 1_000_000);
        int iteration = 0;
        // Clusters whose center is the last update of their histogram (null before the first update): when the pass
        // after it moved no code in or out, the update would give the same floats, so it is not computed again.
        boolean[] updated = null;
        while (iteration < iterations) {
            long[] sizes = HistogramCenters.sizes(outcome.histogram(), k, books.m, books.ks);
            float[] next = centers.clone();
            boolean[] changedClusters = outcome.changedClusters();
            boolean[] current = null;
            if (updated != null && changedClusters != null) {
                current = updated;
                for (int c = 0; c < k; c++) {
                    current[c] &= !changedClusters[c];
                }
            }
            HistogramCenters.update(outcome.histogram(), sizes, books, next, current, pool);
            if (updated == null) {
                updated = new boolean[k];
            }
            for (int c = 0; c < k; c++) {
                updated[c] = sizes[c] > 0; // an empty cluster keeps (or is re-seeded to) a center of its own
            }
            int reseeded = EmptyClusterReseeding.reseed(codes, books, tables, labels, sizes, next, kernels, pool);
            if (reseeded > 0) {
                LOG.debug("iteration {}: re-seeded {} empty clusters", iteration + 1, reseeded);
            }
            double[] drift = bounds == null ? null : bounds.drift(centers, next);
            // Without bounds the labels are the nearest of the old centers: few changed centers, few lookups
            // (unless pruning is off: boundBytes 0 asks for full scans, the reference of the tests).
            changed = bounds == null && (previous != null || boundBytes > 0)
                    ? ChangedCenters.between(centers, next, k, books.dim) : null;
            centers = next;
            double previousInertia = outcome.inertia();
            if (changed != null) {
                // Only the changed centers' tables differ: built once, for the pass and to patch the full tables.
                CenterLookupTables changedTables = ChangedCenters.tables(changed, centers, books, lookupTableBytes,
                        kernels, pool);
                tables.copyCenters(changed, changedTables);
                outcome = pass.runIncremental(tables, changedTables, labels, false, changed);
            } else {
                tables.fill(bounds == null ? centers : bounds.arrange(centers, books.dim), kernels, pool);
                outcome = pass.run(tables, labels, false, drift);
            }
            iteration++;
            if (iteration == history.length) {
                history = Arrays.copyOf(history, (int) Math.min((long) iterations + 1, 2L * history.length));
                pruned = Arrays.copyOf(pruned, history.length);
            }
            history[iteration] = outcome.inertia();
            pruned[iteration] = 1 - outcome.evaluations() / fullScan;
            long passEnd = System.nanoTime();
            LOG.debug("iteration {}: inertia {}, labels changed {}, pruned {}, {} ms", iteration, outcome.inertia(),
                    outcome.changed(), pruned[iteration], (passEnd - passStart) / 1_000_000);
            passStart = passEnd;
            listener.onProgress(STAGE, iteration, iterations);
            if (outcome.changed() == 0 && reseeded == 0) {
                break;
            }
            if (previousInertia - outcome.inertia() < tolerance * previousInertia) {
                break;
            }
        }
        long[] sizes = HistogramCenters.sizes(outcome.histogram(), k, books.m, books.ks);
        Result result = new Result(k, centers, labels, Arrays.copyOf(history, iteration + 1), iteration, sizes,
                outcome.inertia(), 0, 0, 0, Arrays.copyOf(pruned, iteration + 1));
        // The pass ends here, so its histograms and distances are handed over, not copied.
        return new Run(result, keepState ? new AssignmentState(outcome.histogram(), pass.distances()) : null);
    }

    /** Bounds for pruning within {@code boundBytes}, or null (no pruning; logged when memory is the reason). */
    private static AssignmentBounds planBounds(long rows, int k, int tileSize, long boundBytes,
                                               CodingSpaceCodebooks books, float[] centers, int iterations,
                                               int threads) {
        if (boundBytes <= 0 || iterations == 0) {
            return null;
        }
        AssignmentBounds bounds = AssignmentBounds.plan(rows, k, tileSize, boundBytes, books, centers, threads);
        if (bounds != null && bounds.groups.count() >= AssignmentBounds.MIN_PREFILTER_GROUPS && !bounds.prefilters()) {
            LOG.debug("8-bit pre-filter off: {} codes in {} groups (it takes groups of at most {} centers, and "
                    + "K x M x Ks bytes of tables beside the bounds within {} bytes)", rows, bounds.groups.count(),
                    AssignmentBounds.MAX_PREFILTER_WIDTH, boundBytes);
        }
        if (bounds == null && k >= 2 * CenterGroups.ALIGNMENT && AssignmentBounds.bytes(rows, 2) > boundBytes) {
            LOG.info("pruned assignment off: bounds of {} codes need at least {} bytes, {} allowed; every "
                    + "iteration scans all {} centers", rows, AssignmentBounds.bytes(rows, 2), boundBytes, k);
        }
        return bounds;
    }

    static float[] seed(SeedingSample sample, int k, Options options, WorkerPool pool) {
        return switch (options.seeding()) {
            case KMEANS_PLUS_PLUS -> SeedingRestarts.restarts(k, options) == 1
                    ? KMeansPlusPlusSeeding.seed(sample, k, options.seed(), pool)
                    : SeedingRestarts.best(sample, k, options, pool).centers();
            case FARTHEST_FIRST -> FarthestFirstSeeding.seed(sample, k, pool);
        };
    }

    /**
     * Nearest of {@code k} coding-space centers ({@code k x D}) for every code of {@code codes}.
     *
     * @param lookupTableBytes table tile budget (only changes speed), e.g. {@link Options#DEFAULT_LOOKUP_TABLE_BYTES}
     */
    public static int[] predict(CodeStore codes, Encoder encoder, float[] centers, int k, long lookupTableBytes,
                                WorkerPool pool) {
        validateForPredict(codes, encoder, centers, k, lookupTableBytes, pool);
        requireLabelsFit(codes.rows());
        return StreamedPrediction.predictAll(codes, encoder, centers, k, lookupTableBytes, pool);
    }

    /** Nearest center of the first {@code n} codes of {@code codes} ({@code n x M}). */
    public static int[] predict(byte[] codes, int n, Encoder encoder, float[] centers, int k, long lookupTableBytes,
                                WorkerPool pool) {
        requireEncoder(encoder);
        return predict(new ByteArrayCodeStore(codes, n, encoder.subquantizers()), encoder, centers, k,
                lookupTableBytes, pool);
    }

    static CodingSpaceCodebooks validateForPredict(CodeStore codes, Encoder encoder, float[] centers, int k,
                                                           long lookupTableBytes, WorkerPool pool) {
        requireEncoder(encoder);
        requireCodes(codes, encoder);
        if (pool == null) {
            throw new InvalidParameterException("worker pool is null");
        }
        if (k < 1) {
            throw new InvalidParameterException("k must be >= 1, got " + k);
        }
        if (centers == null || centers.length != (long) k * encoder.dim()) {
            throw new InvalidParameterException("centers have " + (centers == null ? "no" : centers.length)
                    + " floats, expected k x D = " + k + " x " + encoder.dim());
        }
        if (lookupTableBytes < 1) {
            throw new InvalidParameterException("lookupTableBytes must be >= 1, got " + lookupTableBytes);
        }
        return CodingSpaceCodebooks.of(encoder);
    }

    private static CodingSpaceCodebooks validate(CodeStore codes, Encoder encoder, int k, WorkerPool pool) {
        requireEncoder(encoder);
        requireCodes(codes, encoder);
        if (pool == null) {
            throw new InvalidParameterException("worker pool is null");
        }
        long rows = codes.rows();
        if (rows < 1) {
            throw new InvalidParameterException("no codes to cluster: the code store is empty");
        }
        if (k < 1) {
            throw new InvalidParameterException("k must be >= 1, got " + k);
        }
        if (k > rows) {
            throw new InvalidParameterException("k = " + k + " exceeds the number of rows N = " + rows
                    + "; k must be in 1.." + rows);
        }
        return CodingSpaceCodebooks.of(encoder);
    }

    private static void requireEncoder(Encoder encoder) {
        if (encoder == null) {
            throw new InvalidParameterException("encoder is null");
        }
    }

    private static void requireCodes(CodeStore codes, Encoder encoder) {
        if (codes == null) {
            throw new InvalidParameterException("code store is null");
        }
        if (codes.codeBytes() != encoder.subquantizers()) {
            throw new InvalidParameterException("codes have " + codes.codeBytes()
                    + " bytes per row but the encoder has M = " + encoder.subquantizers() + " subquantizers");
        }
    }

    private static void requireLabelsFit(long rows) {
        if (rows > MAX_LABEL_ROWS) {
            throw new InvalidParameterException("N = " + rows + " rows exceed " + MAX_LABEL_ROWS
                    + ", the most labels one int[] can hold; predict into a label sink instead");
        }
    }
}
