package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.cluster.HardMixture;
import org.clostera.data.ArrayLabelSink;
import org.clostera.data.ArrayVectorSource;
import org.junit.jupiter.api.Test;

/** The refinement settings of the one-call pipeline: split/merge search on by default, raw passes automatic. */
class ClustererRefinementTest {
    /** Touching clusters of uneven sizes; 12 bytes per row leave a visible quantization error. */
    private static final HardMixture DATA = HardMixture.generate(12_000, 48, 16, 1.0, 8, 0, 11);

    private static Clusterer.Builder builder() {
        return Clusterer.builder().k(DATA.k()).fastest(true).subquantizers(12).seed(2).threads(2);
    }

    @Test
    void rawRefinementLowersTheVectorsErrorBelowTheCodeSpaceResult() {
        ClusteringModel codes = builder().rawRefinementIterations(0).build().fit(DATA.data(), DATA.dim());
        ClusteringModel raw = builder().rawRefinementIterations(10).build().fit(DATA.data(), DATA.dim());
        double codeSse = DATA.sse(codes.labels(), DATA.k());
        double rawSse = DATA.sse(raw.labels(), DATA.k());
        double truthSse = DATA.sse(DATA.truth(), DATA.k());
        assertThat(rawSse).isLessThan(codeSse);
        // Dense k-means on the vectors reaches (or beats) the generating partition's error.
        assertThat(rawSse).isLessThanOrEqualTo(truthSse * (1 + 1e-4));
        double[] history = raw.rawErrorHistory();
        assertThat(history.length).isGreaterThan(1);
        assertThat(history[history.length - 1] / ((double) DATA.rows() * DATA.dim())).isCloseTo(rawSse,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(raw.timings().rawRefineSeconds()).isPositive();
        assertThat(codes.rawErrorHistory()).isEmpty();
    }

    @Test
    void refinementIsOnByDefaultAndCanBeTurnedOff() {
        Clusterer on = builder().build();
        Clusterer off = builder().refinement(false).build();
        assertThat(on.config().refinement().splitMerge()).isTrue();
        assertThat(off.config().refinement().splitMerge()).isFalse();
        ClusteringModel refined = on.fit(DATA.data(), DATA.dim());
        ClusteringModel plain = off.fit(DATA.data(), DATA.dim());
        assertThat(plain.refinementMoves()).isZero();
        assertThat(plain.timings().refineSeconds()).isZero();
        assertThat(refined.inertia()).isLessThanOrEqualTo(plain.inertia());
    }

    @Test
    void smallDataIsRefinedOnTheVectorsByDefault() {
        // 12,000 x 48 floats, K = 16, Ks = 256: the automatic rule allows 20 dense iterations.
        Clusterer estimator = builder().build();
        assertThat(estimator.config().refinement().rawIterations()).isNull();
        ClusteringModel automatic = estimator.fit(DATA.data(), DATA.dim());
        ClusteringModel explicit = builder().rawRefinementIterations(20).build().fit(DATA.data(), DATA.dim());
        assertThat(automatic.rawErrorHistory()).isNotEmpty().containsExactly(explicit.rawErrorHistory());
        assertThat(automatic.assignsExactly()).isTrue();
        assertThat(automatic.labels()).isEqualTo(explicit.labels());
        Clusterer reset = builder().rawRefinementIterations(0).automaticRawRefinement().build();
        assertThat(reset.config().refinement().rawIterations()).isNull();
    }

    @Test
    void predictionsAfterDenseIterationsGiveTheFitLabels() {
        ClusteringModel fitted = builder().build().fit(DATA.data(), DATA.dim());
        assertThat(fitted.rawErrorHistory()).isNotEmpty();
        assertThat(fitted.predict(DATA.data(), DATA.dim())).isEqualTo(fitted.labels());
        // Streamed in batches of another size, and one row at a time.
        ArrayLabelSink sink = new ArrayLabelSink(DATA.rows());
        ClusteringModel budgeted = builder().maxRamBytes(1 << 20).build().fit(DATA.data(), DATA.dim());
        budgeted.predict(ArrayVectorSource.of(DATA.data(), DATA.dim()), sink);
        assertThat(sink.labels()).isEqualTo(budgeted.labels());
        for (int row = 0; row < DATA.rows(); row += 997) {
            float[] one = java.util.Arrays.copyOfRange(DATA.data(), row * DATA.dim(), (row + 1) * DATA.dim());
            assertThat(fitted.predict(one, DATA.dim())[0]).as("row %d", row).isEqualTo(fitted.labels()[row]);
        }
    }

    @Test
    void rejectsNegativeRawIterations() {
        assertThatThrownBy(() -> Clusterer.builder().rawRefinementIterations(-1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("rawRefinementIterations");
    }
}
