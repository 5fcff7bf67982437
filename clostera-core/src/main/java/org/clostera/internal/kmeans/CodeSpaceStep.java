package org.clostera.internal.kmeans;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;

/**
 * One code-space Lloyd iteration cut at the seam a distributed engine needs (used by clostera-spark):
 * every worker runs {@link #assign} on its slice of the codes, which is the single-machine assignment
 * ({@link CenterLookupTables} and {@link AssignmentPass}, the same kernel, so the same labels); the driver
 * adds the slices' per-cluster code histograms (integer counts, so the sum is exact in any order) and moves
 * the centers with {@link #update}, the update of {@link CodeSpaceKMeans}'s Lloyd loop
 * ({@link HistogramCenters}). Clusters left empty are re-seeded by the rule of
 * {@link EmptyClusterReseeding}: each slice offers its farthest codes per fixed chunk of
 * {@link #CHUNK_ROWS} global rows ({@link #reseedCandidates}), the driver keeps the same per-chunk best as the
 * single-machine pass ({@link #farthestPerChunk}) and picks from them ({@link #reseed}).
 *
 * <p>The split/merge refinement around Lloyd is cut at the same seam: {@link #start} runs what
 * {@link CodeSpaceKMeans}'s run computes from samples before its main Lloyd run (the driver holds the sampled
 * codes, {@link #startRows}), and {@link #refine} the search over all codes after it, each tried move's Lloyd
 * run delegated to an {@link AllCodesLloyd} (distributed passes built from {@link #assign} and
 * {@link #update}). Together they give {@code run}'s result.
 *
 * <p>Thread-safe and cheap to build from an encoder; one per worker JVM is enough.
 */
public final class CodeSpaceStep {
    /** Rows of the fixed chunks the single-machine pass reads; re-seeding keeps its candidates per chunk. */
    public static final int CHUNK_ROWS = AssignmentPass.CHUNK_ROWS;

    private static final String SOURCE = "code slice";
    private static final String SAMPLE_SOURCE = "code sample";
    private static final Comparator<Candidate> FARTHEST_FIRST =
            Comparator.comparingDouble((Candidate c) -> -c.distance()).thenComparingLong(Candidate::row);

    private final CodingSpaceCodebooks books;
    private final Kernels kernels;

    private CodeSpaceStep(CodingSpaceCodebooks books, Kernels kernels) {
        this.books = books;
        this.kernels = kernels;
    }

    /** The step for the code space of {@code encoder}. */
    public static CodeSpaceStep of(Encoder encoder) {
        return new CodeSpaceStep(CodingSpaceCodebooks.of(encoder), KernelsProvider.get());
    }

    /** Length of the per-cluster histograms of {@code k} clusters: {@code k x M x Ks}. */
    public int histogramLength(int k) {
        long length = (long) k * books.m * books.ks;
        if (length > Integer.MAX_VALUE - 16) {
            throw new InvalidParameterException("k = " + k + " is too large for M = " + books.m + ", Ks = "
                    + books.ks + ": the per-cluster histograms (k x M x Ks) exceed the largest Java array");
        }
        return (int) length;
    }

    /**
     * Assignment of one slice of codes.
     *
     * @param labels    nearest center of every code of the slice
     * @param histogram per-cluster code counts {@code [k][M][Ks]} of the slice
     * @param inertia   sum of the codes' squared distances to their centers (coding space)
     */
    public record Slice(int[] labels, int[] histogram, double inertia) {
    }

    /** Nearest of the {@code k} coding-space centers ({@code k x D}) for the {@code n} codes of {@code codes}. */
    public Slice assign(byte[] codes, int n, float[] centers, int k, long lookupTableBytes) {
        return assign(codes, n, tables(centers, k, lookupTableBytes));
    }

    /**
     * The distance tables of a set of centers ({@code K x M x Ks} floats), read-only once built: a worker
     * assigning many slices to the same centers builds them once ({@link #assign(byte[], int, Tables)}).
     */
    public static final class Tables {
        private final CenterLookupTables tables;

        private Tables(CenterLookupTables tables) {
            this.tables = tables;
        }

        /** Centers in the tables. */
        public int k() {
            return tables.k;
        }
    }

    /** The tables of the {@code k} coding-space centers ({@code k x D}), tiles of at most {@code lookupTableBytes}. */
    public Tables tables(float[] centers, int k, long lookupTableBytes) {
        requireCenters(centers, k);
        try (WorkerPool pool = new WorkerPool(1)) {
            return new Tables(CenterLookupTables.build(books, centers, k, lookupTableBytes, kernels, pool));
        }
    }

    /**
     * {@link #assign(byte[], int, float[], int, long)} with the centers' tables built already: the same slice.
     * Thread-safe: any number of slices may be assigned to the same tables at once.
     */
    public Slice assign(byte[] codes, int n, Tables tables) {
        int k = tables.k();
        if (n == 0) {
            return new Slice(new int[0], new int[histogramLength(k)], 0);
        }
        try (WorkerPool pool = new WorkerPool(1)) {
            AssignmentPass pass = new AssignmentPass(new ByteArrayCodeStore(codes, n, books.m), books, k, kernels,
                    pool, true, SOURCE);
            RowLabels labels = new RowLabels(n, -1);
            AssignmentPass.Outcome outcome = pass.run(tables.tables, labels, false);
            return new Slice(labels.toArray(), outcome.histogram(), outcome.inertia());
        }
    }

    /**
     * The center update from the summed histogram of all codes.
     *
     * @param centers next centers ({@code k x D}); empty clusters keep their previous center
     * @param sizes   members per cluster
     */
    public record Update(float[] centers, long[] sizes) {
        /** Indices of the clusters without members, ascending. */
        public int[] emptyClusters() {
            return java.util.stream.IntStream.range(0, sizes.length).filter(c -> sizes[c] == 0).toArray();
        }
    }

    /** Centers moved to the mean of their members' decoded codes ({@code histogram} summed over all slices). */
    public Update update(int[] histogram, float[] centers, int k) {
        requireCenters(centers, k);
        if (histogram.length != histogramLength(k)) {
            throw new InvalidParameterException("histogram has " + histogram.length + " counts, expected k x M x Ks = "
                    + histogramLength(k));
        }
        long[] sizes = HistogramCenters.sizes(histogram, k, books.m, books.ks);
        float[] next = centers.clone();
        try (WorkerPool pool = new WorkerPool(1)) {
            HistogramCenters.update(histogram, sizes, books, next, pool);
        }
        return new Update(next, sizes);
    }

    /**
     * A code that may become the center of an empty cluster.
     *
     * @param row      global row of the code
     * @param distance squared distance to its current center (coding space)
     * @param label    its current cluster (the donor)
     * @param code     the code's M bytes
     */
    public record Candidate(long row, float distance, int label, byte[] code) implements Serializable {
    }

    /** Candidates kept per chunk, as the single-machine pass keeps them. */
    static int keep(int emptyClusters) {
        return (int) Math.min(CHUNK_ROWS, 2L * emptyClusters + 16);
    }

    /**
     * The re-seeding candidates of one slice ({@code n} codes from global row {@code firstRow}), assigned to
     * the pre-update {@code centers}: per global chunk, the farthest codes from their center that sit off it
     * and whose cluster keeps another member ({@code sizes} from the same assignment).
     */
    public List<Candidate> reseedCandidates(byte[] codes, int n, long firstRow, float[] centers, int k, long[] sizes,
                                            int emptyClusters, long lookupTableBytes) {
        requireCenters(centers, k);
        List<Candidate> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        int m = books.m;
        int[] nearest = new int[n];
        float[] distance = new float[n];
        try (WorkerPool pool = new WorkerPool(1)) {
            CenterLookupTables tables = CenterLookupTables.build(books, centers, k, lookupTableBytes, kernels, pool);
            for (int i = 0; i < n; i += AssignmentPass.KERNEL_ROWS) {
                int len = Math.min(AssignmentPass.KERNEL_ROWS, n - i);
                tables.nearest(kernels, codes, i * m, len, m, books.ks, nearest, distance, i);
            }
        }
        int keep = keep(emptyClusters);
        int i = 0;
        while (i < n) {
            long chunk = (firstRow + i) / CHUNK_ROWS;
            int end = (int) Math.min(n, (chunk + 1) * CHUNK_ROWS - firstRow);
            PriorityQueue<Candidate> best = new PriorityQueue<>(keep + 1, FARTHEST_FIRST.reversed());
            for (; i < end; i++) {
                if (distance[i] > 0f && sizes[nearest[i]] > 1) {
                    best.add(new Candidate(firstRow + i, distance[i], nearest[i],
                            Arrays.copyOfRange(codes, i * m, (i + 1) * m)));
                    if (best.size() > keep) {
                        best.poll();
                    }
                }
            }
            out.addAll(best);
        }
        return out;
    }

    /**
     * The candidates of all slices reduced to the best of each global chunk: what the single-machine pass
     * keeps, whatever the slices were.
     */
    public static List<Candidate> farthestPerChunk(List<Candidate> all, int emptyClusters) {
        Map<Long, List<Candidate>> byChunk = new TreeMap<>();
        for (Candidate c : all) {
            byChunk.computeIfAbsent(c.row() / CHUNK_ROWS, x -> new ArrayList<>()).add(c);
        }
        int keep = keep(emptyClusters);
        List<Candidate> out = new ArrayList<>();
        for (List<Candidate> chunk : byChunk.values()) {
            chunk.sort(FARTHEST_FIRST);
            out.addAll(chunk.subList(0, Math.min(keep, chunk.size())));
        }
        return out;
    }

    /**
     * Re-seeds the empty clusters (ascending) of {@code update} from {@code candidates}
     * ({@link #farthestPerChunk}), farthest first, at most {@code size - 1} codes per donor cluster and no
     * code twice, writing their rows of {@code update.centers()}.
     *
     * @return how many clusters were re-seeded
     */
    public int reseed(List<Candidate> candidates, Update update) {
        int[] empty = update.emptyClusters();
        long[] sizes = update.sizes();
        float[] centers = update.centers();
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(FARTHEST_FIRST);
        long[] donations = new long[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            donations[c] = Math.max(0, sizes[c] - 1);
        }
        List<byte[]> chosen = new ArrayList<>();
        int next = 0;
        for (Candidate candidate : sorted) {
            if (next == empty.length) {
                break;
            }
            if (donations[candidate.label()] == 0 || chosen.stream().anyMatch(o -> Arrays.equals(o, candidate.code()))) {
                continue;
            }
            donations[candidate.label()]--;
            chosen.add(candidate.code());
            books.decode(candidate.code(), 0, centers, empty[next] * books.dim);
            next++;
        }
        return next;
    }

    /**
     * What a refined fit computes from samples alone, before its main Lloyd run: the seeding (or the given
     * start, e.g. auto-K's), the split/merge search on the seeding sample, and the sample the search over all
     * codes will estimate its splits on.
     */
    public static final class Start {
        private final float[] centers;
        private final SeedingSample searchSample;
        private final int sampleMoves;
        private final double sampleSearchSeconds;

        private Start(float[] centers, SeedingSample searchSample, int sampleMoves, double sampleSearchSeconds) {
            this.centers = centers;
            this.searchSample = searchSample;
            this.sampleMoves = sampleMoves;
            this.sampleSearchSeconds = sampleSearchSeconds;
        }

        /** The centers the main Lloyd run starts from ({@code k x D}, a copy). */
        public float[] centers() {
            return centers.clone();
        }

        /** Split/merge moves the search on the seeding sample accepted. */
        public int sampleMoves() {
            return sampleMoves;
        }
    }

    /**
     * The rows {@link #start} reads from a store of {@code rows} codes (ascending): the seeding sample (the rows
     * {@code SeedingSample.draw} takes) and, with the refinement, the search's own larger sample
     * ({@code CodeSpaceKMeans.searchSample}). A caller that holds the codes elsewhere collects these rows.
     */
    public long[] startRows(long rows, int k, CodeSpaceKMeans.Options options) {
        long[] seeding = SeedingSample.rows(rows, books.m, k, options.seedingSampleRows(), options.seed());
        long wanted = CodeSpaceKMeans.searchSampleRows(k);
        if (!options.refinement() || !SplitMergeSearch.applies(k) || seeding.length >= wanted
                || seeding.length >= rows) {
            return seeding;
        }
        long[] search = SeedingSample.rows(rows, books.m, k, (int) wanted,
                options.seed() ^ CodeSpaceKMeans.SEARCH_SAMPLE_SEED);
        return LongStream.concat(Arrays.stream(seeding), Arrays.stream(search)).sorted().distinct().toArray();
    }

    /**
     * The start of {@code CodeSpaceKMeans.run} on {@code codes} (all N codes, or an N-row store holding at least
     * {@link #startRows}): from {@code initialCenters} (copied) when given, else the seeding; with the
     * refinement, the search on the seeding sample (when N exceeds it). The same steps and results as
     * {@code run}'s, which {@link #refine} then continues after the main Lloyd run.
     */
    public Start start(CodeStore codes, int k, float[] initialCenters, CodeSpaceKMeans.Options options,
                       WorkerPool pool) {
        if (initialCenters != null) {
            requireCenters(initialCenters, k);
        }
        boolean refine = options.refinement() && SplitMergeSearch.applies(k);
        SeedingSample sample = null;
        float[] centers;
        int sampleMoves = 0;
        double sampleSearchSeconds = 0;
        if (initialCenters != null) {
            centers = initialCenters.clone();
        } else {
            sample = SeedingSample.draw(codes, books, k, options.seedingSampleRows(), options.seed(), kernels, pool,
                    SAMPLE_SOURCE);
            centers = CodeSpaceKMeans.seed(sample, k, options, pool);
            if (refine && sample.n < codes.rows()) {
                long searchStart = System.nanoTime();
                sample = CodeSpaceKMeans.searchSample(sample, codes, books, k, options, kernels, pool);
                SplitMergeSearch.Outcome searched = CodeSpaceKMeans.searchOnSample(sample, codes.rows(), k, centers,
                        options, kernels, pool);
                centers = searched.result().centers();
                sampleMoves = searched.moves();
                sampleSearchSeconds = (System.nanoTime() - searchStart) / 1e9;
            }
        }
        if (refine && sample == null) {
            // run() draws it after the main Lloyd run; the codes are the same, so drawing it now is the same.
            sample = CodeSpaceKMeans.searchSample(SeedingSample.draw(codes, books, k, options.seedingSampleRows(),
                    options.seed(), kernels, pool, SAMPLE_SOURCE), codes, books, k, options, kernels, pool);
        }
        return new Start(centers, refine ? sample : null, sampleMoves, sampleSearchSeconds);
    }

    /**
     * {@code CodeSpaceKMeans.run} after its main Lloyd run {@code lloyd} (sizes and inertia history set, labels
     * not needed): with the refinement, the split/merge search over all codes, each trial's Lloyd passes run by
     * {@code allCodes}; without it {@code lloyd} itself. The history, moves and refine seconds are those of
     * {@code run}'s result.
     */
    public CodeSpaceKMeans.Result refine(Start start, AllCodesLloyd allCodes, CodeSpaceKMeans.Result lloyd,
                                         CodeSpaceKMeans.Options options, WorkerPool pool) {
        if (start.searchSample == null) {
            return lloyd;
        }
        return CodeSpaceKMeans.searchOnAllCodes(allCodes, books, lloyd.k(), lloyd, start.searchSample,
                start.sampleMoves, start.sampleSearchSeconds, options, kernels, pool);
    }

    private void requireCenters(float[] centers, int k) {
        if (k < 1) {
            throw new InvalidParameterException("k must be >= 1, got " + k);
        }
        if (centers == null || centers.length != (long) k * books.dim) {
            throw new InvalidParameterException("centers have " + (centers == null ? "no" : centers.length)
                    + " floats, expected k x D = " + k + " x " + books.dim);
        }
    }
}
