package org.clostera.io.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.InvalidDataException;
import org.clostera.data.CodeStore;
import org.clostera.data.CodeStoreFactory;
import org.clostera.data.PersistentCodeStore;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyLabelSink;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyStreamVectorSource;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.io.synthetic.SyntheticWriter;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny RAM budget forces the codes of 20000 x 32 vectors (M = 8) to spill to a memory-mapped file; the
 * labels and centers must equal those of an in-heap run, from every kind of source, and nothing may be
 * left behind after success or failure.
 */
class BudgetedClusteringTest {
    private static final int ROWS = 20_000;
    private static final int DIM = 32;
    /**
     * 256 KiB: training share 64 KiB = 512 rows of D = 32 (above trainRows 500, so no clamp), batches of
     * 128 rows, per-row share 160 KiB: labels (80000 bytes) fit, labels + codes (240000 bytes) do not.
     */
    private static final long BUDGET = 256 << 10;
    private static final SyntheticDataset DATA = SyntheticDataset.builder().rows(ROWS).dim(DIM).clusters(8)
            .separation(3).seed(17).build();

    private static int[] heapLabels;
    private static float[][] heapCenters;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    /** Codes-only k-means: the fits here are compared with {@code fitCodes} and predictions from codes. */
    private static Clusterer.Builder base() {
        return Clusterer.builder().k(8).fastest(true).subquantizers(8).codebookSize(16).trainRows(500)
                .encoderIterations(8).iterations(8).seed(5).threads(2).rawRefinementIterations(0);
    }

    @BeforeAll
    static void heapRun() {
        ClusteringModel c = base().build().fit(DATA);
        heapLabels = c.labels();
        heapCenters = c.clusterCenters();
        SyntheticWriter.write(DATA, shared, 2);
    }

    @Test
    void spilledRunEqualsTheInHeapRunAndLeavesNoSpillFile() throws IOException {
        Path spill = Files.createDirectory(dir.resolve("spill"));
        CountingFactory factory = new CountingFactory(new MappedFileCodeStoreFactory(spill));
        Path labelsFile = dir.resolve("labels.npy");
        ClusteringModel c = base().maxRamBytes(BUDGET).codeStoreFactory(factory).build()
                .fit(DATA, NpyLabelSink.create(labelsFile, ROWS));
        assertThat(factory.temporary.get()).isEqualTo(1);
        assertThatThrownBy(c::labels).isInstanceOf(IllegalStateException.class)
                .hasMessage("the labels of this fit were written to " + labelsFile.toAbsolutePath()
                        + " and not kept in memory");
        assertThat(c.clusterCenters()).isDeepEqualTo(heapCenters);
        assertThat(NpyLabels.read(labelsFile)).isEqualTo(heapLabels);
        assertThat(((PQEncoder) c.encoder()).batchRows()).isEqualTo(128);
        assertThat(spill.toFile().list()).isEmpty();
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("spill", "labels.npy");
    }

    @Test
    void npyFilesMappedOrStreamedGiveTheArrayLabels() {
        Path vectors = shared.resolve(SyntheticWriter.VECTORS_FILE);
        try (VectorSource mapped = NpyVectorSource.open(vectors)) {
            assertThat(base().build().fit(mapped).labels()).isEqualTo(heapLabels);
        }
        try (VectorSource streamed = NpyStreamVectorSource.open(vectors)) {
            ClusteringModel c = base().maxRamBytes(BUDGET).codeStoreFactory(new MappedFileCodeStoreFactory(dir)).build()
                    .fit(streamed);
            assertThat(c.labels()).isEqualTo(heapLabels);
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void failureMidwayRemovesSpillCodesAndLabelOutputs() throws IOException {
        Path spill = Files.createDirectory(dir.resolve("spill"));
        Path out = Files.createDirectory(dir.resolve("out"));
        VectorSource failing = new FailingSource(DATA, 15_000);
        Clusterer c = base().maxRamBytes(BUDGET).codeStoreFactory(new MappedFileCodeStoreFactory(spill))
                .codesOutputPath(out.resolve("codes.bin")).build();
        NpyLabelSink sink = NpyLabelSink.create(out.resolve("labels.npy"), ROWS);
        assertThatThrownBy(() -> c.fit(failing, sink)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 15000");
        assertThat(spill.toFile().list()).isEmpty();
        assertThat(out.toFile().list()).isEmpty();
        assertThat(TempFiles.live()).isEmpty();
    }

    @Test
    void codesOutputAndSavedEncoderReproduceTheLabels() {
        Path codesFile = dir.resolve("codes.bin");
        Path encoderFile = dir.resolve("encoder.bin");
        ClusteringModel first = base().maxRamBytes(BUDGET).codeStoreFactory(new MappedFileCodeStoreFactory(dir))
                .codesOutputPath(codesFile).build().fit(DATA);
        ((PQEncoder) first.encoder()).save(encoderFile);
        assertThat(first.labels()).isEqualTo(heapLabels);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("codes.bin", "encoder.bin");
        assertThat(codesFile.toFile().length()).isEqualTo(MappedFileCodeStore.HEADER_BYTES + ROWS * 8L);

        try (MappedFileCodeStore codes = MappedFileCodeStore.open(codesFile)) {
            Path labelsFile = dir.resolve("again.npy");
            ClusteringModel again = base().maxRamBytes(BUDGET).build()
                    .fitCodes(PQEncoder.load(encoderFile), codes, NpyLabelSink.create(labelsFile, ROWS));
            assertThat(again.hasLabels()).isFalse();
            assertThat(again.clusterCenters()).isDeepEqualTo(heapCenters);
            assertThat(NpyLabels.read(labelsFile)).isEqualTo(heapLabels);

            Path predicted = dir.resolve("predicted.npy");
            first.predict(codes, NpyLabelSink.create(predicted, ROWS));
            assertThat(NpyLabels.read(predicted)).isEqualTo(heapLabels);
        }
    }

    /** Counts the stores a fit asks for. */
    private static final class CountingFactory implements CodeStoreFactory {
        private final CodeStoreFactory inner;
        final AtomicInteger temporary = new AtomicInteger();

        CountingFactory(CodeStoreFactory inner) {
            this.inner = inner;
        }

        @Override
        public CodeStore create(long rows, int codeBytes) {
            temporary.incrementAndGet();
            return inner.create(rows, codeBytes);
        }

        @Override
        public PersistentCodeStore createPersistent(long rows, int codeBytes, Path target) {
            return inner.createPersistent(rows, codeBytes, target);
        }
    }

    /** Delegates to another source but fails on the batch read that reaches {@code failRow}. */
    private record FailingSource(VectorSource inner, long failRow) implements VectorSource {
        @Override
        public long rows() {
            return inner.rows();
        }

        @Override
        public int dim() {
            return inner.dim();
        }

        @Override
        public void read(long firstRow, int count, float[] dst, int dstOffset) {
            if (count > 1 && firstRow <= failRow && failRow < firstRow + count) {
                throw new InvalidDataException("disk error", "failing source", failRow, null, null);
            }
            inner.read(firstRow, count, dst, dstOffset);
        }
    }
}
