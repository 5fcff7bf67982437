package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.UnitLengthRows;
import org.clostera.metrics.ClusteringMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metric(COSINE)}: clusters by direction, whatever the rows' lengths. */
class CosineMetricTest {
    private static final int ROWS = 4_000;
    private static final int DIM = 24;
    private static final int K = 6;

    /** Six directions; every row is one of them plus noise, times a length from 0.01 to 100. */
    private static float[] directions(int[] truth) {
        SplittableRandom random = new SplittableRandom(5);
        float[][] centers = new float[K][DIM];
        for (float[] c : centers) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        float[] rows = new float[ROWS * DIM];
        for (int i = 0; i < ROWS; i++) {
            truth[i] = i % K;
            double length = Math.pow(10, -2 + 4 * random.nextDouble());
            for (int j = 0; j < DIM; j++) {
                rows[i * DIM + j] = (float) (length * (centers[truth[i]][j] + 0.15 * random.nextGaussian()));
            }
        }
        return rows;
    }

    private static Clusterer.Builder builder() {
        return Clusterer.builder().k(K).fastest(true).subquantizers(6).seed(1).threads(2);
    }

    @Test
    void cosineFindsTheDirectionsWhereL2FindsLengths(@TempDir Path dir) {
        int[] truth = new int[ROWS];
        float[] rows = directions(truth);
        ClusteringModel cosine = builder().metric(Metric.COSINE).fit(rows, DIM);
        ClusteringModel euclidean = builder().fit(rows, DIM);
        assertThat(ClusteringMetrics.purity(truth, cosine.labels())).isEqualTo(1.0);
        assertThat(ClusteringMetrics.purity(truth, euclidean.labels())).isLessThan(0.9);
        assertThat(cosine.metric()).isEqualTo(Metric.COSINE);
        // Spherical dense passes (automatic here): unit-length centers.
        assertThat(cosine.assignsExactly()).isTrue();
        for (float[] center : cosine.clusterCenters()) {
            double norm = 0;
            for (float v : center) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        // Predictions scale the rows too: any length, same cluster; and a saved model keeps the metric.
        assertThat(cosine.predict(rows, DIM)).isEqualTo(cosine.labels());
        float[] scaled = rows.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1e6f;
        }
        assertThat(cosine.predict(scaled, DIM)).isEqualTo(cosine.labels());
        Path file = dir.resolve("cosine.model");
        cosine.save(file);
        ClusteringModel loaded = ClusteringModel.load(file, 2);
        assertThat(loaded.metric()).isEqualTo(Metric.COSINE);
        assertThat(loaded.predict(rows, DIM)).isEqualTo(cosine.labels());
    }

    @Test
    void cosineOnRowsOfUnitLengthIsL2OnThem() {
        int[] truth = new int[ROWS];
        float[] rows = directions(truth);
        float[] unit = new float[rows.length];
        UnitLengthRows.of(ArrayVectorSource.of(rows, DIM)).read(0, ROWS, unit, 0);
        ClusteringModel cosine = builder().metric(Metric.COSINE).rawRefinementIterations(0).fit(rows, DIM);
        ClusteringModel l2 = builder().rawRefinementIterations(0).fit(unit, DIM);
        assertThat(cosine.labels()).isEqualTo(l2.labels());
    }

    @Test
    void anAllZeroRowIsRefusedByNumber() {
        int[] truth = new int[ROWS];
        float[] rows = directions(truth);
        java.util.Arrays.fill(rows, 17 * DIM, 18 * DIM, 0f);
        assertThatThrownBy(() -> builder().metric(Metric.COSINE).fit(rows, DIM))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 17")
                .hasMessageContaining("nonzero length");
        assertThatThrownBy(() -> Clusterer.builder().metric(null)).isInstanceOf(InvalidParameterException.class);
    }
}
