package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RamBudget;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.linalg.OrthogonalProcrustes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OPQEncoderTest {
    private static final int ROWS = 3000;
    private static final int DIM = 48;
    private static float[] data;
    private static OPQEncoder trained;

    @BeforeAll
    static void train() {
        data = CorrelatedData.generate(ROWS, DIM, 12, 10, 11);
        trained = builder().threads(2).fit(data, DIM);
    }

    private static OPQEncoder.Builder builder() {
        return OPQEncoder.builder().subquantizers(12).codebookSize(16).iterations(15).trainRows(2000).seed(7);
    }

    @Test
    void learnedRotationIsOrthogonal() {
        assertThat(trained.rotated()).isTrue();
        assertThat(OrthogonalProcrustes.orthogonalityError(trained.rotation(), DIM)).isLessThan(1e-4);
    }

    @Test
    void reconstructsCorrelatedDataBetterThanPlainPq() {
        ArrayVectorSource source = ArrayVectorSource.of(data, DIM);
        PQEncoder pq = PQEncoder.builder().subquantizers(12).codebookSize(16).iterations(15).trainRows(2000).seed(7)
                .threads(2).fit(source);
        double pqError = pq.reconstructionMse(source, ROWS, 1);
        double opqError = trained.reconstructionMse(source, ROWS, 1);
        // Mixed latent factors spread over all subspaces: the rotation recovers a large share of the error.
        assertThat(opqError).isLessThan(0.7 * pqError);
        assertThat(trained.rotationStart()).isEqualTo(OPQEncoder.RotationStart.PCA);
        assertThat(trained.rotationChoice().pcaSampleMse()).isLessThan(trained.rotationChoice().plainPqSampleMse());
        double variance = totalVariancePerDimension(data, DIM);
        assertThat(opqError).isLessThan(0.2 * variance);
    }

    @Test
    void alternatingRoundsDoNotIncreaseTheRotatedError() {
        double[] history = trained.rotatedErrorHistory();
        assertThat(history).hasSize(EncoderSettings.DEFAULT_OPQ_ITERATIONS);
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i]).isLessThanOrEqualTo(history[i - 1] * 1.01);
        }
        ArrayVectorSource source = ArrayVectorSource.of(data, DIM);
        OPQEncoder pcaOnly = builder().opqIterations(0).threads(2).fit(source);
        assertThat(trained.reconstructionMse(source, ROWS, 1)).isLessThan(pcaOnly.reconstructionMse(source, ROWS, 1));
    }

    @Test
    void decodeReturnsVectorsInTheOriginalSpace() {
        byte[] codes = new byte[ROWS * 12];
        trained.encode(data, ROWS, codes);
        float[] decoded = trained.decode(codes, ROWS);
        float[] rotated = new float[ROWS * DIM];
        trained.toCodingSpace(data, ROWS, rotated);
        float[] back = new float[ROWS * DIM];
        trained.fromCodingSpace(rotated, ROWS, back);
        double error = 0;
        double roundTrip = 0;
        for (int i = 0; i < data.length; i++) {
            error += (data[i] - decoded[i]) * (double) (data[i] - decoded[i]);
            roundTrip = Math.max(roundTrip, Math.abs(back[i] - data[i]));
        }
        assertThat(roundTrip).isLessThan(1e-4);
        assertThat(error / data.length).isCloseTo(trained.reconstructionMse(ArrayVectorSource.of(data, DIM), ROWS, 1),
                org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    @Test
    void sameSeedGivesSameEncoderForOneAndManyThreads() {
        OPQEncoder one = builder().threads(1).fit(data, DIM);
        OPQEncoder three = builder().threads(3).fit(data, DIM);
        assertThat(three.rotation()).containsExactly(one.rotation());
        assertThat(one.rotation()).containsExactly(trained.rotation());
        byte[] c1 = new byte[ROWS * 12];
        byte[] c3 = new byte[ROWS * 12];
        one.encode(data, ROWS, c1);
        three.encode(data, ROWS, c3);
        assertThat(c3).containsExactly(c1);
        OPQEncoder otherSeed = builder().seed(8).threads(2).fit(data, DIM);
        assertThat(otherSeed.rotation()).isNotEqualTo(one.rotation());
    }

    @Test
    void encodingASourceInSmallBatchesMatchesTheArrayPath() {
        OPQEncoder small = builder().batchRows(333).threads(2).fit(data, DIM);
        HeapCodeStore store = new HeapCodeStore(ROWS, 12);
        long[] seen = new long[1];
        small.encode(ArrayVectorSource.of(data, DIM), store, (stage, done, total) -> seen[0] = done);
        byte[] fromStore = new byte[ROWS * 12];
        store.read(0, ROWS, fromStore, 0);
        byte[] direct = new byte[ROWS * 12];
        trained.encode(data, ROWS, direct);
        assertThat(fromStore).containsExactly(direct);
        assertThat(seen[0]).isEqualTo(ROWS);
    }

    @Test
    void javaPathLearnsAnOrthogonalRotationToo() {
        OPQEncoder java = builder().linearAlgebra(LinearAlgebra.java()).threads(2).fit(data, DIM);
        assertThat(java.linearAlgebra()).isEqualTo(LinearAlgebra.java().name());
        assertThat(OrthogonalProcrustes.orthogonalityError(java.rotation(), DIM)).isLessThan(1e-4);
    }

    @Test
    void nativeAndJavaPathsGiveTheSameCodesOnASmallCase() {
        assumeTrue(LinearAlgebra.nativeBackend().isPresent(), "no native BLAS on this machine");
        // Full-rank latent space with distinct scales: no repeated eigenvalues, so both LAPACKs agree on the
        // PCA start (eigenvectors of a repeated eigenvalue are arbitrary within their eigenspace).
        float[] small = CorrelatedData.generate(1500, 16, 16, 6, 3);
        OPQEncoder.Builder b = OPQEncoder.builder().subquantizers(4).codebookSize(8).iterations(10).seed(1).threads(2);
        OPQEncoder nat = b.linearAlgebra(LinearAlgebra.nativeBackend().get()).fit(small, 16);
        OPQEncoder java = b.linearAlgebra(LinearAlgebra.java()).fit(small, 16);
        assertThat(OrthogonalProcrustes.orthogonalityError(java.rotation(), 16)).isLessThan(1e-4);
        assertThat(OrthogonalProcrustes.orthogonalityError(nat.rotation(), 16)).isLessThan(1e-4);
        byte[] cn = new byte[1500 * 4];
        byte[] cj = new byte[1500 * 4];
        nat.encode(small, 1500, cn);
        java.encode(small, 1500, cj);
        // The two BLAS sum in different orders, so the rotations differ in their last bits and codes of rows
        // near a cell boundary may differ (measured: 10 of 6000).
        int differ = 0;
        for (int i = 0; i < cn.length; i++) {
            differ += cn[i] != cj[i] ? 1 : 0;
        }
        assertThat(differ).isLessThanOrEqualTo(30);
    }

    @Test
    void ramBudgetClampsTheTrainingSampleWithItsRotationAndSizesTheBatches() {
        // 96 KiB: the training share (24 KiB) holds a sample and its rotation of 24576 / (2 x 4 x 48) = 64 rows,
        // so the encoder is the one trained on 64 rows; the encode share (12 KiB) holds input and rotated
        // batches of 32 rows.
        OPQEncoder budgeted = builder().ramBudget(RamBudget.ofBytes(96 << 10)).threads(2).fit(data, DIM);
        OPQEncoder sixtyFourRows = builder().trainRows(64).threads(2).fit(data, DIM);
        assertThat(budgeted.rotation()).containsExactly(sixtyFourRows.rotation());
        for (int s = 0; s < budgeted.subquantizers(); s++) {
            assertThat(budgeted.codebook(s)).containsExactly(sixtyFourRows.codebook(s));
        }
        assertThat(budgeted.rotation()).isNotEqualTo(trained.rotation());
        assertThat(budgeted.batchRows()).isEqualTo(32);
        assertThat(sixtyFourRows.batchRows()).isEqualTo(trained.batchRows());
        assertThat(builder().ramBudget(RamBudget.ofBytes(96 << 10)).batchRows(100).threads(2).fit(data, DIM)
                .batchRows()).isEqualTo(100);

        // 4 MiB holds 2730 rows with their rotation: trainRows 2000 is not clamped, the encoder is unchanged.
        OPQEncoder roomy = builder().ramBudget(RamBudget.ofBytes(4 << 20)).threads(2).fit(data, DIM);
        assertThat(roomy.rotation()).containsExactly(trained.rotation());
        assertThat(roomy.batchRows()).isEqualTo(1365);

        // 64 KiB holds 42 rows with their rotation, fewer than Ks = 64.
        assertThatThrownBy(() -> builder().codebookSize(64).ramBudget(RamBudget.ofBytes(64 << 10)).fit(data, DIM))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("too small to train OPQ")
                .hasMessageContaining("42 rows").hasMessageContaining("Ks = 64");
    }

    @Test
    void encodeChecksRowsOfSourcesThatDoNotCheckThemselvesAndTrustsThoseThatDo() {
        OPQEncoder small = builder().batchRows(700).threads(2).fit(data, DIM);
        float[] bad = data.clone();
        bad[2_345 * DIM + 40] = Float.POSITIVE_INFINITY; // fourth batch of 700 rows
        assertThatThrownBy(() -> small.encode(new UncheckedSource(bad, DIM, false), new HeapCodeStore(ROWS, 12), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unchecked, row 2345")
                .hasMessageContaining("non-finite value Infinity at dimension 40");
        assertThatThrownBy(() -> small.encode(ArrayVectorSource.of(bad, DIM), new HeapCodeStore(ROWS, 12), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("float[], row 2345")
                .hasMessageContaining("non-finite value Infinity at dimension 40");
        // The training sample of a source that does not check is checked, naming the source row.
        assertThatThrownBy(() -> builder().trainRows(ROWS).fit(new UncheckedSource(bad, DIM, false)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unchecked, row 2345");

        // Trusted: neither the source rows nor their rotations are checked again.
        HeapCodeStore trusted = new HeapCodeStore(ROWS, 12);
        small.encode(new UncheckedSource(bad, DIM, true), trusted, null);
        byte[] expected = new byte[ROWS * 12];
        small.encode(data, ROWS, expected);
        java.util.Arrays.fill(expected, 2_345 * 12, 2_346 * 12, (byte) 0);
        assertThat(UncheckedSource.codesWithout(trusted, 2_345)).containsExactly(expected);
    }

    @Test
    void rejectsBadInputNamingThePlace() {
        float[] bad = data.clone();
        bad[5 * DIM + 3] = Float.NaN;
        assertThatThrownBy(() -> trained.encode(bad, ROWS, new byte[ROWS * 12]))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> builder().fit(bad, DIM)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> OPQEncoder.builder().opqIterations(-1)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("opqIterations");
        assertThatThrownBy(() -> trained.encode(ArrayVectorSource.of(new float[10 * 7], 7), new HeapCodeStore(10, 12), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("expected dimension 48");
        assertThatThrownBy(() -> OPQEncoder.builder().subquantizers(60).fit(data, DIM))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("exceeds the dimension");
        float[] notOrthogonal = new float[DIM * DIM];
        java.util.Arrays.fill(notOrthogonal, 1f);
        assertThatThrownBy(() -> OPQEncoder.fromRotation(notOrthogonal, trained.codingSpaceEncoder(), 1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not orthogonal");
    }

    @Test
    void fromRotationRebuildsTheSameEncoder() {
        OPQEncoder copy = OPQEncoder.fromRotation(trained.normalization(), trained.rotation(),
                trained.codingSpaceEncoder(), 2);
        byte[] a = new byte[ROWS * 12];
        byte[] b = new byte[ROWS * 12];
        trained.encode(data, ROWS, a);
        copy.encode(data, ROWS, b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void fewerTrainingRowsThanDimensionsAndUnevenSubspacesStillGiveAnOrthogonalRotation() {
        // 40 rows in 50 dimensions: X^T Y has rank <= 40, the Procrustes SVD still completes the basis.
        float[] few = CorrelatedData.generate(40, 50, 10, 3, 4);
        OPQEncoder enc = OPQEncoder.builder().subquantizers(8).codebookSize(4).iterations(5).seed(1).threads(2)
                .fit(few, 50);
        assertThat(enc.layout().width(0)).isEqualTo(7);
        assertThat(enc.layout().width(7)).isEqualTo(6);
        assertThat(OrthogonalProcrustes.orthogonalityError(enc.rotation(), 50)).isLessThan(1e-4);
        byte[] codes = new byte[40 * 8];
        enc.encode(few, 40, codes);
        double error = 0;
        float[] decoded = enc.decode(codes, 40);
        double energy = 0;
        for (int i = 0; i < few.length; i++) {
            error += (few[i] - decoded[i]) * (double) (few[i] - decoded[i]);
            energy += few[i] * (double) few[i];
        }
        assertThat(error).isLessThan(0.5 * energy);
    }

    private static double totalVariancePerDimension(float[] x, int dim) {
        int n = x.length / dim;
        double total = 0;
        for (int j = 0; j < dim; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * dim + j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                double v = x[i * dim + j] - mean;
                total += v * v;
            }
        }
        return total / ((double) n * dim);
    }
}
