package org.clostera.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import org.clostera.InvalidParameterException;
import org.clostera.data.HeapCodeStore;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PQKMeansAutoKTest {
    private static final int DIM = 32;
    private static float[] data;
    private static int rows;
    private static int[] truth;
    private static PQEncoder encoder;
    private static HeapCodeStore codes;

    /** 12 Gaussian blobs of unequal sizes (100, 200, 300 rows), centers N(0, 3^2) per dimension. */
    @BeforeAll
    static void blobs() {
        SplittableRandom random = new SplittableRandom(11);
        int k = 12;
        float[] centers = new float[k * DIM];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (3 * random.nextGaussian());
        }
        rows = 0;
        for (int c = 0; c < k; c++) {
            rows += 100 * (1 + c % 3);
        }
        truth = new int[rows];
        data = new float[rows * DIM];
        int r = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < 100 * (1 + c % 3); i++, r++) {
                truth[r] = c;
                for (int j = 0; j < DIM; j++) {
                    data[r * DIM + j] = (float) (centers[c * DIM + j] + random.nextGaussian());
                }
            }
        }
        encoder = PQEncoder.builder().subquantizers(8).codebookSize(64).seed(3).threads(2).fit(data, DIM);
        byte[] bytes = new byte[rows * encoder.subquantizers()];
        encoder.encode(data, rows, bytes);
        codes = HeapCodeStore.copyOf(bytes, encoder.subquantizers());
    }

    @Test
    void nullKSelectsTheTrueKAndClustersAllCodesWithIt() {
        PQKMeans km = PQKMeans.builder().k(null).encoder(encoder).seed(1).threads(2).build().fit(codes);
        assertThat(km.selectedK()).isEqualTo(12);
        assertThat(km.k()).isEqualTo(12);
        KSelection selection = km.kSelection();
        assertThat(selection.method()).isEqualTo(AutoKMethod.CENTROID_SILHOUETTE);
        assertThat(selection.candidateKs()).containsExactly(4, 6, 8, 12, 14, 16); // 14: the midpoint above the pick
        assertThat(selection.sampleRows()).isEqualTo(rows);
        assertThat(km.labels()).hasSize(rows);
        assertThat(purity(km.labels(), 12)).isGreaterThan(0.99);
        for (AutoKMethod method : AutoKMethod.values()) {
            assertThat(selection.selectedK(method)).as(method.key()).isEqualTo(12);
        }
    }

    @Test
    void explicitCandidatesMethodAndSampleAreHonoured() {
        PQKMeans km = PQKMeans.builder().k(null).encoder(encoder).threads(1).autoKMethod(AutoKMethod.DAVIES_BOULDIN)
                .autoKCandidates(20, 12, 5).autoKSampleRows(1000).build().fit(codes);
        KSelection selection = km.kSelection();
        assertThat(selection.candidateKs()).containsExactly(5, 12, 20);
        assertThat(selection.candidateSource()).isEqualTo("explicit");
        assertThat(selection.method()).isEqualTo(AutoKMethod.DAVIES_BOULDIN);
        assertThat(selection.sampleRows()).isEqualTo(1000);
        assertThat(km.selectedK()).isEqualTo(12);
        Map<String, Object> map = selection.toMap();
        assertThat(map.get("method")).isEqualTo("davies_bouldin");
        assertThat(map.get("selected_k")).isEqualTo(12);
    }

    @Test
    void sameSelectionAndLabelsForAnyThreadCount() {
        PQKMeans one = PQKMeans.builder().k(null).encoder(encoder).seed(5).threads(1).autoKMin(6).autoKMax(16)
                .autoKStep(2).build().fit(codes);
        PQKMeans three = PQKMeans.builder().k(null).encoder(encoder).seed(5).threads(3).autoKMin(6).autoKMax(16)
                .autoKStep(2).build().fit(codes);
        assertThat(one.kSelection().candidateKs()).containsExactly(6, 8, 10, 12, 14, 16);
        assertThat(three.kSelection().scores(AutoKMethod.CENTROID_SILHOUETTE))
                .containsExactly(one.kSelection().scores(AutoKMethod.CENTROID_SILHOUETTE));
        assertThat(three.kSelection().scores(AutoKMethod.BIC)).containsExactly(one.kSelection().scores(AutoKMethod.BIC));
        assertThat(three.labels()).containsExactly(one.labels());
        assertThat(one.selectedK()).isEqualTo(12);
    }

    @Test
    void fixedKHasNoSelectionReport() {
        PQKMeans km = PQKMeans.builder().k(12).encoder(encoder).threads(2).build().fit(codes);
        assertThat(km.selectedK()).isEqualTo(12);
        assertThat(km.kSelection()).isNull();
        assertThatThrownBy(() -> PQKMeans.builder().k(null).encoder(encoder).build().kSelection())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badAutoKParametersFailBeforeAnyWork() {
        assertThatThrownBy(() -> PQKMeans.builder().k(null).encoder(encoder).autoKMin(30).autoKMax(10).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("autoKMin (30)");
        assertThatThrownBy(() -> PQKMeans.builder().k(null).encoder(encoder).autoKCandidates(7).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("at least 2 candidates");
        PQKMeans tooMany = PQKMeans.builder().k(null).encoder(encoder).autoKCandidates(8, 5000).build();
        assertThatThrownBy(() -> tooMany.fit(codes)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("autoKCandidates: K = 5000 is more than the " + rows + " rows of the data");
        assertThatThrownBy(() -> PQKMeans.builder().autoKMethod(null))
                .isInstanceOf(InvalidParameterException.class);
    }

    private static double purity(int[] labels, int k) {
        int[][] counts = new int[k][12];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][truth[i]]++;
        }
        long majority = 0;
        for (int[] row : counts) {
            int max = 0;
            for (int v : row) {
                max = Math.max(max, v);
            }
            majority += max;
        }
        return majority / (double) labels.length;
    }
}
