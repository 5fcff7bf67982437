package org.clostera.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

class OPQMeansTest {

    /** An OPQ encoder trained on {@code g} with M = {@code m}, Ks = 16. */
    private static OPQEncoder encoder(LabeledGaussians g, int dim, int m, int threads) {
        return OPQEncoder.builder().subquantizers(m).codebookSize(16).opqIterations(2).seed(3).threads(threads)
                .fit(g.data(), dim);
    }

    @Test
    void encodesAndClustersVectorsWithTheGivenEncoder() {
        LabeledGaussians g = LabeledGaussians.generate(3000, 32, 8, 6.0, 21);
        OPQEncoder enc = encoder(g, 32, 8, 2);
        OPQMeans km = OPQMeans.builder().k(8).encoder(enc).seed(3).threads(2).build();
        assertThatThrownBy(km::labels).isInstanceOf(IllegalStateException.class).hasMessageContaining("not fitted");
        km.fit(g.asRows());
        assertThat(km.encoder()).isSameAs(enc);
        assertThat(g.purity(km.labels())).isGreaterThanOrEqualTo(0.99);
        assertThat(km.clusterCenters()).hasNumberOfRows(8);
        assertThat(km.clusterCenters()[0]).hasSize(32);
        // predictions on the training rows agree with the fitted labels
        assertThat(km.predict(g.asRows())).containsExactly(km.labels());
        assertThat(km.label(2_999)).isEqualTo(km.labels()[2_999]);
    }

    @Test
    void choosesKAutomaticallyWhenKIsNull() {
        LabeledGaussians g = LabeledGaussians.generate(3000, 32, 8, 6.0, 21);
        OPQMeans km = OPQMeans.builder().k(null).encoder(encoder(g, 32, 8, 2)).seed(3).threads(2)
                .autoK(AutoKOptions.builder().candidates(4, 6, 8, 12, 16).build()).build().fit(g.asRows());
        assertThat(km.selectedK()).isEqualTo(8);
        assertThat(km.k()).isEqualTo(8);
        assertThat(km.kSelection()).isNotNull();
        assertThat(km.kSelection().selectedK()).isEqualTo(8);
        assertThat(g.purity(km.labels())).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void sameResultForOneAndManyThreads() {
        LabeledGaussians g = LabeledGaussians.generate(2000, 24, 6, 4.0, 5);
        OPQMeans one = OPQMeans.builder().k(6).encoder(encoder(g, 24, 6, 1)).seed(1).threads(1).build()
                .fit(g.asRows());
        OPQMeans three = OPQMeans.builder().k(6).encoder(encoder(g, 24, 6, 3)).seed(1).threads(3).build()
                .fit(g.asRows());
        assertThat(three.labels()).containsExactly(one.labels());
        assertThat(three.codingSpaceCenters()).containsExactly(one.codingSpaceCenters());
        assertThat(three.inertiaHistory()).containsExactly(one.inertiaHistory());
    }

    @Test
    void clustersCodesOfAGivenOpqEncoder() {
        LabeledGaussians g = LabeledGaussians.generate(2000, 16, 4, 6.0, 8);
        OPQEncoder enc = OPQEncoder.builder().subquantizers(4).codebookSize(16).seed(2).threads(2).fit(g.data(), 16);
        byte[] codes = new byte[2000 * 4];
        enc.encode(g.data(), 2000, codes);
        OPQMeans km = OPQMeans.builder().k(4).encoder(enc).seed(2).threads(2).build()
                .fit(HeapCodeStore.copyOf(codes, 4));
        assertThat(km.encoder()).isSameAs(enc);
        assertThat(g.purity(km.labels())).isGreaterThanOrEqualTo(0.99);
        assertThat(km.predictCodes(codes, 2000)).containsExactly(km.labels());
    }

    @Test
    void passesEverySettingToTheCodeSpaceClusterer() {
        LabeledGaussians g = LabeledGaussians.generate(1500, 16, 5, 3.0, 4);
        OPQEncoder enc = OPQEncoder.builder().subquantizers(4).codebookSize(16).iterations(7).opqIterations(1)
                .trainRows(900).seed(11).threads(2).fit(g.data(), 16);
        OPQMeans.Builder builder = OPQMeans.builder().k(5).encoder(enc).seed(11).threads(2).iterations(3).tolerance(0)
                .seedingSampleRows(300).lookupTableBytes(1 << 12);
        OPQMeans km = builder.build();
        // Changing the builder afterwards does not change what it built.
        builder.k(2).seed(99).iterations(0);
        km.fit(g.asRows());

        PQKMeans direct = PQKMeans.builder().k(5).encoder(enc).seed(11).threads(2).iterations(3).tolerance(0)
                .seedingSampleRows(300).lookupTableBytes(1 << 12).build().fit(g.asRows());
        assertThat(km.k()).isEqualTo(5);
        assertThat(km.iterationsRun()).isPositive().isEqualTo(direct.iterationsRun());
        assertThat(km.labels()).containsExactly(direct.labels());
        assertThat(km.codingSpaceCenters()).containsExactly(direct.codingSpaceCenters());
        assertThat(km.inertiaHistory()).containsExactly(direct.inertiaHistory());
    }

    @Test
    void rejectsAnEncoderWithoutRotation() {
        LabeledGaussians g = LabeledGaussians.generate(500, 8, 2, 4.0, 1);
        PQEncoder pq = PQEncoder.builder().subquantizers(2).codebookSize(8).fit(ArrayVectorSource.of(g.data(), 8));
        assertThatThrownBy(() -> OPQMeans.builder().encoder(pq))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("OPQMeans needs an encoder trained with a rotation")
                .hasMessageContaining("PQKMeans");
        assertThatThrownBy(() -> OPQMeans.builder().k(2).build())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("OPQMeans clusters codes and needs the encoder that made them")
                .hasMessageContaining("OPQEncoder.builder()").hasMessageContaining("org.clostera.Clusterer");
    }
}
