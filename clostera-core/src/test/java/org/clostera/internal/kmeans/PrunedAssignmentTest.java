package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pruned assignment gives the full scan's labels, centers and inertia, bit for bit. */
class PrunedAssignmentTest {
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    /** Codebooks of Gaussian codewords over {@code dim = 2m} dimensions. */
    static PQEncoder encoder(int m, int ks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SubspaceLayout layout = SubspaceLayout.of(2 * m, m);
        float[][] books = new float[m][];
        for (int s = 0; s < m; s++) {
            books[s] = new float[ks * layout.width(s)];
            for (int i = 0; i < books[s].length; i++) {
                books[s][i] = (float) random.nextGaussian();
            }
        }
        return PQEncoder.fromCodebooks(layout, ks, books, 1);
    }

    /**
     * {@code n} codes: uniform random bytes, or (clustered) copies of {@code prototypes} random codes with
     * each byte redrawn with probability 0.25.
     */
    static byte[] codes(int n, int m, int ks, int prototypes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] codes = new byte[n * m];
        if (prototypes == 0) {
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(ks);
            }
            return codes;
        }
        byte[] proto = new byte[prototypes * m];
        for (int i = 0; i < proto.length; i++) {
            proto[i] = (byte) random.nextInt(ks);
        }
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(prototypes);
            for (int s = 0; s < m; s++) {
                codes[i * m + s] = random.nextDouble() < 0.25 ? (byte) random.nextInt(ks) : proto[p * m + s];
            }
        }
        return codes;
    }

    @ParameterizedTest(name = "K={0} M={1} Ks={2} rows={3} prototypes={4} tableBytes={5} threads={6} refine={7}")
    @CsvSource({
            // tiny tables: one center per tile and group
            "3, 4, 16, 20000, 0, 256, 1, false",
            "17, 4, 16, 20000, 40, 1024, 3, true",
            "64, 1, 256, 20000, 128, 16384, 1, false",
            "64, 16, 16, 17000, 0, 16384, 3, false",
            // default tables: groups of 32 centers, pieces of larger tiles at Ks = 16
            "300, 16, 16, 18000, 0, 4194304, 3, false",
            "130, 4, 64, 5000, 260, 4194304, 1, true",
            "1000, 4, 256, 8000, 2000, 4194304, 3, false",
            "1000, 16, 256, 3000, 0, 4194304, 1, false",
            "700, 8, 256, 5000, 0, 4194304, 3, false",
            "2000, 4, 256, 6000, 3000, 4194304, 3, false",
            // many small tiles, several tiles per group
            "1000, 4, 16, 8000, 1500, 8192, 3, false",
            // blocks of several chunks (AssignmentBounds.blockChunks), the last one partial
            "96, 4, 16, 82000, 300, 4194304, 1, false",
            "96, 4, 16, 200000, 0, 4194304, 3, false",
    })
    void prunedRunEqualsFullScan(int k, int m, int ks, int rows, int prototypes, long tableBytes, int threads,
                                 boolean refinement) {
        PQEncoder encoder = encoder(m, ks, 7 + k);
        HeapCodeStore store = HeapCodeStore.copyOf(codes(rows, m, ks, prototypes, 100 + k), m);
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(5).withIterations(12)
                .withTolerance(0).withLookupTableBytes(tableBytes).withRefinement(refinement).withSeedingRestarts(1);
        WorkerPool pool = threads == 1 ? ONE : THREE;
        CodeSpaceKMeans.Result full = CodeSpaceKMeans.run(store, encoder, k, options.withPruning(false), pool);
        CodeSpaceKMeans.Result pruned = CodeSpaceKMeans.run(store, encoder, k, options, pool);

        assertThat(pruned.labels()).isEqualTo(full.labels());
        assertThat(bits(pruned.centers())).isEqualTo(bits(full.centers()));
        assertThat(pruned.inertiaHistory()).isEqualTo(full.inertiaHistory());
        assertThat(pruned.inertia()).isEqualTo(full.inertia());
        assertThat(pruned.clusterSizes()).isEqualTo(full.clusterSizes());
        assertThat(pruned.iterationsRun()).isEqualTo(full.iterationsRun()).isPositive();
        assertThat(full.prunedFractionHistory()).hasSize(full.iterationsRun() + 1).containsOnly(0.0);
        assertThat(pruned.prunedFractionHistory()).hasSize(pruned.iterationsRun() + 1);
        // The first pass has no bounds yet; only the 8-bit pre-filter can skip float scans there.
        assertThat(pruned.prunedFractionHistory()[0]).isBetween(0.0, 1.0);
        // Pruning did skip work (so the equality above is not vacuous).
        assertThat(Arrays.stream(pruned.prunedFractionHistory()).max().orElseThrow()).isGreaterThan(0.2);
    }

    /**
     * From {@link AssignmentBounds#MIN_PREFILTER_GROUPS} groups on, passes also pre-filter groups with 8-bit tables
     * ({@link QuantizedGroupTables}): still the full scan's labels, centers and inertia, and the first pass, which
     * has no bounds, skips float scans only through the pre-filter.
     */
    @ParameterizedTest
    @CsvSource({
            "2100, 4, 256, 6000, 3000, 4194304, 3",
            "2500, 16, 16, 5000, 0, 4194304, 1",
            "2048, 8, 256, 7000, 500, 65536, 3",
    })
    void prefilteredRunEqualsFullScan(int k, int m, int ks, int rows, int prototypes, long tableBytes, int threads) {
        PQEncoder encoder = encoder(m, ks, 11 + k);
        HeapCodeStore store = HeapCodeStore.copyOf(codes(rows, m, ks, prototypes, 200 + k), m);
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(3).withIterations(8)
                .withTolerance(0).withLookupTableBytes(tableBytes).withRefinement(false).withSeedingRestarts(1);
        WorkerPool pool = threads == 1 ? ONE : THREE;
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        AssignmentBounds planned = AssignmentBounds.plan(rows, k, CenterLookupTables.tileSize(k, m, ks, tableBytes),
                1L << 30, books, new float[k * books.dim], threads);
        assertThat(planned.prefilters()).isTrue();

        CodeSpaceKMeans.Result full = CodeSpaceKMeans.run(store, encoder, k, options.withPruning(false), pool);
        CodeSpaceKMeans.Result pruned = CodeSpaceKMeans.run(store, encoder, k, options.withBoundBytes(1L << 30), pool);

        assertThat(pruned.labels()).isEqualTo(full.labels());
        assertThat(bits(pruned.centers())).isEqualTo(bits(full.centers()));
        assertThat(pruned.inertiaHistory()).isEqualTo(full.inertiaHistory());
        assertThat(pruned.clusterSizes()).isEqualTo(full.clusterSizes());
        assertThat(pruned.prunedFractionHistory()[0]).isGreaterThan(0.2);
    }

    /** The pre-filter needs enough groups, narrow ones (its bound covers a whole group), and room in the budget. */
    @org.junit.jupiter.api.Test
    void prefilterNeedsManyNarrowGroupsAndRoom() {
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder(8, 256, 3));
        long rows = 10_000_000; // plans only: no bound is allocated
        int k = 8192;
        int tileSize = CenterLookupTables.tileSize(k, 8, 256, 4L << 20);
        float[] centers = new float[k * books.dim];
        long tables = (long) k * 8 * 256; // the 8-bit tables, 16 MiB: half a group's bounds here
        // Room for 256 groups (32 centers each) and the tables: on.
        AssignmentBounds narrow = AssignmentBounds.plan(rows, k, tileSize, AssignmentBounds.bytes(rows, 256) + tables,
                books, centers, 2);
        assertThat(narrow.groups.count()).isEqualTo(256);
        assertThat(narrow.prefilters()).isTrue();
        // Room for 64 groups and the tables: groups of 128 centers, off.
        AssignmentBounds wide = AssignmentBounds.plan(rows, k, tileSize, AssignmentBounds.bytes(rows, 64) + tables,
                books, centers, 2);
        assertThat(wide.groups.count()).isEqualTo(64);
        assertThat(wide.prefilters()).isFalse();
        // Room for 256 groups but not the tables: off.
        AssignmentBounds tight = AssignmentBounds.plan(rows, k, tileSize, AssignmentBounds.bytes(rows, 256), books,
                centers, 2);
        assertThat(tight.groups.count()).isEqualTo(256);
        assertThat(tight.prefilters()).isFalse();
        // 2,000 centers: 63 groups of 32, off.
        AssignmentBounds few = AssignmentBounds.plan(rows, 2000, CenterLookupTables.tileSize(2000, 8, 256, 4L << 20),
                1L << 40, books, new float[2000 * books.dim], 2);
        assertThat(few.groups.count()).isEqualTo(63);
        assertThat(few.prefilters()).isFalse();
    }

    /**
     * Exact ties: duplicated centers (moving identically) tie on every code, and the lower index must win
     * in every pruned pass, as in the full scan, whether the copies share a group or not (the spatial
     * order puts them side by side); inertia and histograms match.
     */
    @Test
    void duplicateCentersInOtherGroupsKeepTheLowestIndex() {
        int m = 4;
        int ks = 16;
        int k = 256;
        int n = AssignmentPass.CHUNK_ROWS + 777;
        PQEncoder encoder = encoder(m, ks, 3);
        byte[] bytes = codes(n, m, ks, 50, 4);
        HeapCodeStore store = HeapCodeStore.copyOf(bytes, m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        Kernels kernels = KernelsProvider.get();
        int dim = books.dim;
        SplittableRandom random = new SplittableRandom(9);
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        // Tiles of 16 centers (1 KiB each): groups of whole tiles; centers 200.. copy 5.., 130.. copy 70..
        long tableBytes = 16L * m * ks * 4;
        CenterLookupTables tables = CenterLookupTables.build(books, centers, k, tableBytes, kernels, THREE);
        AssignmentBounds bounds = AssignmentBounds.plan(n, k, tables.tileSize, 1L << 30, books, centers, 3);
        assertThat(bounds.groups.count()).isEqualTo(16);
        CenterLookupTables arrangedTables = CenterLookupTables.build(books, bounds.arrange(centers, dim), k,
                tableBytes, kernels, THREE);
        AssignmentPass fullPass = new AssignmentPass(store, books, k, kernels, THREE, true, "test");
        AssignmentPass prunedPass = new AssignmentPass(store, books, k, kernels, THREE, true, "test", bounds);
        RowLabels fullLabels = new RowLabels(n, -1);
        RowLabels prunedLabels = new RowLabels(n, -1);
        double[] drift = null;
        long skipped = 0;
        for (int round = 0; round < 6; round++) {
            if (round > 0) {
                float[] next = centers.clone();
                for (int i = 0; i < next.length; i++) {
                    next[i] += (float) (0.02 * random.nextGaussian());
                }
                duplicate(next, dim, 5, 200, 30);
                duplicate(next, dim, 70, 130, 20);
                drift = bounds.drift(centers, next);
                centers = next;
            } else {
                duplicate(centers, dim, 5, 200, 30);
                duplicate(centers, dim, 70, 130, 20);
            }
            tables.fill(centers, kernels, THREE);
            arrangedTables.fill(bounds.arrange(centers, dim), kernels, THREE);
            AssignmentPass.Outcome full = fullPass.run(tables, fullLabels, false);
            int[] fullHistogram = full.histogram().clone();
            AssignmentPass.Outcome pruned = prunedPass.run(arrangedTables, prunedLabels, false, drift);
            assertThat(prunedLabels.toArray()).isEqualTo(fullLabels.toArray());
            assertThat(pruned.inertia()).isEqualTo(full.inertia());
            assertThat(pruned.changed()).isEqualTo(full.changed());
            assertThat(pruned.histogram()).isEqualTo(fullHistogram);
            skipped += (long) n * k - pruned.evaluations();
        }
        // The duplicates are used (ties happen) and never win over their originals.
        long[] sizes = HistogramCenters.sizes(fullHistogram(prunedPass, arrangedTables, prunedLabels), k, m, ks);
        assertThat(sizes[5] + sizes[6] + sizes[70]).isPositive();
        for (int c = 200; c < 230; c++) {
            assertThat(sizes[c]).isZero();
        }
        assertThat(skipped).isPositive();
    }

    /**
     * Centers that step out and back every pass: summed drift grows by a step per pass while the displacement from a
     * kept pass of the same parity is zero, so with the last passes' centers kept ({@link BoundDecay}) the passes
     * evaluate far fewer distances; labels, inertia and histograms equal the full scan in every one of 20 passes (tags
     * reused; pass 7 starts from nothing again on the same bounds, as a new run would).
     */
    @Test
    void displacementFromKeptPassesSkipsMoreWithTheSameLabels() {
        int m = 4;
        int ks = 16;
        int k = 256;
        int n = AssignmentPass.CHUNK_ROWS + 777;
        PQEncoder encoder = encoder(m, ks, 3);
        HeapCodeStore store = HeapCodeStore.copyOf(codes(n, m, ks, 50, 4), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        Kernels kernels = KernelsProvider.get();
        int dim = books.dim;
        SplittableRandom random = new SplittableRandom(11);
        float[] home = new float[k * dim];
        float[] step = new float[k * dim];
        for (int i = 0; i < home.length; i++) {
            home[i] = (float) random.nextGaussian();
            step[i] = (float) (0.03 * random.nextGaussian());
        }
        long tableBytes = 16L * m * ks * 4;
        CenterLookupTables tables = CenterLookupTables.build(books, home, k, tableBytes, kernels, THREE);
        long[] evaluations = new long[2];
        for (int kept = 0; kept < 2; kept++) {
            AssignmentBounds probe = AssignmentBounds.plan(n, k, tables.tileSize, 1L << 30, books, home, 3);
            // Room for the bounds and the group minima only (no kept centers), or for everything.
            long budget = kept == 1 ? 1L << 30 : probe.bytes() - BoundDecay.centerBytes(k, dim);
            AssignmentBounds bounds = AssignmentBounds.plan(n, k, tables.tileSize, budget, books, home, 3);
            assertThat(bounds.groups.count()).isEqualTo(16);
            assertThat(bounds.bytes()).isEqualTo(kept == 1 ? probe.bytes() : budget);
            CenterLookupTables arrangedTables = CenterLookupTables.build(books, bounds.arrange(home, dim), k,
                    tableBytes, kernels, THREE);
            AssignmentPass fullPass = new AssignmentPass(store, books, k, kernels, THREE, true, "test");
            AssignmentPass prunedPass = new AssignmentPass(store, books, k, kernels, THREE, true, "test", bounds);
            RowLabels fullLabels = new RowLabels(n, -1);
            RowLabels prunedLabels = new RowLabels(n, -1);
            float[] centers = home.clone();
            double[] drift = null;
            for (int round = 0; round < 20; round++) {
                if (round > 0) {
                    float[] next = home.clone();
                    if (round % 2 == 1) {
                        for (int i = 0; i < next.length; i++) {
                            next[i] += step[i];
                        }
                    }
                    drift = bounds.drift(centers, next);
                    centers = next;
                }
                if (round == 7) {
                    // A new pass from nothing on bounds that already hold tags and kept centers.
                    prunedPass = new AssignmentPass(store, books, k, kernels, THREE, true, "test", bounds);
                    prunedLabels = new RowLabels(n, -1);
                    drift = null;
                }
                tables.fill(centers, kernels, THREE);
                arrangedTables.fill(bounds.arrange(centers, dim), kernels, THREE);
                AssignmentPass.Outcome full = fullPass.run(tables, fullLabels, false);
                int[] fullHistogram = full.histogram().clone();
                AssignmentPass.Outcome pruned = drift == null
                        ? prunedPass.run(arrangedTables, prunedLabels, false)
                        : prunedPass.run(arrangedTables, prunedLabels, false, drift);
                assertThat(prunedLabels.toArray()).as("pass %d", round).isEqualTo(fullLabels.toArray());
                assertThat(pruned.inertia()).isEqualTo(full.inertia());
                assertThat(pruned.histogram()).isEqualTo(fullHistogram);
                if (round >= 10) {
                    evaluations[kept] += pruned.evaluations();
                }
            }
        }
        // Measured: 3.7 million against 9.3 million over the last 10 passes.
        assertThat(evaluations[1]).isPositive().isLessThan(evaluations[0] / 2);
    }

    private static int[] fullHistogram(AssignmentPass pass, CenterLookupTables tables, RowLabels labels) {
        return pass.run(tables, labels, false, new double[16]).histogram();
    }

    private static void duplicate(float[] centers, int dim, int from, int to, int count) {
        System.arraycopy(centers, from * dim, centers, to * dim, count * dim);
    }

    /** The pruned run with the scalar kernels equals the full scan with the provider's (Vector API) kernels. */
    @Test
    void prunedScalarEqualsFullScanOfTheDefaultKernels() {
        int rows = 6000;
        PQEncoder encoder = encoder(4, 16, 5);
        HeapCodeStore store = HeapCodeStore.copyOf(codes(rows, 4, 16, 500, 6), 4);
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withIterations(8).withTolerance(0)
                .withRefinement(false).withSeedingRestarts(1);
        CodeSpaceKMeans.Result full = CodeSpaceKMeans.run(store, encoder, 200, null, options.withPruning(false), THREE,
                KernelsProvider.get());
        CodeSpaceKMeans.Result pruned = CodeSpaceKMeans.run(store, encoder, 200, null, options, THREE,
                KernelsProvider.scalar());
        assertThat(pruned.labels()).isEqualTo(full.labels());
        assertThat(bits(pruned.centers())).isEqualTo(bits(full.centers()));
        assertThat(pruned.inertiaHistory()).isEqualTo(full.inertiaHistory());
        assertThat(Arrays.stream(pruned.prunedFractionHistory()).max().orElseThrow()).isGreaterThan(0.2);
    }

    /**
     * Bound memory too small for two groups: no bounds; the first pass scans everything, later ones are
     * incremental ({@link ChangedCenters}); same result.
     */
    @Test
    void tooLittleBoundMemoryRunsWithoutBounds() {
        int rows = 3000;
        PQEncoder encoder = encoder(4, 16, 1);
        HeapCodeStore store = HeapCodeStore.copyOf(codes(rows, 4, 16, 400, 2), 4);
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withIterations(5).withRefinement(false)
                .withSeedingRestarts(1);
        CodeSpaceKMeans.Result roomy = CodeSpaceKMeans.run(store, encoder, 200, options, ONE);
        CodeSpaceKMeans.Result tight = CodeSpaceKMeans.run(store, encoder, 200,
                options.withBoundBytes(AssignmentBounds.bytes(rows, 2) - 1), ONE);
        assertThat(tight.prunedFractionHistory()[0]).isZero();
        assertThat(Arrays.stream(roomy.prunedFractionHistory()).max().orElseThrow()).isPositive();
        assertThat(tight.labels()).isEqualTo(roomy.labels());
        assertThat(tight.inertiaHistory()).isEqualTo(roomy.inertiaHistory());
    }

    @Test
    void blocksHoldSeveralChunksWithinTheirLimits() {
        int chunk = AssignmentPass.CHUNK_ROWS;
        // Two blocks per thread at least; codes of a block within BLOCK_CODE_BYTES; a block's bounds in one array;
        // the workers' buffers within an eighth of the bound budget.
        long roomy = 1L << 32;
        assertThat(AssignmentBounds.blockChunks(82_000, 4, 3, 1, roomy)).isEqualTo(3);
        assertThat(AssignmentBounds.blockChunks(200_000, 4, 3, 3, roomy)).isEqualTo(2);
        assertThat(AssignmentBounds.blockChunks(1_000_000, 16, 313, 2, roomy)).isEqualTo(15);
        assertThat(AssignmentBounds.blockChunks(1_000_000, 64, 313, 2, roomy)).isEqualTo(8);
        assertThat(AssignmentBounds.blockChunks(1_000_000_000L, 8, 3125, 32, roomy << 6)).isEqualTo(16);
        assertThat(AssignmentBounds.blockChunks(1_000_000_000L, 8, 50_000, 32, roomy << 6)).isEqualTo(1);
        assertThat((long) AssignmentBounds.blockChunks(1_000_000_000L, 8, 3125, 32, roomy << 6) * chunk * 3125)
                .isLessThan(Integer.MAX_VALUE);
        // 2 workers x 16,384 rows x 40 bytes = 1.25 MiB per chunk of a block: 80 MiB of bounds allow 8 chunks.
        assertThat(AssignmentBounds.blockChunks(1_000_000, 16, 313, 2, 80L << 20)).isEqualTo(8);
        assertThat(AssignmentBounds.blockChunks(1_000_000, 16, 313, 2, 8L << 20)).isEqualTo(1);
    }

    @Test
    void roundingMarginKeepsBoundsBelowExactDistances() {
        TableSumRounding rounding = new TableSumRounding(8, 16, 128);
        assertThat(rounding.relative()).isBetween(1.4e-6, 1.6e-6);
        assertThat(rounding.shiftedLowerBound(100f, 0)).isLessThan(10f).isGreaterThan(9.9999f);
        assertThat(rounding.shiftedLowerBound(0f, 0)).isZero();
        assertThat(rounding.shiftedLowerBound(Float.POSITIVE_INFINITY, 0)).isFinite();
        // Stored shifted by a group's summed drift: never above bound + shift, within a float of it.
        assertThat((double) rounding.shiftedLowerBound(100f, 1e6)).isLessThan(1e6 + 10).isGreaterThan(1e6 + 9.9);
        assertThat(rounding.skipThreshold(100f)).isGreaterThan(10.0);
        assertThat(rounding.skipThreshold(Float.POSITIVE_INFINITY)).isInfinite();
        // Raised limits: the float sum of two is never below the exact sum of what they raise.
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int t = 0; t < 100_000; t++) {
            double a = Math.scalb(random.nextDouble(), random.nextInt(-60, 60));
            double b = Math.scalb(random.nextDouble(), random.nextInt(-60, 60));
            float sum = TableSumRounding.raisedLimit(a) + TableSumRounding.raisedLimit(b);
            assertThat((double) sum).isGreaterThanOrEqualTo(a + b);
        }
        assertThat(TableSumRounding.raisedLimit(Double.POSITIVE_INFINITY)).isInfinite();
        assertThat(TableSumRounding.raisedLimit(0)).isZero();
    }

    @Test
    void bulkBoundRefreshGivesThePerCodeFloats() {
        TableSumRounding rounding = new TableSumRounding(8, 16, 128);
        SplittableRandom random = new SplittableRandom(8);
        float[] special = {0f, Float.MIN_VALUE, 1e-42f, 1f, 100f, 3.3e7f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        int n = 203; // whole vectors and a tail
        float[] minima = new float[n];
        for (int trial = 0; trial < 50; trial++) {
            for (int i = 0; i < n; i++) {
                minima[i] = random.nextInt(4) == 0 ? special[random.nextInt(special.length)]
                        : (float) Math.scalb(random.nextDouble(), random.nextInt(-20, 40));
            }
            double shift = random.nextBoolean() ? 0 : Math.scalb(random.nextDouble(), random.nextInt(-10, 30));
            int tag = trial % Kernels.BOUND_TAGS;
            for (Kernels kernels : new Kernels[] {KernelsProvider.get(), KernelsProvider.scalar()}) {
                float[] bulk = new float[n];
                rounding.shiftedLowerBounds(kernels, minima, 0, n, shift, tag, bulk, 0);
                for (int i = 0; i < n; i++) {
                    // The per-code float with the tag in its low bits: its value is at most that float.
                    int single = Float.floatToRawIntBits(rounding.shiftedLowerBound(minima[i], shift));
                    assertThat(Float.floatToRawIntBits(bulk[i]))
                            .as("%s, minimum %s, shift %s", kernels.name(), minima[i], shift)
                            .isEqualTo((single & ~Kernels.BOUND_TAG_MASK) | tag);
                    assertThat(Kernels.boundValue(bulk[i])).isLessThanOrEqualTo(Float.intBitsToFloat(single));
                }
            }
        }
    }

    @Test
    void groupsFollowTiles() {
        // Tiles of 256: pieces of 32 (the last tile, 232 centers, ends with a piece of 8).
        CenterGroups pieces = CenterGroups.of(1000, 256, 1000);
        assertThat(pieces.count()).isEqualTo(32);
        assertThat(pieces.from(8)).isEqualTo(256);
        assertThat(pieces.from(31)).isEqualTo(992);
        assertThat(pieces.to(31)).isEqualTo(1000);
        // Fewer groups allowed: pieces of 128.
        assertThat(CenterGroups.of(1000, 256, 8).count()).isEqualTo(8);
        // Tiles of 16: runs of 4 tiles, or single tiles when tiles are all that fit.
        assertThat(CenterGroups.of(1000, 16, 1000).from(1)).isEqualTo(16);
        assertThat(CenterGroups.of(1000, 16, 10).from(1)).isEqualTo(112);
        assertThat(CenterGroups.of(1000, 16, 1000).groupOf(999)).isEqualTo(62);
    }

    @Test
    void centerOrderKeepsIndexOrderWithinGroupsAndCoversAllCenters() {
        int k = 300;
        int dim = 6;
        SplittableRandom random = new SplittableRandom(2);
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        CenterGroups groups = CenterGroups.of(k, 64, 100);
        int[] order = CenterOrder.of(centers, dim, groups);
        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, k).toArray());
        for (int g = 0; g < groups.count(); g++) {
            for (int p = groups.from(g) + 1; p < groups.to(g); p++) {
                assertThat(order[p]).isGreaterThan(order[p - 1]);
            }
        }
        // The first split is along one coordinate: every center of the first half is <= every one of the second.
        assertThat(order).isNotEqualTo(java.util.stream.IntStream.range(0, k).toArray());
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
