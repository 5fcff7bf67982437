package org.clostera.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

class PQKMeansTest {
    private static final LabeledGaussians DATA = LabeledGaussians.generate(6000, 24, 8, 5.0, 17);
    private static final PQEncoder ENCODER = PQEncoder.builder().subquantizers(6).codebookSize(32).iterations(10)
            .seed(2).threads(2).fit(DATA.data(), 24);

    private static HeapCodeStore codes() {
        byte[] codes = new byte[DATA.rows() * 6];
        ENCODER.encode(DATA.data(), DATA.rows(), codes);
        return HeapCodeStore.copyOf(codes, 6);
    }

    @Test
    void fitOnCodesAndOnVectorsAgree() {
        PQKMeans onCodes = PQKMeans.builder().k(8).encoder(ENCODER).threads(1).build().fit(codes());
        PQKMeans onVectors = PQKMeans.builder().k(8).encoder(ENCODER).threads(3).build()
                .fit(ArrayVectorSource.of(DATA.data(), 24));
        assertThat(onVectors.labels()).isEqualTo(onCodes.labels());
        assertThat(onVectors.codingSpaceCenters()).isEqualTo(onCodes.codingSpaceCenters());
        assertThat(DATA.purity(onCodes.labels())).isGreaterThanOrEqualTo(0.999);
        assertThat(onCodes.k()).isEqualTo(8);
        assertThat(onCodes.encoder()).isSameAs(ENCODER);
        assertThat(Arrays.stream(onCodes.clusterSizes()).sum()).isEqualTo(6000);
        assertThat(onCodes.inertia()).isEqualTo(onCodes.inertiaHistory()[onCodes.iterationsRun()]);
    }

    @Test
    void centersAreInputSpaceMeansAndPredictMatchesLabels() {
        PQKMeans km = PQKMeans.builder().k(8).encoder(ENCODER).seed(4).build().fit(DATA.asRows());
        float[][] centers = km.clusterCenters();
        assertThat(centers).hasNumberOfRows(8);
        // PQ's coding space is the normalised input: input-space centers are coding-space ones x scale + mean.
        float[] coding = km.codingSpaceCenters();
        double scale = ENCODER.normalization().scale();
        double[] offset = ENCODER.normalization().mean(24);
        for (int c = 0; c < 8; c++) {
            for (int j = 0; j < 24; j++) {
                assertThat(centers[c][j]).isEqualTo((float) (coding[c * 24 + j] * scale + offset[j]));
            }
        }
        // Each center lies near the mean of its members' raw vectors (PQ error is small next to the blobs).
        int[] labels = km.labels();
        for (int c = 0; c < 8; c++) {
            double[] mean = new double[24];
            int count = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    count++;
                    for (int j = 0; j < 24; j++) {
                        mean[j] += DATA.data()[i * 24 + j];
                    }
                }
            }
            double sq = 0;
            for (int j = 0; j < 24; j++) {
                double d = mean[j] / count - centers[c][j];
                sq += d * d;
            }
            assertThat(Math.sqrt(sq)).isLessThan(0.5);
        }
        assertThat(km.predict(DATA.asRows())).isEqualTo(labels);
        byte[] codes = new byte[DATA.rows() * 6];
        ENCODER.encode(DATA.data(), DATA.rows(), codes);
        assertThat(km.predictCodes(codes, DATA.rows())).isEqualTo(labels);
        assertThat(km.predict(codes())).isEqualTo(labels);
    }

    @Test
    void needsAnEncoderAndPointsToClustererToTrainOne() {
        assertThatThrownBy(() -> PQKMeans.builder().k(8).build())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("PQKMeans clusters codes and needs the encoder that made them: set PQKMeans.builder()"
                        + ".encoder(PQEncoder.builder()...fit(vectors)), or use org.clostera.Clusterer, which trains"
                        + " the encoder and clusters in one call");
    }

    @Test
    void clearErrors() {
        PQKMeans unfitted = PQKMeans.builder().k(3).encoder(ENCODER).build();
        assertThatThrownBy(unfitted::labels).isInstanceOf(IllegalStateException.class).hasMessageContaining("fit");
        assertThatThrownBy(() -> PQKMeans.builder().k(0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PQKMeans.builder().k(7000).encoder(ENCODER).build().fit(codes()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("k = 7000").hasMessageContaining("N = 6000");
        assertThatThrownBy(() -> PQKMeans.builder().k(3).encoder(ENCODER).build()
                .fit(ArrayVectorSource.of(new float[40], 20)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 20")
                .hasMessageContaining("24");
        // An unset K means auto-K (PQKMeansAutoKTest), which rejects candidates beyond the rows.
        assertThatThrownBy(() -> PQKMeans.builder().encoder(ENCODER).autoKCandidates(2, 7000).build().fit(codes()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("K = 7000");
        PQKMeans km = PQKMeans.builder().k(3).encoder(ENCODER).build().fit(codes());
        assertThatThrownBy(() -> km.predict(new float[][] {new float[5]}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 5");
    }
}
