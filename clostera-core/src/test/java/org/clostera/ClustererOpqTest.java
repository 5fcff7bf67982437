package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.cluster.LabeledGaussians;
import org.clostera.quantize.OPQEncoder;
import org.junit.jupiter.api.Test;

/** The default Clusterer path is OPQ; {@code fastest(true)} is plain PQ. */
class ClustererOpqTest {
    private static final LabeledGaussians MIXTURE = LabeledGaussians.generate(6000, 48, 8, 4.0, 99);

    private static Clusterer.Builder small() {
        return Clusterer.builder().k(8).subquantizers(12).codebookSize(32).trainRows(4000).encoderIterations(10)
                .seed(5).threads(2);
    }

    @Test
    void defaultsToOpqAndReportsTheRotationTime() {
        ClusteringModel c = small().build().fit(MIXTURE.data(), 48);
        assertThat(c.encoder().rotated()).isTrue();
        assertThat(c.encoder()).isInstanceOf(OPQEncoder.class);
        assertThat(((OPQEncoder) c.encoder()).rotatedErrorHistory()).hasSize(org.clostera.quantize.EncoderSettings.DEFAULT_OPQ_ITERATIONS);
        assertThat(c.timings().rotationSeconds()).isPositive();
        assertThat(c.timings().rotationSeconds()).isLessThanOrEqualTo(c.timings().trainSeconds());
        assertThat(MIXTURE.purity(c.labels())).isGreaterThanOrEqualTo(0.99);
        assertThat(c.predict(MIXTURE.asRows())).containsExactly(c.labels());
    }

    @Test
    void fastestIsPlainPqAndOpqIterationsAreHonoured() {
        ClusteringModel pq = small().fastest(true).build().fit(MIXTURE.data(), 48);
        assertThat(pq.encoder().rotated()).isFalse();
        assertThat(pq.timings().rotationSeconds()).isZero();

        ClusteringModel one = small().opqIterations(1).build().fit(MIXTURE.data(), 48);
        assertThat(((OPQEncoder) one.encoder()).rotatedErrorHistory()).hasSize(1);
    }

    @Test
    void opqResultIsTheSameForOneAndManyThreads() {
        ClusteringModel a = small().threads(1).build().fit(MIXTURE.data(), 48);
        ClusteringModel b = small().threads(3).build().fit(MIXTURE.data(), 48);
        assertThat(b.labels()).containsExactly(a.labels());
        assertThat(((OPQEncoder) b.encoder()).rotation()).containsExactly(((OPQEncoder) a.encoder()).rotation());
        assertThat(b.inertiaHistory()).containsExactly(a.inertiaHistory());
    }
}
