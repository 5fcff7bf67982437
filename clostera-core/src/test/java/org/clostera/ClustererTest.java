package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.quantize.EncoderSettings;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.junit.jupiter.api.Test;

class ClustererTest {
    private static final LabeledGaussians MIXTURE = LabeledGaussians.generate(20_000, 64, 16, 4.0, 2026);

    private static Clusterer.Builder fastPq() {
        return Clusterer.builder().k(16).fastest(true).subquantizers(16).codebookSize(64).trainRows(8192)
                .encoderIterations(12).seed(7);
    }

    @Test
    void recoversAWellSeparatedGaussianMixture() {
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onStageStart(String stage, long total) {
                stages.add(stage);
            }

            @Override
            public void onProgress(String stage, long done, long total) {
            }
        };
        ClusteringModel c = fastPq().threads(2).progressListener(listener).build().fit(MIXTURE.data(), 64);
        int[] labels = c.labels();
        assertThat(labels).hasSize(20_000);
        assertThat(MIXTURE.purity(labels)).isGreaterThanOrEqualTo(0.99);
        assertThat(c.clusterCenters()).hasNumberOfRows(16);
        assertThat(c.clusterCenters()[0]).hasSize(64);
        assertThat(c.encoder().subquantizers()).isEqualTo(16);
        assertThat(c.encoder().codebookSize()).isEqualTo(64);
        assertThat(c.k()).isEqualTo(16);
        double[] history = c.inertiaHistory();
        assertThat(history[history.length - 1]).isLessThanOrEqualTo(history[0]);
        assertThat(stages).contains(CodeSpaceKMeans.STAGE);

        ClusteringModel.Timings t = c.timings();
        assertThat(t.trainSeconds()).isPositive();
        assertThat(t.encodeSeconds()).isPositive();
        assertThat(t.clusterSeconds()).isPositive();
        assertThat(t.rotationSeconds()).isZero();
        assertThat(t.totalSeconds()).isGreaterThanOrEqualTo(t.trainSeconds() + t.encodeSeconds() + t.clusterSeconds()
                - 1e-6);
    }

    @Test
    void sameSeedSameResultForAnyThreadCount() {
        ClusteringModel one = fastPq().threads(1).build().fit(MIXTURE.data(), 64);
        ClusteringModel three = fastPq().threads(3).build().fit(MIXTURE.data(), 64);
        ClusteringModel again = fastPq().threads(3).build().fit(MIXTURE.asRows());
        for (ClusteringModel other : List.of(three, again)) {
            assertThat(other.labels()).isEqualTo(one.labels());
            assertThat(other.clusterCenters()).isDeepEqualTo(one.clusterCenters());
            assertThat(other.inertiaHistory()).isEqualTo(one.inertiaHistory());
        }
    }

    @Test
    void predictOnTrainingDataReproducesLabels() {
        ClusteringModel c = fastPq().threads(2).fit(MIXTURE.data(), 64);
        int[] labels = c.labels();
        assertThat(c.predict(MIXTURE.data(), 64)).isEqualTo(labels);
        float[][] rows = MIXTURE.asRows();
        assertThat(c.predict(new float[][] {rows[5], rows[17]})).containsExactly(labels[5], labels[17]);
    }

    @Test
    void unevenSubspaceWidthsEndToEnd() {
        LabeledGaussians data = LabeledGaussians.generate(4000, 30, 6, 5.0, 3);
        ClusteringModel c = Clusterer.builder().k(6).subquantizers(7).codebookSize(32).encoderIterations(10).seed(1)
                .threads(2).fit(data.asRows());
        int[] labels = c.labels();
        assertThat(c.encoder().layout().width(0)).isEqualTo(5);
        assertThat(c.encoder().layout().width(6)).isEqualTo(4);
        assertThat(data.purity(labels)).isGreaterThanOrEqualTo(0.99);
        assertThat(c.predict(data.asRows())).isEqualTo(labels);
    }

    @Test
    void defaultsAreResolvedAndValidated() {
        Clusterer.Config config = Clusterer.builder().k(5).threads(3).build().config();
        assertThat(config.threads()).isEqualTo(3);
        assertThat(config.encoder()).isEqualTo(EncoderSettings.defaults());
        assertThat(config.encoder().opq()).isTrue();
        assertThat(config.encoder().codebookSize()).isEqualTo(256);
        assertThat(config.kmeans().iterations()).isEqualTo(20);
        assertThat(config.kmeans().tolerance()).isEqualTo(1e-4);
        assertThat(config.encoder().opqIterations()).isEqualTo(EncoderSettings.DEFAULT_OPQ_ITERATIONS);
        assertThat(Clusterer.builder().build().config().threads()).isGreaterThanOrEqualTo(1);

        assertThatThrownBy(() -> Clusterer.builder().k(0)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> Clusterer.builder().codebookSize(300)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("2..256");
        assertThatThrownBy(() -> Clusterer.builder().tolerance(Double.NaN)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Clusterer.builder().threads(-1)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void clearErrorsBeforeAnyWork() {
        assertThatThrownBy(() -> Clusterer.builder().k(11).build().fit(new float[10][4]))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("k = 11").hasMessageContaining("N = 10");
        assertThatThrownBy(() -> Clusterer.builder().k(2).build().fit(new float[0][]))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        float[][] bad = new float[300][4];
        bad[123][2] = Float.NaN;
        assertThatThrownBy(() -> Clusterer.builder().k(2).codebookSize(16).build().fit(bad))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 123");
        // Unset K = auto-K, whose candidates are checked against the rows before training.
        assertThatThrownBy(() -> Clusterer.builder().codebookSize(16).autoKCandidates(4, 400).build()
                .fit(new float[300][4]))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("K = 400");
        ClusteringModel c = Clusterer.builder().k(2).codebookSize(16).subquantizers(2).threads(1).build()
                .fit(LabeledGaussians.generate(300, 4, 2, 5.0, 1).asRows());
        assertThatThrownBy(() -> c.predict(new float[][] {new float[3]}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 3");
    }
}
