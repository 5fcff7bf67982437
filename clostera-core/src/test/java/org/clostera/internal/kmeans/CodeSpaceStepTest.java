package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.InvalidParameterException;
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
}
