package org.clostera.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.clostera.InvalidDataException;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from scikit-learn 1.2.1 via
 * {@code src/test/resources/metrics/sklearn_reference.py} (purity from numpy in the same script);
 * the formula-generated labelings below repeat that script's formulas exactly.
 */
class ClusteringMetricsTest {
    private static final double TOLERANCE = 1e-12;

    /** purity, nmi, ari, homogeneity, completeness, v, mi as printed by the script. */
    private static void assertMetrics(int[] truth, int[] predicted, double... expected) {
        ClusteringMetrics.Report r = ClusteringMetrics.evaluate(truth, predicted);
        assertThat(r.rows()).isEqualTo(truth.length);
        assertThat(r.purity()).as("purity").isCloseTo(expected[0], within(TOLERANCE));
        assertThat(r.normalizedMutualInformation()).as("nmi").isCloseTo(expected[1], within(TOLERANCE));
        assertThat(r.adjustedRandIndex()).as("ari").isCloseTo(expected[2], within(TOLERANCE));
        assertThat(r.homogeneity()).as("homogeneity").isCloseTo(expected[3], within(TOLERANCE));
        assertThat(r.completeness()).as("completeness").isCloseTo(expected[4], within(TOLERANCE));
        assertThat(r.vMeasure()).as("v").isCloseTo(expected[5], within(TOLERANCE));
        // The single-metric entry points agree with the report.
        assertThat(ClusteringMetrics.purity(truth, predicted)).isEqualTo(r.purity());
        assertThat(ClusteringMetrics.normalizedMutualInformation(truth, predicted))
                .isEqualTo(r.normalizedMutualInformation());
        assertThat(ClusteringMetrics.adjustedRandIndex(truth, predicted)).isEqualTo(r.adjustedRandIndex());
        assertThat(ClusteringMetrics.homogeneity(truth, predicted)).isEqualTo(r.homogeneity());
        assertThat(ClusteringMetrics.completeness(truth, predicted)).isEqualTo(r.completeness());
        assertThat(ClusteringMetrics.vMeasure(truth, predicted)).isEqualTo(r.vMeasure());
        assertThat(ClusteringMetrics.mutualInformation(truth, predicted)).as("mi")
                .isCloseTo(expected[6], within(TOLERANCE));
    }

    @Test
    void identicalPartitionsUpToRenaming() {
        assertMetrics(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
                0.6931471805599453);
    }

    @Test
    void sklearnDocumentationExample() {
        // adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.57 in sklearn's docs.
        assertMetrics(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}, 0.75, 0.7999999999999999, 0.5714285714285714,
                0.6666666666666666, 0.9999999999999999, 0.7999999999999999, 0.6931471805599452);
    }

    @Test
    void independentPartitions() {
        assertMetrics(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 0.5, 0.0, -0.5, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void smallHandCheckableCase() {
        // Purity by hand: cluster 3 holds classes {0,0,2} -> 2, cluster 7 {0,1,1,1} -> 3, cluster 9 {2,2,2} -> 3;
        // 8 of 10.
        assertMetrics(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, new int[] {3, 3, 7, 7, 7, 7, 9, 9, 9, 3},
                0.8, 0.6180656462921542, 0.4318181818181818, 0.6180656462921542, 0.6180656462921542,
                0.6180656462921542, 0.6730116670092565);
    }

    @Test
    void sparseNonContiguousLabels() {
        int n = 2000;
        int[] t = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = ((i * 7919) % 13) * 1000 + 5;
            p[i] = (i * 31) % 7 == 0 ? ((i * 17) % 9) * 1000003 : (((i * 7919) % 13) % 9) * 1000003;
        }
        assertMetrics(t, p, 0.605, 0.6424732210642102, 0.552113183838438, 0.5910120866116941, 0.7037508458724273,
                0.6424732210642102, 1.5159144440785057);
    }

    @Test
    void thousandsOfLabelsUseTheSortedContingency() {
        int n = 20000;
        int[] t = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 5000;
            p[i] = i % 3 != 0 ? (i * 7) % 4099 : i % 5000;
        }
        assertMetrics(t, p, 0.3335, 0.8457110700558341, 0.05134394391542997, 0.8419608420649092, 0.8494948557463342,
                0.845711070055834, 7.171143151474325);
    }

    @Test
    void manyRowsNeedLongPairCounts() {
        int n = 300_000;
        int[] t = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 10;
            p[i] = i % 100 == 0 ? (i % 10 + 1) % 10 : i % 10;
        }
        assertMetrics(t, p, 0.99, 0.9856611963991714, 0.9789070055659528, 0.9854468046325954, 0.9858756814713043,
                0.9856611963991713, 2.269075122285629);
    }

    @Test
    void degenerateCasesFollowSklearn() {
        assertMetrics(new int[] {4, 4, 4}, new int[] {9, 9, 9}, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0);
        assertMetrics(new int[] {4, 4, 4, 4}, new int[] {0, 1, 0, 1}, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0);
        assertMetrics(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
                1.3862943611198906);
        assertMetrics(new int[] {7}, new int[] {2}, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0);
    }

    @Test
    void labelsAtIntMaxWork() {
        int[] t = {Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0};
        int[] p = {1, 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1};
        ClusteringMetrics.Report r = ClusteringMetrics.evaluate(t, p);
        assertThat(r.trueClasses()).isEqualTo(2);
        assertThat(r.predictedClusters()).isEqualTo(2);
        assertThat(r.adjustedRandIndex()).isEqualTo(1.0);
        assertThat(r.normalizedMutualInformation()).isCloseTo(1.0, within(TOLERANCE));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ClusteringMetrics.purity(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("true labels have 2 rows but predicted labels have 1");
        assertThatThrownBy(() -> ClusteringMetrics.adjustedRandIndex(new int[0], new int[0]))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClusteringMetrics.normalizedMutualInformation(new int[] {0, 1, 2},
                new int[] {0, -1, 2}))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("predicted labels").hasMessageContaining("row 1")
                .hasMessageContaining("negative label -1");
        assertThatThrownBy(() -> ClusteringMetrics.evaluate(new int[] {-3}, new int[] {0}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("true labels, row 0");
        assertThatThrownBy(() -> ClusteringMetrics.evaluate(null, new int[] {0}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("must not be null");
    }
}
