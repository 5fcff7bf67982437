package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.clostera.ProgressListener;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lloyd from a previous result with a few centers changed (a split/merge trial) runs incremental passes and
 * gives exactly what full scans from the same centers give: labels, centers, inertia history, sizes.
 */
class IncrementalAssignmentTest {
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);
    private static final Kernels KERNELS = KernelsProvider.get();

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    @ParameterizedTest(name = "K={0} M={1} Ks={2} rows={3} prototypes={4} moved={5} threads={6}")
    @CsvSource({
            "20, 4, 16, 20000, 40, 3, 1",
            "64, 8, 16, 17000, 0, 3, 3",
            "300, 16, 16, 18000, 600, 3, 3",
            "300, 4, 256, 9000, 0, 18, 1",
            // more changed centers than an incremental pass takes: full scans, same answer
            "64, 4, 16, 9000, 100, 40, 3",
    })
    void trialFromPreviousLabelsEqualsFullScans(int k, int m, int ks, int rows, int prototypes, int moved,
                                                int threads) {
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 11 + k);
        HeapCodeStore store = HeapCodeStore.copyOf(PrunedAssignmentTest.codes(rows, m, ks, prototypes, 3 + k), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        WorkerPool pool = threads == 1 ? ONE : THREE;
        CodeSpaceKMeans.Result converged = CodeSpaceKMeans.run(store, encoder, k, CodeSpaceKMeans.Options.defaults()
                .withSeed(2).withIterations(30).withRefinement(false).withSeedingRestarts(1), pool);
        // A trial: some centers moved onto codes of the data (as splits and merges put them).
        float[] centers = converged.centers().clone();
        SplittableRandom random = new SplittableRandom(k);
        byte[] code = new byte[m];
        for (int t = 0; t < moved; t++) {
            int c = random.nextInt(k);
            store.read(random.nextInt(rows), 1, code, 0);
            books.decode(code, 0, centers, c * books.dim);
        }
        CodeSpaceKMeans.Result incremental = CodeSpaceKMeans.lloydFrom(converged, store, books, k, centers.clone(),
                8, 0, CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, ProgressListener.NONE, KERNELS, pool);
        CodeSpaceKMeans.Result full = CodeSpaceKMeans.lloyd(store, books, k, centers.clone(), 8, 0,
                CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, 0, ProgressListener.NONE, KERNELS, pool);

        assertThat(incremental.labels()).isEqualTo(full.labels());
        assertThat(bits(incremental.centers())).isEqualTo(bits(full.centers()));
        assertThat(incremental.inertiaHistory()).isEqualTo(full.inertiaHistory());
        assertThat(incremental.clusterSizes()).isEqualTo(full.clusterSizes());
        assertThat(incremental.iterationsRun()).isEqualTo(full.iterationsRun());
        assertThat(full.prunedFractionHistory()).containsOnly(0.0);
        if (moved * ChangedCenters.FULL_SCAN_SPEEDUP <= k) {
            // The first pass only compared each code with the moved centers.
            assertThat(incremental.prunedFractionHistory()[0]).isGreaterThan(0.5);
        } else {
            assertThat(incremental.prunedFractionHistory()[0]).isZero();
        }
    }

    /**
     * Trials through {@link LocalLloyd} start from the remembered state of their previous result (histograms and
     * per-code distances, from the main run's pruned passes or an earlier trial) and give exactly what trials
     * rebuilding it give, and what full scans give: accepted and rejected trials, a trial that changes too many
     * centers (a full first pass), and a state memory with room for the histograms only or for nothing.
     */
    @ParameterizedTest(name = "K={0} M={1} Ks={2} rows={3} threads={4} stateBytes={5}")
    @CsvSource({
            "64, 8, 16, 40000, 3, -1",
            "300, 4, 256, 20000, 1, -1",
            // room for a trial's histograms (1,228,800 bytes) but not its distances (80,000 more)
            "300, 4, 256, 20000, 3, 1250000",
            "40, 4, 16, 20000, 3, 0",
    })
    void trialsFromRememberedStateEqualTrialsWithout(int k, int m, int ks, int rows, int threads, long stateBytes) {
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 17 + k);
        HeapCodeStore store = HeapCodeStore.copyOf(PrunedAssignmentTest.codes(rows, m, ks, 2 * k, 5 + k), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        WorkerPool pool = threads == 1 ? ONE : THREE;
        long memory = stateBytes < 0 ? 1L << 30 : stateBytes;
        long tableBytes = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;
        float[] seeds = CodeSpaceKMeans.initialCenters(store, encoder, k, CodeSpaceKMeans.Options.defaults()
                .withSeed(3).withSeedingRestarts(1), pool);
        // The main run prunes with bounds and keeps its state, as CodeSpaceKMeans.run does before a search.
        CodeSpaceKMeans.Run main = CodeSpaceKMeans.lloydRun(store, books, k, seeds.clone(), null, null, true, 30, 0,
                tableBytes, 3 * memory, ProgressListener.NONE, KERNELS, pool);
        if (stateBytes != 0) {
            assertThat(main.result().prunedFractionHistory()[1]).isGreaterThan(0);
        }
        if (stateBytes < 0) {
            assertThat(main.state().distances()).isNotNull();
        }
        LocalLloyd remembering = new LocalLloyd(store, books, k, tableBytes, 3 * memory, KERNELS, pool)
                .startingFrom(main.result(), main.state());
        SplittableRandom random = new SplittableRandom(k);
        CodeSpaceKMeans.Result current = main.result();
        byte[] code = new byte[m];
        boolean moreSkipped = false;
        // Trials of 3, 3, 3 and k / 3 moved centers; the first and the third are accepted (the search's next start).
        int[] moved = {3, 3, 3, k / 3};
        for (int t = 0; t < moved.length; t++) {
            float[] centers = current.centers().clone();
            for (int j = 0; j < moved[t]; j++) {
                store.read(random.nextInt(rows), 1, code, 0);
                books.decode(code, 0, centers, random.nextInt(k) * books.dim);
            }
            CodeSpaceKMeans.Result trial = remembering.lloydFrom(current, centers.clone(), 6, 0);
            CodeSpaceKMeans.Result rebuilt = CodeSpaceKMeans.lloydFrom(current, store, books, k, centers.clone(), 6,
                    0, tableBytes, ProgressListener.NONE, KERNELS, pool);
            CodeSpaceKMeans.Result full = CodeSpaceKMeans.lloyd(store, books, k, centers.clone(), 6, 0, tableBytes, 0,
                    ProgressListener.NONE, KERNELS, pool);
            for (CodeSpaceKMeans.Result other : new CodeSpaceKMeans.Result[] {rebuilt, full}) {
                assertThat(trial.labels()).as("trial %d", t).isEqualTo(other.labels());
                assertThat(bits(trial.centers())).as("trial %d", t).isEqualTo(bits(other.centers()));
                assertThat(trial.inertiaHistory()).as("trial %d", t).isEqualTo(other.inertiaHistory());
                assertThat(trial.clusterSizes()).as("trial %d", t).isEqualTo(other.clusterSizes());
                assertThat(trial.iterationsRun()).as("trial %d", t).isEqualTo(other.iterationsRun());
            }
            // Known distances also spare the full scan of codes whose changed center came no farther.
            double[] pruned = trial.prunedFractionHistory();
            double[] prunedRebuilt = rebuilt.prunedFractionHistory();
            for (int p = 0; p < pruned.length; p++) {
                assertThat(pruned[p]).as("trial %d pass %d", t, p).isGreaterThanOrEqualTo(prunedRebuilt[p]);
                if (stateBytes < 0 && moved[t] < k / 4) {
                    moreSkipped |= pruned[p] > prunedRebuilt[p];
                }
            }
            if (t % 2 == 0) {
                current = trial;
            }
        }
        assertThat(moreSkipped).isEqualTo(stateBytes < 0);
    }

    /** A state's distances are the float sums of the tables, and its histograms the counts of its labels. */
    @Test
    void rememberedStateIsThatOfTheLabels() {
        int k = 48;
        int m = 8;
        int ks = 16;
        int rows = 30000;
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 9);
        HeapCodeStore store = HeapCodeStore.copyOf(PrunedAssignmentTest.codes(rows, m, ks, 60, 10), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        float[] seeds = CodeSpaceKMeans.initialCenters(store, encoder, k, CodeSpaceKMeans.Options.defaults()
                .withSeedingRestarts(1), THREE);
        CodeSpaceKMeans.Run run = CodeSpaceKMeans.lloydRun(store, books, k, seeds, null, null, true, 20, 0, 1 << 20,
                1L << 30, ProgressListener.NONE, KERNELS, THREE);
        // The state comes from pruned passes (the main run's), whose distances are the float kernel's sums.
        assertThat(run.result().prunedFractionHistory()[run.result().iterationsRun()]).isGreaterThan(0.2);
        CenterLookupTables tables = CenterLookupTables.build(books, run.result().centers(), k, 1 << 20, KERNELS,
                THREE);
        AssignmentPass count = new AssignmentPass(store, books, k, KERNELS, THREE, true, "test");
        assertThat(run.state().histogram()).isEqualTo(count.countHistograms(run.result().rowLabels()));
        byte[] codes = new byte[rows * m];
        store.read(0, rows, codes, 0);
        RowDistances distances = run.state().distances();
        for (int i = 0; i < rows; i++) {
            float expected = tables.distance(codes, i * m, run.result().rowLabels().get(i));
            float kept = distances.chunk(i / AssignmentPass.CHUNK_ROWS)[i % AssignmentPass.CHUNK_ROWS];
            assertThat(Float.floatToRawIntBits(kept)).as("row %d", i).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    /** Two identical centers tie on every code: the lower index keeps winning, as in a full scan. */
    @Test
    void tiesGoToTheLowestIndex() {
        int k = 64;
        int m = 4;
        int ks = 16;
        int rows = 12000;
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 5);
        HeapCodeStore store = HeapCodeStore.copyOf(PrunedAssignmentTest.codes(rows, m, ks, 30, 6), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        CodeSpaceKMeans.Result converged = CodeSpaceKMeans.run(store, encoder, k, CodeSpaceKMeans.Options.defaults()
                .withIterations(30).withRefinement(false).withSeedingRestarts(1), ONE);
        for (int[] pair : new int[][] {{3, 40}, {40, 3}}) {
            float[] centers = converged.centers().clone();
            // Center pair[1] becomes a copy of center pair[0]: its codes tie between the two.
            System.arraycopy(centers, pair[0] * books.dim, centers, pair[1] * books.dim, books.dim);
            CodeSpaceKMeans.Result incremental = CodeSpaceKMeans.lloydFrom(converged, store, books, k,
                    centers.clone(), 3, 0, 1 << 20, ProgressListener.NONE, KERNELS, THREE);
            CodeSpaceKMeans.Result full = CodeSpaceKMeans.lloyd(store, books, k, centers.clone(), 3, 0, 1 << 20, 0,
                    ProgressListener.NONE, KERNELS, THREE);
            assertThat(incremental.labels()).isEqualTo(full.labels());
            assertThat(incremental.inertiaHistory()).isEqualTo(full.inertiaHistory());
            assertThat(bits(incremental.centers())).isEqualTo(bits(full.centers()));
        }
    }

    @Test
    void changedCentersAreComparedBitForBit() {
        int k = 16;
        int dim = 2;
        float[] before = new float[k * dim];
        for (int i = 0; i < before.length; i++) {
            before[i] = i;
        }
        float[] after = before.clone();
        assertThat(ChangedCenters.between(before, after, k, dim)).isEmpty();
        after[5] = Math.nextUp(after[5]);
        after[0] = -0f; // +0 and -0: treated as changed (bits differ), which is only ever conservative
        assertThat(ChangedCenters.between(before, after, k, dim)).containsExactly(0, 2);
        after[20] = 1e9f;
        after[25] = 1e9f;
        assertThat(ChangedCenters.between(before, after, k, dim)).containsExactly(0, 2, 10, 12);
        // More than K / 4 = 4 changed: null (a full scan is cheaper).
        after[30] = 1e9f;
        assertThat(ChangedCenters.between(before, after, k, dim)).isNull();
    }

    /** The raw bits of each float, to compare arrays bit for bit. */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Patching the changed centers' tables gives the tables a fresh fill builds, entry for entry. */
    @Test
    void copiedCenterTablesEqualAFreshFill() {
        int m = 4;
        int ks = 256;
        int k = 150;
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 5);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        int dim = books.dim;
        SplittableRandom random = new SplittableRandom(6);
        float[] before = new float[k * dim];
        for (int i = 0; i < before.length; i++) {
            before[i] = (float) random.nextGaussian();
        }
        float[] after = before.clone();
        int[] changed = {0, 17, 63, 64, 149};
        for (int c : changed) {
            for (int j = 0; j < dim; j++) {
                after[c * dim + j] += (float) random.nextGaussian();
            }
        }
        assertThat(ChangedCenters.between(before, after, k, dim)).containsExactly(changed);
        // Small tiles (several per table, a partial last one) in the full tables; one tile for the changed ones.
        long tableBytes = 16L * m * ks * 4;
        CenterLookupTables patched = CenterLookupTables.build(books, before, k, tableBytes, KERNELS, THREE)
                .copyCenters(changed, ChangedCenters.tables(changed, after, books, tableBytes, KERNELS, THREE));
        CenterLookupTables fresh = CenterLookupTables.build(books, after, k, tableBytes, KERNELS, THREE);
        assertThat(patched.tileCount()).isGreaterThan(1);
        byte[] codes = new byte[ks * m];
        for (int v = 0; v < ks; v++) {
            for (int s = 0; s < m; s++) {
                codes[v * m + s] = (byte) ((v + 37 * s) % ks); // every code value in every subspace
            }
        }
        for (int c = 0; c < k; c++) {
            for (int v = 0; v < ks; v++) {
                assertThat(Float.floatToRawIntBits(patched.distance(codes, v * m, c)))
                        .as("center %d code %d", c, v)
                        .isEqualTo(Float.floatToRawIntBits(fresh.distance(codes, v * m, c)));
            }
        }
        // The unchanged tables were not recomputed: the untouched storage still matches the old centers.
        CenterLookupTables old = CenterLookupTables.build(books, before, k, tableBytes, KERNELS, THREE);
        assertThat(patched.distance(codes, 0, 1)).isEqualTo(old.distance(codes, 0, 1));
        assertThat(patched.distance(codes, 0, 0)).isNotEqualTo(old.distance(codes, 0, 0));
    }
}
