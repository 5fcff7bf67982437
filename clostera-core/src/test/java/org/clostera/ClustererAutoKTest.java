package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.KSelection;
import org.junit.jupiter.api.Test;

class ClustererAutoKTest {

    /** {@code k} Gaussian blobs in 24 dimensions, centers N(0, 4^2) per dimension, 150..450 rows each. */
    private static float[][] blobs(int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centers = new float[k][24];
        for (float[] c : centers) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) (4 * random.nextGaussian());
            }
        }
        int rows = 0;
        for (int c = 0; c < k; c++) {
            rows += 150 * (1 + c % 3);
        }
        float[][] x = new float[rows][];
        int r = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < 150 * (1 + c % 3); i++) {
                x[r] = new float[24];
                for (int j = 0; j < 24; j++) {
                    x[r][j] = (float) (centers[c][j] + random.nextGaussian());
                }
                r++;
            }
        }
        return x;
    }

    @Test
    void nullKChoosesKAndReportsIt() {
        ClusteringModel c = Clusterer.builder().k(null).fastest(true).codebookSize(64).seed(2).threads(2).build()
                .fit(blobs(6, 21));
        assertThat(c.k()).isEqualTo(6);
        assertThat(c.clusterCenters()).hasNumberOfRows(6);
        KSelection selection = c.kSelection();
        assertThat(selection.selectedK()).isEqualTo(6);
        // The template 4..12 and the midpoint 7 above the pick, scored and not strictly better.
        assertThat(selection.candidateKs()).containsExactly(4, 6, 7, 8, 12);
        Map<String, Object> map = selection.toMap();
        assertThat(map.get("selected_k")).isEqualTo(6);
        assertThat((List<?>) map.get("candidates")).hasSize(5);
    }

    @Test
    void elbowOnExplicitCandidates() {
        ClusteringModel c = Clusterer.builder().fastest(true).codebookSize(64).threads(1).autoKMethod(AutoKMethod.ELBOW)
                .autoKCandidates(2, 5, 8, 11, 14).build().fit(blobs(8, 5));
        assertThat(c.kSelection().candidateKs()).containsExactly(2, 5, 8, 11, 14);
        assertThat(c.kSelection().method()).isEqualTo(AutoKMethod.ELBOW);
        assertThat(c.k()).isEqualTo(8);
    }

    @Test
    void fixedKHasNoReport() {
        ClusteringModel c = Clusterer.builder().k(3).fastest(true).codebookSize(16).threads(1).build().fit(blobs(3, 8));
        assertThat(c.k()).isEqualTo(3);
        assertThat(c.kSelection()).isNull();
    }
}
