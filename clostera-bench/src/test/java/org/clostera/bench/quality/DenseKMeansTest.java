package org.clostera.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.metrics.ClusteringMetrics;
import org.junit.jupiter.api.Test;

class DenseKMeansTest {

    @Test
    void findsWellSeparatedClustersIdenticallyForAnyThreadCount() {
        SyntheticDataset ds = SyntheticDataset.builder().distribution(Distribution.GAUSSIAN).rows(3000).dim(19)
                .clusters(6).seed(8).build();
        float[] data = new float[3000 * 19];
        ds.read(0, 3000, data, 0);
        int[] truth = new int[3000];
        ds.labels(0, 3000, truth);
        DenseKMeans.Result one = DenseKMeans.fit(data, 19, 6, 0, 1);
        DenseKMeans.Result three = DenseKMeans.fit(data, 19, 6, 0, 3);
        assertThat(three.labels()).isEqualTo(one.labels());
        assertThat(three.iterations()).isEqualTo(one.iterations());
        assertThat(ClusteringMetrics.adjustedRandIndex(truth, one.labels())).isEqualTo(1.0);
        assertThat(one.iterations()).isBetween(2, 5);
    }

    @Test
    void squaredDistanceCoversTheTailBeyondTheVectorLanes() {
        float[] a = new float[37];
        float[] b = new float[40];
        double expected = 0;
        for (int i = 0; i < 37; i++) {
            a[i] = i * 0.5f;
            b[i + 3] = 1 - i;
            expected += Math.pow(a[i] - b[i + 3], 2);
        }
        assertThat((double) DenseKMeans.squaredDistance(a, 0, b, 3, 37)).isCloseTo(expected,
                org.assertj.core.api.Assertions.within(expected * 1e-6));
    }
}
