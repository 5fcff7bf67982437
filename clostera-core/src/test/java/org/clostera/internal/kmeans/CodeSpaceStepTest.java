package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.InvalidParameterException;
import org.clostera.cluster.HardMixture;
import org.clostera.data.CodeStore;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

class CodeSpaceStepTest {
    /** Two full chunks and a ragged one, so slices cut chunks. */
    private static final int ROWS = 2 * CodeSpaceStep.CHUNK_ROWS + 501;
    private static final int K = 12;
    private static final PQEncoder ENCODER = PrunedAssignmentTest.encoder(6, 32, 5);
    private static final byte[] CODES = randomCodes(ROWS, 6, 32, 9);
    private static final CodeSpaceStep STEP = CodeSpaceStep.of(ENCODER);
    /** Slices that cut the chunks anywhere: {@code [CUTS[i], CUTS[i + 1])}. */
    private static final int[] CUTS = {0, 1, 7_000, 16_385, 20_000, ROWS};

    private static byte[] randomCodes(int n, int m, int ks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] codes = new byte[n * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(ks);
        }
        return codes;
    }

    private static float[] centers(int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centers = new float[k * ENCODER.dim()];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        return centers;
    }

    private static byte[] slice(int from, int to) {
        return Arrays.copyOfRange(CODES, from * 6, to * 6);
    }

    @Test
    void slicesSumToTheSingleMachinePass() {
        float[] centers = centers(K, 1);
        RowLabels labels = new RowLabels(ROWS, -1);
        AssignmentPass.Outcome whole;
        try (WorkerPool pool = new WorkerPool(2)) {
            CodingSpaceCodebooks books = CodingSpaceCodebooks.of(ENCODER);
            CenterLookupTables tables = CenterLookupTables.build(books, centers, K,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, KernelsProvider.get(), pool);
            whole = new AssignmentPass(HeapCodeStore.copyOf(CODES, 6), books, K, KernelsProvider.get(), pool, true,
                    "test").run(tables, labels, true);
        }
        int[] histogram = new int[STEP.histogramLength(K)];
        int[] sliceLabels = new int[ROWS];
        double inertia = 0;
        for (int s = 0; s + 1 < CUTS.length; s++) {
            CodeSpaceStep.Slice slice = STEP.assign(slice(CUTS[s], CUTS[s + 1]), CUTS[s + 1] - CUTS[s], centers, K,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES);
            System.arraycopy(slice.labels(), 0, sliceLabels, CUTS[s], slice.labels().length);
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] += slice.histogram()[i];
            }
            inertia += slice.inertia();
        }
        assertThat(sliceLabels).isEqualTo(labels.toArray());
        assertThat(histogram).isEqualTo(whole.histogram());
        assertThat(inertia).isCloseTo(whole.inertia(), org.assertj.core.data.Offset.offset(1e-9 * whole.inertia()));
        CodeSpaceStep.Update update = STEP.update(histogram, centers, K);
        assertThat(Arrays.stream(update.sizes()).sum()).isEqualTo(ROWS);
        assertThat(update.centers()).isNotEqualTo(centers);
    }

    @Test
    void slicesAssignedToSharedTablesAreTheSameSlices() throws Exception {
        float[] centers = centers(K, 2);
        // Small tiles (16 centers of 6 x 32 floats), so the shared tables have several.
        CodeSpaceStep.Tables tables = STEP.tables(centers, K, 16 * 6 * 32 * 4);
        assertThat(tables.k()).isEqualTo(K);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<CodeSpaceStep.Slice>> shared = new ArrayList<>();
            for (int s = 0; s + 1 < CUTS.length; s++) {
                int from = CUTS[s];
                int to = CUTS[s + 1];
                shared.add(threads.submit(() -> STEP.assign(slice(from, to), to - from, tables)));
            }
            for (int s = 0; s + 1 < CUTS.length; s++) {
                CodeSpaceStep.Slice own = STEP.assign(slice(CUTS[s], CUTS[s + 1]), CUTS[s + 1] - CUTS[s], centers, K,
                        CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES);
                CodeSpaceStep.Slice fromShared = shared.get(s).get();
                assertThat(fromShared.labels()).isEqualTo(own.labels());
                assertThat(fromShared.histogram()).isEqualTo(own.histogram());
                assertThat(fromShared.inertia()).isEqualTo(own.inertia());
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void reseedsEmptyClustersAsTheSingleMachinePass() {
        // Three centers far from every code: their clusters come out empty.
        float[] centers = centers(K, 2);
        for (int c : new int[] {2, 5, 11}) {
            Arrays.fill(centers, c * ENCODER.dim(), (c + 1) * ENCODER.dim(), 1e3f);
        }
        int[] histogram = new int[STEP.histogramLength(K)];
        List<CodeSpaceStep.Candidate> offered = new ArrayList<>();
        int[] labels = new int[ROWS];
        for (int s = 0; s + 1 < CUTS.length; s++) {
            CodeSpaceStep.Slice slice = STEP.assign(slice(CUTS[s], CUTS[s + 1]), CUTS[s + 1] - CUTS[s], centers, K,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES);
            System.arraycopy(slice.labels(), 0, labels, CUTS[s], slice.labels().length);
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] += slice.histogram()[i];
            }
        }
        CodeSpaceStep.Update update = STEP.update(histogram, centers, K);
        assertThat(update.emptyClusters()).containsExactly(2, 5, 11);
        for (int s = 0; s + 1 < CUTS.length; s++) {
            offered.addAll(STEP.reseedCandidates(slice(CUTS[s], CUTS[s + 1]), CUTS[s + 1] - CUTS[s], CUTS[s], centers,
                    K, update.sizes(), 3, CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES));
        }
        float[] expected = update.centers().clone();
        try (WorkerPool pool = new WorkerPool(1)) {
            CodingSpaceCodebooks books = CodingSpaceCodebooks.of(ENCODER);
            CenterLookupTables tables = CenterLookupTables.build(books, centers, K,
                    CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, KernelsProvider.get(), pool);
            assertThat(EmptyClusterReseeding.reseed(HeapCodeStore.copyOf(CODES, 6), books, tables,
                    RowLabels.copyOf(labels), update.sizes(), expected, KernelsProvider.get(), pool)).isEqualTo(3);
        }
        assertThat(STEP.reseed(CodeSpaceStep.farthestPerChunk(offered, 3), update)).isEqualTo(3);
        assertThat(update.centers()).isEqualTo(expected);
    }

    @Test
    void refusesCentersOfTheWrongShape() {
        assertThatThrownBy(() -> STEP.assign(slice(0, 4), 4, new float[5], 1, 1 << 20))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("centers have 5 floats, expected k x D = 1 x 12");
    }

    /**
     * The refined run cut where clostera-spark cuts it: {@link CodeSpaceStep#start} on a store that holds only
     * {@link CodeSpaceStep#startRows}, the main Lloyd run, then {@link CodeSpaceStep#refine} with trials run by
     * an {@link AllCodesLloyd} that keeps no labels (full passes, as the distributed one) give the run's result
     * bit for bit, moves on the sample and over all codes included.
     */
    @Test
    void refinedRunCutAtTheSeamIsTheRun() {
        HardMixture data = HardMixture.generate(20_000, 64, 32, 1.0, 9, 0, 0);
        PQEncoder encoder = PQEncoder.builder().subquantizers(16).codebookSize(64).seed(1).threads(2)
                .fit(data.data(), data.dim());
        HeapCodeStore codes = CodeSpaceKMeansTest.encode(encoder, data.data(), data.rows());
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(3).withSeedingSampleRows(1500);
        int k = data.k();
        try (WorkerPool pool = new WorkerPool(2)) {
            CodeSpaceKMeans.Result run = CodeSpaceKMeans.run(codes, encoder, k, options, pool);
            CodeSpaceStep step = CodeSpaceStep.of(encoder);
            long[] rows = step.startRows(codes.rows(), k, options);
            // The seeding sample (1,500 rows) and the search's own (64 per cluster: 2,048), overlapping.
            assertThat(rows.length).isGreaterThan(2048).isLessThan(1500 + 2048);
            CodeSpaceStep.Start start = step.start(onlyRows(codes, rows), k, null, options, pool);
            CodeSpaceKMeans.Result lloyd = CodeSpaceKMeans.run(codes, encoder, k, start.centers(),
                    options.withRefinement(false), pool);
            LocalLloyd local = new LocalLloyd(codes, CodingSpaceCodebooks.of(encoder), k, options.lookupTableBytes(),
                    options.effectiveBoundBytes(), KernelsProvider.get(), pool);
            AllCodesLloyd withoutLabels = new AllCodesLloyd() {
                @Override
                public long rows() {
                    return codes.rows();
                }

                @Override
                public CodeSpaceKMeans.Result lloydFrom(CodeSpaceKMeans.Result previous, float[] centers,
                                                        int iterations, double tolerance) {
                    CodeSpaceKMeans.Result r = local.lloydFrom(null, centers, iterations, tolerance);
                    return new CodeSpaceKMeans.Result(k, r.centers(), null, r.inertiaHistory(), r.iterationsRun(),
                            r.clusterSizes(), r.inertia(), 0, 0, 0, null);
                }
            };
            CodeSpaceKMeans.Result refined = step.refine(start, withoutLabels, new CodeSpaceKMeans.Result(k,
                    lloyd.centers(), null, lloyd.inertiaHistory(), lloyd.iterationsRun(), lloyd.clusterSizes(),
                    lloyd.inertia(), 0, 0, 0, null), options, pool);
            assertThat(start.sampleMoves()).isGreaterThan(0);
            assertThat(refined.refinementMoves()).isEqualTo(run.refinementMoves()).isGreaterThan(start.sampleMoves());
            assertThat(refined.centers()).isEqualTo(run.centers());
            assertThat(refined.inertiaHistory()).isEqualTo(run.inertiaHistory());
            assertThat(refined.clusterSizes()).isEqualTo(run.clusterSizes());
            assertThat(refined.iterationsRun()).isEqualTo(run.iterationsRun());
        }
    }

    /** {@code codes} with only {@code rows} readable: the codes a distributed fit collects to its driver. */
    private static CodeStore onlyRows(CodeStore codes, long[] rows) {
        return new CodeStore() {
            @Override
            public long rows() {
                return codes.rows();
            }

            @Override
            public int codeBytes() {
                return codes.codeBytes();
            }

            @Override
            public void read(long firstRow, int count, byte[] dst, int dstOffset) {
                for (int i = 0; i < count; i++) {
                    assertThat(Arrays.binarySearch(rows, firstRow + i)).as("row %d read", firstRow + i)
                            .isGreaterThanOrEqualTo(0);
                }
                codes.read(firstRow, count, dst, dstOffset);
            }

            @Override
            public void write(long firstRow, int count, byte[] src, int srcOffset) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
