package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.clostera.data.ArrayVectorSource;
import org.clostera.data.VectorSource;
import org.junit.jupiter.api.Test;

/** OPQ keeps plain PQ (or a rotation learned from the identity) when the PCA start would lose to PQ. */
class OPQNeverWorseThanPQTest {
    private static final int ROWS = 2000;
    private static final int DIM = 32;
    private static final int M = 8;

    private static OPQEncoder.Builder opq(int ks) {
        return OPQEncoder.builder().subquantizers(M).codebookSize(ks).seed(1);
    }

    private static PQEncoder pq(int ks, VectorSource source) {
        return PQEncoder.builder().subquantizers(M).codebookSize(ks).seed(1).threads(2).fit(source);
    }

    @Test
    void smallIntegerPatternsKeepARotationLearnedFromTheIdentity() {
        // 32 patterns per subspace, 5% of the values moved by 1, Ks = 16.
        float[] data = SmallIntegerPatterns.generate(ROWS, DIM, 4, 32, 0.05, 42);
        VectorSource source = ArrayVectorSource.of(data, DIM);
        OPQEncoder encoder = opq(16).threads(2).fit(source);
        double pqError = pq(16, source).reconstructionMse(source, ROWS, 0);
        double opqError = encoder.reconstructionMse(source, ROWS, 0);
        OPQEncoder.RotationChoice choice = encoder.rotationChoice();
        // The training sample is the whole data set: the plain PQ candidate is PQEncoder itself.
        assertThat(choice.plainPqSampleMse()).isCloseTo(pqError, within(1e-6));
        // The PCA start loses badly (before this check OPQ returned it: 2.4x PQ's error) ...
        assertThat(choice.pcaSampleMse()).isGreaterThan(2 * pqError);
        // ... the rounds from the identity beat plain PQ, and their rotation is kept.
        assertThat(encoder.rotationStart()).isEqualTo(OPQEncoder.RotationStart.IDENTITY);
        assertThat(opqError).isLessThan(pqError);
        assertThat(opqError).isCloseTo(choice.identitySampleMse(), within(1e-6));
    }

    @Test
    void keepsPlainPqCodesWhenNoRotationBeatsThem() {
        // 16 exact patterns per subspace and Ks = 16: plain PQ reconstructs every row exactly.
        float[] data = SmallIntegerPatterns.generate(ROWS, DIM, 4, 16, 0, 42);
        VectorSource source = ArrayVectorSource.of(data, DIM);
        OPQEncoder encoder = opq(16).threads(2).fit(source);
        PQEncoder plain = pq(16, source);
        assertThat(encoder.rotationStart()).isEqualTo(OPQEncoder.RotationStart.PLAIN_PQ);
        assertThat(encoder.rotationChoice().plainPqSampleMse()).isZero();
        float[] rotation = encoder.rotation();
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                assertThat(rotation[i * DIM + j]).isEqualTo(i == j ? 1f : 0f);
            }
        }
        byte[] opqCodes = new byte[ROWS * M];
        byte[] pqCodes = new byte[ROWS * M];
        encoder.encode(data, ROWS, opqCodes);
        plain.encode(data, ROWS, pqCodes);
        assertThat(opqCodes).containsExactly(pqCodes);
        assertThat(encoder.reconstructionMse(source, ROWS, 0)).isZero();
    }

    @Test
    void identityStartGivesTheSameEncoderForOneAndManyThreads() {
        float[] data = SmallIntegerPatterns.generate(ROWS, DIM, 4, 32, 0.05, 42);
        OPQEncoder one = opq(16).threads(1).fit(data, DIM);
        OPQEncoder three = opq(16).threads(3).fit(data, DIM);
        assertThat(one.rotationStart()).isEqualTo(OPQEncoder.RotationStart.IDENTITY);
        assertThat(three.rotationChoice()).isEqualTo(one.rotationChoice());
        assertThat(three.rotation()).containsExactly(one.rotation());
        byte[] c1 = new byte[ROWS * M];
        byte[] c3 = new byte[ROWS * M];
        one.encode(data, ROWS, c1);
        three.encode(data, ROWS, c3);
        assertThat(c3).containsExactly(c1);
    }

    @Test
    void correlatedGaussianDataKeepThePcaStartWhichBeatsPlainPq() {
        float[] data = CorrelatedData.generate(ROWS, DIM, 8, 10, 11);
        VectorSource source = ArrayVectorSource.of(data, DIM);
        OPQEncoder encoder = opq(16).threads(2).fit(source);
        double pqError = pq(16, source).reconstructionMse(source, ROWS, 0);
        double opqError = encoder.reconstructionMse(source, ROWS, 0);
        OPQEncoder.RotationChoice choice = encoder.rotationChoice();
        assertThat(encoder.rotationStart()).isEqualTo(OPQEncoder.RotationStart.PCA);
        // The rounds from the identity run only when plain PQ wins.
        assertThat(choice.identitySampleMse()).isNaN();
        assertThat(opqError).isLessThan(0.5 * pqError);
        assertThat(opqError).isCloseTo(choice.pcaSampleMse(), within(1e-6));
    }

    @Test
    void suppliedRotationsSaySo() {
        float[] data = CorrelatedData.generate(500, 16, 4, 3, 5);
        OPQEncoder trained = OPQEncoder.builder().subquantizers(4).codebookSize(8).seed(1).threads(1).fit(data, 16);
        OPQEncoder copy = OPQEncoder.fromRotation(trained.normalization(), trained.rotation(),
                trained.codingSpaceEncoder(), 1);
        assertThat(copy.rotationChoice()).isEqualTo(OPQEncoder.RotationChoice.SUPPLIED);
        assertThat(copy.rotationStart()).isEqualTo(OPQEncoder.RotationStart.SUPPLIED);
        assertThat(copy.rotationChoice().pcaSampleMse()).isNaN();
    }
}
