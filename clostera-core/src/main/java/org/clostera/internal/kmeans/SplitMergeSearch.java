package org.clostera.internal.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local search that escapes Lloyd's local optima by moving centers: one move splits a cluster in two and
 * merges two others into one, so K stays the same. Lloyd's fixed points that are not the best partition
 * almost always have this shape: two true clusters under one center (a split gains much) while elsewhere
 * two centers share one true cluster or one sits on a few outliers (a merge costs little).
 *
 * <p>Each round, on the current (Lloyd-converged) centers:
 * <ol>
 *   <li><b>Split gains</b> of the {@value #SPLIT_CANDIDATES} clusters with the largest squared error:
 *       the 2-means split along the principal direction ({@link ClusterSplit}) of the cluster's members in
 *       an estimation sample of codes, scaled to the cluster's full size.</li>
 *   <li><b>Merge costs</b> of all pairs: Ward's cost {@code n_a n_b / (n_a + n_b) ||c_a - c_b||^2}, the exact
 *       increase of the error when both clusters go to their joint mean.</li>
 *   <li><b>Moves</b> (split {@code s}, merge {@code a, b}, {@code s} not in {@code {a, b}}) ranked by the
 *       estimated net gain (split gain minus merge cost). Like breathing k-means (Fritzke 2020), several
 *       disjoint moves are first tried together (the "breath", {@link #MAX_BREATH} at most, shrinking
 *       when rejected); then the best single moves one by one, up to {@code tries}.</li>
 *   <li>A move is applied (merged mean in slot {@code b}, the split halves in slots {@code a} and
 *       {@code s}), Lloyd runs from there on the codes, and the result is <b>kept only if the objective
 *       (the inertia over all codes of the store) fell</b> by more than {@link #MIN_RELATIVE_GAIN}.</li>
 * </ol>
 * The search stops when no tried move lowers the objective, after {@code maxRounds} rounds, or when its
 * budget of assignment passes is spent. A move's
 * estimate only orders the tries; acceptance is decided by the objective itself, so the inertia never
 * rises. A move whose immediate net gain is negative can still pay after Lloyd re-balances the
 * neighbours, which is why moves are tried in order rather than filtered by sign.
 *
 * <p>Deterministic: every choice is a sort with index tie-breaks, split directions are seeded by
 * (seed, cluster, round), and every objective is an {@link AssignmentPass} inertia (thread-count
 * independent).
 *
 * <p>Cost per round: the estimation sample's assignment ({@code n x K x M} lookups), the splits
 * ({@code 16 x (Ks x D x 25 + members x M x 19)}), the pair costs ({@code K^2 D / 2}; so the search is skipped
 * above {@link #MAX_K} centers), and one Lloyd run per tried move over the store.
 */
final class SplitMergeSearch {
    private static final Logger LOG = LoggerFactory.getLogger(SplitMergeSearch.class);
    /** Clusters whose split is evaluated per round (those with the largest squared error). */
    static final int SPLIT_CANDIDATES = 32;
    /** Cheapest merge pairs considered per round. */
    static final int MERGE_CANDIDATES = 16;
    /** Most disjoint moves tried together. */
    static final int MAX_BREATH = 4;
    /**
     * A move is kept when it lowers the inertia by more than this fraction: enough to escape the local optima
     * that matter (a merged pair of true clusters costs 0.1-1%), while the many tiny re-arrangements found at
     * large K, each worth ~1e-6, are not worth a Lloyd run over all codes.
     */
    static final double MIN_RELATIVE_GAIN = 1e-5;
    /** Moves estimated to raise the objective by more than this fraction are not tried. */
    static final double MAX_ESTIMATED_LOSS = 0.005;
    /** Largest K searched: the pair costs grow with K^2 D. */
    static final int MAX_K = 4096;

    /**
     * Where and how hard to search.
     *
     * @param iterations Lloyd iterations per tried move
     * @param maxRounds  most rounds
     * @param tries      single moves tried per round before the search stops
     * @param budget     most assignment passes over the store, all tried moves together: bounds the cost of
     *                   the search (at large K many moves each gain a little); the search stops when it is spent
     */
    record Limits(int iterations, int maxRounds, int tries, int budget) {
    }

    /** The outcome: the refined result (the start when nothing was accepted) and the accepted moves. */
    record Outcome(CodeSpaceKMeans.Result result, int moves, double[] acceptedInertia) {
    }

    /** Split cluster {@code split} into the halves {@code first} and {@code second}, merge {@code mergeA} into {@code mergeB}. */
    private record Move(int split, int mergeA, int mergeB, double net, float[] first, float[] second) {
    }

    /** The {@value #MERGE_CANDIDATES} cheapest pairs {@code (a << 32) | b} and their Ward costs, cheapest first. */
    private record Merges(long[] pairs, double[] costs) {
    }

    private static final Comparator<Move> BEST_FIRST = Comparator.comparingDouble((Move m) -> -m.net())
            .thenComparingInt(Move::split).thenComparingInt(Move::mergeA).thenComparingInt(Move::mergeB);

    /** Lloyd over the codes whose inertia is the objective. */
    private final AllCodesLloyd allCodes;
    private final CodingSpaceCodebooks books;
    private final int k;
    private final byte[] sampleCodes;
    private final int sampleRows;
    private final double tolerance;
    private final long lookupTableBytes;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final long seed;
    private final boolean sampleIsStore;
    /** The objective's row of each sample code, or null (unknown, or the sample is the store). */
    private long[] sampleRowsInStore;

    /**
     * @param store       the codes whose inertia is the objective
     * @param sampleCodes codes the split gains are estimated on ({@code sampleRows x M}; may be the store's own)
     */
    SplitMergeSearch(CodeStore store, CodingSpaceCodebooks books, int k, byte[] sampleCodes, int sampleRows,
                     double tolerance, long lookupTableBytes, Kernels kernels, WorkerPool pool, long seed) {
        this(new LocalLloyd(store, books, k, lookupTableBytes, CodeSpaceKMeans.Options.defaults().effectiveBoundBytes(),
                kernels, pool), books, k, sampleCodes, sampleRows, false, tolerance, lookupTableBytes, kernels, pool,
                seed);
    }

    /**
     * The search with its objective's Lloyd runs given, e.g. distributed (clostera-spark): the same moves and
     * outcome as over a store holding the same codes.
     */
    SplitMergeSearch(AllCodesLloyd allCodes, CodingSpaceCodebooks books, int k, byte[] sampleCodes, int sampleRows,
                     double tolerance, long lookupTableBytes, Kernels kernels, WorkerPool pool, long seed) {
        this(allCodes, books, k, sampleCodes, sampleRows, false, tolerance, lookupTableBytes, kernels, pool, seed);
    }

    /**
     * @param sampleIsStore the sample codes are the codes of {@code allCodes} in order (the search on the seeding
     *                      sample): a round then reads the current result's labels instead of assigning the sample
     */
    SplitMergeSearch(AllCodesLloyd allCodes, CodingSpaceCodebooks books, int k, byte[] sampleCodes,
                     int sampleRows, boolean sampleIsStore, double tolerance, long lookupTableBytes,
                     Kernels kernels, WorkerPool pool, long seed) {
        if (sampleIsStore && allCodes.rows() != sampleRows) {
            throw new IllegalArgumentException("a sample of " + sampleRows + " rows is not a store of "
                    + allCodes.rows());
        }
        this.sampleIsStore = sampleIsStore;
        this.allCodes = allCodes;
        this.books = books;
        this.k = k;
        this.sampleCodes = sampleCodes;
        this.sampleRows = sampleRows;
        this.tolerance = tolerance;
        this.lookupTableBytes = lookupTableBytes;
        this.kernels = kernels;
        this.pool = pool;
        this.seed = seed;
        this.splitCache = new CachedSplit[k];
        this.estimationLabels = new int[sampleRows];
        this.estimationDistances = new float[sampleRows];
    }

    /**
     * Says that sample code {@code i} is row {@code rows[i]} of the objective's codes: a round then reads the current
     * result's labels of those rows, when it has them, instead of assigning the sample to all K centers (the labels
     * of a Lloyd result are the nearest of its centers, as the scan would find).
     */
    SplitMergeSearch sampleRowsAre(long[] rows) {
        if (rows.length != sampleRows) {
            throw new IllegalArgumentException(rows.length + " rows for a sample of " + sampleRows);
        }
        this.sampleRowsInStore = rows;
        return this;
    }

    /** Whether the search runs for {@code k} centers. */
    static boolean applies(int k) {
        return k >= 3 && k <= MAX_K;
    }

    /**
     * Searches from {@code start} (a Lloyd result on the objective's codes, sizes included; its labels, when it
     * has them, start the trials' incremental passes).
     */
    Outcome run(CodeSpaceKMeans.Result start, Limits limits) {
        if (!applies(k) || start.clusterSizes() == null) {
            return new Outcome(start, 0, new double[0]);
        }
        CodeSpaceKMeans.Result current = start;
        int moves = 0;
        double[] accepted = new double[8];
        int breath = Math.max(1, Math.min(MAX_BREATH, k / 8));
        spent = 0;
        for (int round = 0; round < limits.maxRounds() && spent < limits.budget(); round++) {
            List<Move> candidates = plausible(moves(current, round), current.inertia());
            if (candidates.isEmpty()) {
                break;
            }
            CodeSpaceKMeans.Result next = null;
            int applied = 0;
            while (next == null && breath > 1 && spent < limits.budget()) {
                List<Move> batch = disjoint(candidates, breath);
                if (batch.size() < 2) {
                    breath = 1;
                    break;
                }
                CodeSpaceKMeans.Result tried = tryMoves(current, batch, limits);
                if (better(tried, current)) {
                    next = tried;
                    applied = batch.size();
                } else {
                    breath--;
                }
            }
            for (Move move : diverse(candidates, next == null ? limits.tries() : 0)) {
                if (spent >= limits.budget()) {
                    break;
                }
                CodeSpaceKMeans.Result tried = tryMoves(current, List.of(move), limits);
                if (better(tried, current)) {
                    next = tried;
                    applied = 1;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            LOG.debug("split/merge search round {}: {} move(s), inertia {} -> {}, {} passes so far", round, applied,
                    current.inertia(), next.inertia(), spent);
            current = next;
            if (moves + applied > accepted.length) {
                accepted = Arrays.copyOf(accepted, 2 * (moves + applied));
            }
            for (int i = 0; i < applied; i++) {
                accepted[moves + i] = next.inertia();
            }
            moves += applied;
        }
        return new Outcome(current, moves, Arrays.copyOf(accepted, moves));
    }

    private static boolean better(CodeSpaceKMeans.Result tried, CodeSpaceKMeans.Result current) {
        return tried.inertia() < current.inertia() * (1 - MIN_RELATIVE_GAIN);
    }

    private CodeSpaceKMeans.Result tryMoves(CodeSpaceKMeans.Result current, List<Move> batch, Limits limits) {
        float[] centers = current.centers().clone();
        long[] sizes = current.clusterSizes();
        int dim = books.dim;
        for (Move move : batch) {
            int a = move.mergeA();
            int b = move.mergeB();
            long total = sizes[a] + sizes[b];
            float[] old = current.centers();
            for (int j = 0; j < dim; j++) {
                double merged = total > 0
                        ? (sizes[a] * (double) old[a * dim + j] + sizes[b] * (double) old[b * dim + j]) / total
                        : old[b * dim + j];
                centers[b * dim + j] = (float) merged;
            }
            System.arraycopy(move.first(), 0, centers, a * dim, dim);
            System.arraycopy(move.second(), 0, centers, move.split() * dim, dim);
        }
        // From the current labels: only the moved centers changed, so the trial's passes are incremental.
        CodeSpaceKMeans.Result result = allCodes.lloydFrom(current, centers, limits.iterations(), tolerance);
        spent += result.iterationsRun() + 1;
        return result;
    }

    /** The candidate moves of this round, best first. */
    private List<Move> moves(CodeSpaceKMeans.Result current, int round) {
        int m = books.m;
        float[] centers = current.centers();
        long[] sizes = current.clusterSizes();
        // Assign the estimation sample to the current centers (tables and buffers kept across rounds).
        int[] labels = estimationLabels;
        float[] distances = estimationDistances;
        CenterLookupTables tables = estimationTables == null
                ? CenterLookupTables.build(books, centers, k, lookupTableBytes, kernels, pool)
                : estimationTables.fill(centers, kernels, pool);
        estimationTables = tables;
        int blocks = (sampleRows + AssignmentPass.KERNEL_ROWS - 1) / AssignmentPass.KERNEL_ROWS;
        RowLabels known = sampleIsStore || sampleRowsInStore != null ? current.rowLabels() : null;
        long[] rowsInStore = sampleRowsInStore;
        pool.run(blocks, b -> {
            int from = b * AssignmentPass.KERNEL_ROWS;
            int len = Math.min(AssignmentPass.KERNEL_ROWS, sampleRows - from);
            if (known != null) {
                // The result's labels are the nearest of its centers: only their distances are needed (the same
                // float sums the kernel gives), not a scan of all K centers per round.
                for (int i = from; i < from + len; i++) {
                    labels[i] = known.get(rowsInStore == null ? i : rowsInStore[i]);
                    distances[i] = tables.distance(sampleCodes, i * m, labels[i]);
                }
            } else {
                tables.nearest(kernels, sampleCodes, from * m, len, m, books.ks, labels, distances, from);
            }
        });
        int[] memberCount = new int[k];
        double[] sampleError = new double[k];
        for (int i = 0; i < sampleRows; i++) {
            memberCount[labels[i]]++;
            sampleError[labels[i]] += distances[i];
        }
        int[][] members = new int[k][];
        for (int c = 0; c < k; c++) {
            members[c] = new int[memberCount[c]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < sampleRows; i++) {
            members[labels[i]][fill[labels[i]]++] = i;
        }
        // The clusters with the largest estimated error (full size times the sample's mean error).
        Integer[] order = new Integer[k];
        double[] estimatedError = new double[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
            estimatedError[c] = memberCount[c] >= 2 ? sampleError[c] / memberCount[c] * sizes[c] : 0;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -estimatedError[c]).thenComparingInt(c -> c));
        int splitCount = 0;
        while (splitCount < Math.min(SPLIT_CANDIDATES, k) && estimatedError[order[splitCount]] > 0) {
            splitCount++;
        }
        int[] splitClusters = new int[splitCount];
        for (int i = 0; i < splitCount; i++) {
            splitClusters[i] = order[i];
        }
        ClusterSplit.Result[] results = new ClusterSplit.Result[k];
        pool.run(splitCount, i -> {
            int c = splitClusters[i];
            if (splitCache[c] != null && splitCache[c].stillValid(centers, c, books.dim, memberCount[c],
                    sampleError[c])) {
                results[c] = splitCache[c].split();
            } else {
                results[c] = ClusterSplit.split(books, sampleCodes, members[c], memberCount[c], splitSeed(c, round));
                splitCache[c] = new CachedSplit(Arrays.copyOfRange(centers, c * books.dim, (c + 1) * books.dim),
                        memberCount[c], results[c]);
            }
        });
        List<Move> moves = new ArrayList<>();
        Merges merges = cheapestMerges(centers, sizes);
        long[] pairs = merges.pairs();
        for (int c : splitClusters) {
            ClusterSplit.Result split = results[c];
            if (split.first() == null || !(split.gain() > 0)) {
                continue;
            }
            double gain = split.gain() * sizes[c] / split.members();
            for (int p = 0; p < pairs.length; p++) {
                int a = (int) (pairs[p] >>> 32);
                int b = (int) pairs[p];
                if (a != c && b != c) {
                    moves.add(new Move(c, a, b, gain - merges.costs()[p], split.first(), split.second()));
                }
            }
        }
        moves.sort(BEST_FIRST);
        return moves;
    }

    /**
     * A cluster's split from an earlier round, reused while the cluster has the same sample members count
     * and its center moved by less than {@link #REUSE_SHIFT} of its members' mean squared distance: after a
     * move, Lloyd re-balances the clusters near it and leaves the others (nearly) where they were, so most
     * splits need not be recomputed.
     */
    private record CachedSplit(float[] center, int members, ClusterSplit.Result split) {
        boolean stillValid(float[] centers, int cluster, int dim, int memberCount, double sampleError) {
            if (memberCount != members || memberCount == 0) {
                return false;
            }
            double shift = 0;
            for (int j = 0; j < dim; j++) {
                double d = (double) centers[cluster * dim + j] - center[j];
                shift += d * d;
            }
            return shift <= REUSE_SHIFT * sampleError / memberCount;
        }
    }

    /** Largest center shift (relative to the members' mean squared distance) for which a split is reused. */
    static final double REUSE_SHIFT = 1e-4;

    private final CachedSplit[] splitCache;
    /** The estimation sample's labels, distances and center tables of the current round. */
    private final int[] estimationLabels;
    private final float[] estimationDistances;
    private CenterLookupTables estimationTables;
    /** Assignment passes over the store spent by tried moves in the current run. */
    private int spent;

    /**
     * The {@value #MERGE_CANDIDATES} pairs {@code (a << 32) | b}, {@code a < b}, whose merge costs least
     * (ties: lowest {@code a}, then {@code b}), with their costs.
     */
    private Merges cheapestMerges(float[] centers, long[] sizes) {
        int dim = books.dim;
        int keep = Math.min(MERGE_CANDIDATES, k * (k - 1) / 2);
        // Per first center a, its cheapest partners b > a; then the overall cheapest from those lists.
        double[][] costByA = new double[k][];
        int[][] partnerByA = new int[k][];
        pool.run(k, a -> {
            double[] best = new double[keep];
            int[] partner = new int[keep];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            Arrays.fill(partner, -1);
            for (int b = a + 1; b < k; b++) {
                long total = sizes[a] + sizes[b];
                double cost = 0;
                if (total > 0) {
                    // The kernel's float sum: the costs only rank and filter the moves.
                    double d = kernels.squaredDistance(centers, a * dim, centers, b * dim, dim);
                    cost = (double) sizes[a] * sizes[b] / total * d;
                }
                if (cost < best[keep - 1]) {
                    int at = keep - 1;
                    while (at > 0 && cost < best[at - 1]) {
                        best[at] = best[at - 1];
                        partner[at] = partner[at - 1];
                        at--;
                    }
                    best[at] = cost;
                    partner[at] = b;
                }
            }
            costByA[a] = best;
            partnerByA[a] = partner;
        });
        long[] pairs = new long[keep];
        double[] costs = new double[keep];
        Arrays.fill(costs, Double.POSITIVE_INFINITY);
        int filled = 0;
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < keep && partnerByA[a][i] >= 0; i++) {
                double cost = costByA[a][i];
                if (filled == keep && !(cost < costs[keep - 1])) {
                    break;
                }
                int at = Math.min(filled, keep - 1);
                while (at > 0 && cost < costs[at - 1]) {
                    costs[at] = costs[at - 1];
                    pairs[at] = pairs[at - 1];
                    at--;
                }
                costs[at] = cost;
                pairs[at] = ((long) a << 32) | partnerByA[a][i];
                filled = Math.min(keep, filled + 1);
            }
        }
        return new Merges(Arrays.copyOf(pairs, filled), Arrays.copyOf(costs, filled));
    }

    /**
     * The moves worth a Lloyd run: those whose estimated net loss is below {@link #MAX_ESTIMATED_LOSS} of the
     * objective. On well-separated clusters every merge costs far more than any split gains, so the search
     * ends without a single try; the moves that escape real local optima were estimated within a fraction of
     * a percent of break-even.
     */
    private static List<Move> plausible(List<Move> moves, double inertia) {
        double floor = -MAX_ESTIMATED_LOSS * inertia;
        List<Move> out = new ArrayList<>();
        for (Move move : moves) {
            if (move.net() >= floor) {
                out.add(move);
            }
        }
        return out;
    }

    /**
     * The moves to try one at a time, best first: up to {@code count} with a split cluster and a merge pair
     * not tried before in the round (the next-best move usually shares the best one's merge or split, and
     * trying it again after that failed rarely helps); when that leaves tries unused, the best moves of the
     * clusters not split yet, whatever their merge. Those catch what the first rule misses: when one pair is
     * far cheaper than any other (two centers sharing one true cluster), the plausible moves all merge it,
     * and the split that pays with it (a small true cluster under a large one's center) is rarely the split
     * whose estimate is largest.
     */
    private static List<Move> diverse(List<Move> candidates, int count) {
        List<Move> out = new ArrayList<>();
        List<Integer> splitsTried = new ArrayList<>();
        List<Long> pairsTried = new ArrayList<>();
        for (Move move : candidates) {
            if (out.size() == count) {
                break;
            }
            long pair = ((long) move.mergeA() << 32) | move.mergeB();
            if (splitsTried.contains(move.split()) || pairsTried.contains(pair)) {
                continue;
            }
            out.add(move);
            splitsTried.add(move.split());
            pairsTried.add(pair);
        }
        for (Move move : candidates) {
            if (out.size() == count) {
                break;
            }
            if (!splitsTried.contains(move.split())) {
                out.add(move);
                splitsTried.add(move.split());
            }
        }
        return out;
    }

    /** Up to {@code count} moves, best first, no cluster in two of them; only moves estimated to gain. */
    private static List<Move> disjoint(List<Move> candidates, int count) {
        List<Move> out = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (Move move : candidates) {
            if (out.size() == count || !(move.net() > 0)) {
                break;
            }
            if (used.contains(move.split()) || used.contains(move.mergeA()) || used.contains(move.mergeB())) {
                continue;
            }
            out.add(move);
            used.add(move.split());
            used.add(move.mergeA());
            used.add(move.mergeB());
        }
        return out;
    }

    private long splitSeed(int cluster, int round) {
        long z = seed ^ (0x9E3779B97F4A7C15L * (cluster + 1)) ^ (0xC2B2AE3D27D4EB4FL * (round + 1));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
