package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.ProgressListener;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lloyd's loop against a textbook reference written from its definition (assign every code to its nearest center
 * by a full scan, count the histograms of the labels from scratch, update every center), so shortcuts shared by all
 * of the loop's modes (pruned, full-scan and incremental passes; centers kept when no code entered or left their
 * cluster; histograms moved, not recounted) cannot hide from a comparison among those modes.
 */
class LloydReferenceTest {
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);
    private static final Kernels KERNELS = KernelsProvider.get();

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    @ParameterizedTest(name = "K={0} M={1} Ks={2} rows={3} threads={4}")
    @CsvSource({
            "40, 4, 16, 20000, 1",
            "300, 4, 256, 30000, 3",
            "96, 8, 64, 40000, 3",
    })
    void everyModeIsTheTextbookLoop(int k, int m, int ks, int rows, int threads) {
        PQEncoder encoder = PrunedAssignmentTest.encoder(m, ks, 31 + k);
        HeapCodeStore store = HeapCodeStore.copyOf(PrunedAssignmentTest.codes(rows, m, ks, 3 * k, 7 + k), m);
        CodingSpaceCodebooks books = CodingSpaceCodebooks.of(encoder);
        WorkerPool pool = threads == 1 ? ONE : THREE;
        long tableBytes = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;
        float[] seeds = CodeSpaceKMeans.initialCenters(store, encoder, k, CodeSpaceKMeans.Options.defaults()
                .withSeed(5).withSeedingRestarts(1), pool);
        CodeSpaceKMeans.Result pruned = CodeSpaceKMeans.lloyd(store, books, k, seeds.clone(), 12, 0, tableBytes,
                1L << 30, ProgressListener.NONE, KERNELS, pool);
        CodeSpaceKMeans.Result full = CodeSpaceKMeans.lloyd(store, books, k, seeds.clone(), 12, 0, tableBytes, 0,
                ProgressListener.NONE, KERNELS, pool);
        assertThat(pruned.prunedFractionHistory()[pruned.iterationsRun()]).isGreaterThan(0);
        assertThat(pruned.iterationsRun()).isGreaterThan(2);

        byte[] codes = new byte[rows * m];
        store.read(0, rows, codes, 0);
        int[] labels = new int[rows];
        float[] distances = new float[rows];
        float[] centers = seeds.clone();
        double[] history = new double[pruned.iterationsRun() + 1];
        for (int iteration = 0; ; iteration++) {
            CenterLookupTables tables = CenterLookupTables.build(books, centers, k, tableBytes, KERNELS, pool);
            tables.nearest(KERNELS, codes, 0, rows, m, ks, labels, distances, 0);
            double inertia = 0;
            for (float d : distances) {
                inertia += d;
            }
            history[iteration] = inertia;
            if (iteration == pruned.iterationsRun()) {
                break;
            }
            AssignmentPass counting = new AssignmentPass(store, books, k, KERNELS, pool, true, "test");
            int[] histogram = counting.countHistograms(RowLabels.copyOf(labels));
            long[] sizes = HistogramCenters.sizes(histogram, k, m, ks);
            for (long size : sizes) {
                assertThat(size).as("no empty cluster in the reference (no re-seeding to compare)").isPositive();
            }
            float[] next = centers.clone();
            HistogramCenters.update(histogram, sizes, books, next, pool);
            centers = next;
        }
        for (CodeSpaceKMeans.Result result : new CodeSpaceKMeans.Result[] {pruned, full}) {
            assertThat(result.iterationsRun()).isEqualTo(pruned.iterationsRun());
            assertThat(IncrementalAssignmentTest.bits(result.centers()))
                    .isEqualTo(IncrementalAssignmentTest.bits(centers));
            assertThat(result.labels()).isEqualTo(labels);
            assertThat(result.inertiaHistory()).isEqualTo(history);
        }
    }
}
