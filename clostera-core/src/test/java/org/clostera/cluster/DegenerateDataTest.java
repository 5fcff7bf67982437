package org.clostera.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.data.ArrayVectorSource;
import org.clostera.metrics.ClusteringMetrics;
import org.clostera.quantize.ReconstructionError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data with fewer distinct rows than K: every distinct row its own cluster, the rest empty and said so. */
class DegenerateDataTest {

    private static Clusterer.Builder builder(boolean fastest) {
        return Clusterer.builder().fastest(fastest).subquantizers(4).codebookSize(16).encoderIterations(5)
                .opqIterations(1).seed(1).threads(2);
    }

    @ParameterizedTest(name = "fastest={0}")
    @ValueSource(booleans = {true, false})
    void allRowsEqualGiveOneClusterZeroInertiaAndAWarning(boolean fastest) {
        int rows = 500;
        float[] data = new float[rows * 16];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1e30f + (i % 16);
        }
        ClusteringModel c = builder(fastest).k(4).build().fit(data, 16);
        assertThat(c.encoder().normalization().scale()).isEqualTo(1.0);
        assertThat(Arrays.stream(c.labels()).distinct().count()).isEqualTo(1);
        long[] sizes = c.clusterSizes();
        assertThat(Arrays.stream(sizes).sorted().toArray()).containsExactly(0, 0, 0, rows);
        // True figures: every row is reproduced exactly and sits on its center.
        assertThat(c.inertia()).isZero();
        assertThat(ReconstructionError.meanSquaredError(c.encoder(), ArrayVectorSource.of(data, 16), rows, 1)).isZero();
        assertThat(EmptyClusters.describe(sizes)).isEqualTo("k = 4 but only 1 of the clusters are non-empty: the 500 "
                + "rows have only 1 distinct values as PQ codes (fewer than k; all rows are equal); the other 3 "
                + "clusters are empty");
    }

    private static float[] threeDistinctRows(int rows, int[] truth) {
        float[] data = new float[rows * 16];
        for (int i = 0; i < rows; i++) {
            truth[i] = i % 3;
            for (int j = 0; j < 16; j++) {
                data[i * 16 + j] = 5e-35f * (truth[i] * 10 + j);
            }
        }
        return data;
    }

    @Test
    void fewerDistinctRowsThanKGiveOneClusterPerDistinctRow() {
        int[] truth = new int[600];
        float[] data = threeDistinctRows(600, truth);
        ClusteringModel c = builder(true).k(5).build().fit(data, 16);
        assertThat(ClusteringMetrics.adjustedRandIndex(truth, c.labels())).isEqualTo(1.0);
        long[] sizes = c.clusterSizes();
        assertThat(Arrays.stream(sizes).sorted().toArray()).containsExactly(0, 0, 200, 200, 200);
        assertThat(c.inertia()).isZero();
        assertThat(EmptyClusters.describe(sizes)).isEqualTo("k = 5 but only 3 of the clusters are non-empty: the 600 "
                + "rows have only 3 distinct values as PQ codes (fewer than k; duplicated or near-identical rows); "
                + "the other 2 clusters are empty");
        assertThat(EmptyClusters.describe(new long[] {3, 4})).isNull();
    }

    @Test
    void withOpqTheDistinctRowsStayApart() {
        // The rotation GEMM sums in an order that depends on a row's place in the batch, so equal rows differ
        // by ~1e-7 (relative) once rotated and may get different codes in the subspaces that hold no variance;
        // k-means then splits a distinct row's rows over the spare clusters, at no cost. Never merges two.
        int[] truth = new int[600];
        float[] data = threeDistinctRows(600, truth);
        ClusteringModel c = builder(false).k(5).build().fit(data, 16);
        assertThat(ClusteringMetrics.homogeneity(truth, c.labels())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // Inertia from that rotation noise only: below a millionth of the squared distance between rows (5e-34).
        assertThat(c.inertia()).isLessThan(600 * 16 * 5e-34 * 5e-34 * 1e-6);
    }

    @ParameterizedTest(name = "fastest={0}")
    @ValueSource(booleans = {true, false})
    void autoKOnEqualRowsGivesFiniteFigures(boolean fastest) {
        float[] data = new float[400 * 16];
        Arrays.fill(data, -3e38f);
        ClusteringModel c = builder(fastest).k(null).autoKCandidates(2, 4).build().fit(data, 16);
        assertThat(Arrays.stream(c.labels()).distinct().count()).isEqualTo(1);
        assertThat(c.inertia()).isZero();
        for (KSelection.Candidate candidate : c.kSelection().candidates()) {
            assertThat(candidate.inertia()).isZero();
        }
    }
}
