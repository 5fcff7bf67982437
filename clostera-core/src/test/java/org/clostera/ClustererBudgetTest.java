package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.data.ArrayLabelSink;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

class ClustererBudgetTest {
    private static final LabeledGaussians DATA = LabeledGaussians.generate(6_000, 32, 8, 4.0, 99);

    private static Clusterer.Builder base() {
        return Clusterer.builder().k(8).fastest(true).subquantizers(8).codebookSize(16).trainRows(2_000)
                .encoderIterations(8).iterations(10).seed(5).threads(2);
    }

    @Test
    void budgetedRunInHeapGivesTheSameLabelsAsAnUnbudgetedOne() {
        ClusteringModel plain = base().build().fit(DATA.data(), 32);
        // 1 MiB: training share 256 KiB holds 2048 rows of D = 32 (>= trainRows), two batches in 128 KiB are
        // 512 rows each instead of the default, codes + labels (72 KB) stay in heap.
        ClusteringModel budgeted = base().maxRamBytes(1 << 20).build().fit(DATA.data(), 32);
        assertThat(((PQEncoder) budgeted.encoder()).batchRows()).isEqualTo(512);
        assertThat(((PQEncoder) plain.encoder()).batchRows()).isEqualTo(262_144);
        assertThat(budgeted.labels()).isEqualTo(plain.labels());
        assertThat(budgeted.clusterCenters()).isDeepEqualTo(plain.clusterCenters());
        assertThat(DATA.purity(budgeted.labels())).isGreaterThan(0.99);
    }

    @Test
    void labelSinkReceivesTheLabelsInOrderAndIsClosed() {
        ArrayLabelSink sink = new ArrayLabelSink(6_000);
        ClusteringModel c = base().build().fit(ArrayVectorSource.of(DATA.data(), 32), sink);
        assertThat(sink.labels()).isEqualTo(base().fit(DATA.data(), 32).labels());
        assertThat(c.hasLabels()).isFalse();
        assertThat(sink.closed).isTrue();
        assertThat(sink.aborted).isFalse();
        assertThat(sink.ranges).hasSize(1);
        assertThat(sink.ranges.get(0)).containsExactly(0, 6_000);
    }

    @Test
    void failedFitAbortsTheSink() {
        VectorSource failing = new FailingSource(ArrayVectorSource.of(DATA.data(), 32), 4_000);
        ArrayLabelSink sink = new ArrayLabelSink(6_000);
        assertThatThrownBy(() -> base().build().fit(failing, sink)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 4000");
        assertThat(sink.aborted).isTrue();
        assertThat(sink.closed).isFalse();
    }

    @Test
    void codesThatCannotSpillOrBeKeptAreRejectedBeforeAnyWork() {
        // 80 KiB: the per-row share (5/8, 51200 bytes) holds the labels (24000) but not labels + codes (72000).
        assertThatThrownBy(() -> base().maxRamBytes(80 << 10).build().fit(DATA.data(), 32))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("6000 x 8 bytes").hasMessageContaining("MappedFileCodeStoreFactory");
        assertThatThrownBy(() -> base().codesOutputPath(Path.of("codes.bin")).build().fit(DATA.data(), 32))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("file-backed code store factory");
        // 64 KiB: the per-row share (40960 bytes) cannot hold 12000 labels (48000 bytes).
        LabeledGaussians big = LabeledGaussians.generate(12_000, 4, 2, 4.0, 1);
        assertThatThrownBy(() -> Clusterer.builder().k(2).fastest(true).codebookSize(16).maxRamBytes(64 << 10)
                .build().fit(big.data(), 4)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("too small for the labels of 12000 rows");
        ArrayLabelSink wrong = new ArrayLabelSink(5);
        assertThatThrownBy(() -> base().build().fit(ArrayVectorSource.of(DATA.data(), 32), wrong))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("expects 5 rows");
        assertThat(wrong.aborted).isTrue();
    }

    @Test
    void trainingSampleIsClampedToTheBudget() {
        LabeledGaussians small = LabeledGaussians.generate(1_000, 32, 8, 4.0, 3);
        // 96 KiB: training share 24 KiB = 192 rows of D = 32, fewer than Ks = 256.
        assertThatThrownBy(() -> Clusterer.builder().k(8).fastest(true).subquantizers(8).maxRamBytes(96 << 10)
                .build().fit(small.data(), 32)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("too small to train").hasMessageContaining("192 rows");
        // With Ks = 16 the sample is clamped from 2000 to 192 rows and the fit still separates the blobs.
        ClusteringModel c = base().maxRamBytes(96 << 10).build().fit(small.data(), 32);
        assertThat(small.purity(c.labels())).isGreaterThan(0.99);
    }

    @Test
    void opqUnderABudgetThatClampsNothingGivesTheUnbudgetedLabels() {
        ClusteringModel plain = base().fastest(false).opqIterations(2).build().fit(DATA.data(), 32);
        // 2 MiB: training share 512 KiB holds sample + rotation of 2048 rows of D = 32 (>= trainRows 2000);
        // encode share 256 KiB: input + rotated batches of 1024 rows.
        ClusteringModel budgeted = base().fastest(false).opqIterations(2).maxRamBytes(2 << 20).build().fit(DATA.data(), 32);
        assertThat(budgeted.encoder()).isInstanceOf(OPQEncoder.class);
        assertThat(((OPQEncoder) budgeted.encoder()).batchRows()).isEqualTo(1_024);
        assertThat(budgeted.labels()).isEqualTo(plain.labels());
        assertThat(budgeted.clusterCenters()).isDeepEqualTo(plain.clusterCenters());
        // 96 KiB: the training share (24 KiB) holds 96 rows with their rotation, fewer than Ks = 256.
        LabeledGaussians small = LabeledGaussians.generate(1_000, 32, 8, 4.0, 3);
        assertThatThrownBy(() -> Clusterer.builder().k(8).subquantizers(8).maxRamBytes(96 << 10).build()
                .fit(small.data(), 32)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("too small to train OPQ").hasMessageContaining("96 rows");
    }

    @Test
    void fitCodesReusesAnEncoderAndItsCodes() {
        // Codes alone cannot be refined on the raw vectors: compare with a fit that does not do it either.
        ClusteringModel first = base().rawRefinementIterations(0).build().fit(DATA.data(), 32);
        PQEncoder encoder = (PQEncoder) first.encoder();
        try (HeapCodeStore codes = new HeapCodeStore(6_000, 8)) {
            encoder.encode(ArrayVectorSource.of(DATA.data(), 32), codes, null);
            ArrayLabelSink sink = new ArrayLabelSink(6_000);
            ClusteringModel again = base().build().fitCodes(encoder, codes, sink);
            assertThat(again.hasLabels()).isFalse();
            assertThatThrownBy(again::labels).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("written to a label sink");
            assertThat(sink.labels()).isEqualTo(first.labels());
            assertThat(again.clusterCenters()).isDeepEqualTo(first.clusterCenters());
            assertThat(again.timings().trainSeconds()).isZero();

            ArrayLabelSink predicted = new ArrayLabelSink(6_000);
            first.predict(codes, predicted);
            assertThat(predicted.labels()).isEqualTo(first.labels());
        }
    }

    @Test
    void streamingPredictEqualsPredictInBatchesFromTheBudget() {
        ClusteringModel c = base().maxRamBytes(1 << 20).build().fit(DATA.data(), 32);
        ArrayLabelSink sink = new ArrayLabelSink(6_000);
        c.predict(ArrayVectorSource.of(DATA.data(), 32), sink);
        assertThat(sink.labels()).isEqualTo(c.predict(DATA.data(), 32));
        assertThat(sink.labels()).isEqualTo(c.labels());
        // The encode share (128 KiB) holds two batches of 512 rows of D = 32: 12 ranges.
        assertThat(sink.ranges).hasSize(12);
        assertThat(sink.ranges.get(11)).containsExactly(5_632, 368);
        assertThat(sink.closed).isTrue();
        ArrayLabelSink failed = new ArrayLabelSink(6_000);
        assertThatThrownBy(() -> c.predict(new FailingSource(ArrayVectorSource.of(DATA.data(), 32), 3_000), failed))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 3000");
        assertThat(failed.aborted).isTrue();
    }

    /** Delegates to an array source but fails when a read reaches {@code failRow}. */
    static final class FailingSource implements VectorSource {
        private final VectorSource inner;
        private final long failRow;

        FailingSource(VectorSource inner, long failRow) {
            this.inner = inner;
            this.failRow = failRow;
        }

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
            if (firstRow <= failRow && failRow < firstRow + count && count > 1) {
                throw new InvalidDataException("unreadable", "failing", failRow, null, null);
            }
            inner.read(firstRow, count, dst, dstOffset);
        }
    }
}
