package org.clostera.io.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hard settings of {@link SyntheticDataset}: Dirichlet cluster sizes and correlated noise. */
class HardSyntheticDatasetTest {

    private static SyntheticDataset.Builder hard(Distribution d, long rows, int dim, int clusters, long seed) {
        return SyntheticDataset.builder().distribution(d).rows(rows).dim(dim).clusters(clusters).seed(seed)
                .separation(0.3).sizeConcentration(0.2).correlatedNoise(0.5, 4);
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void hardRowsArePureFunctionsOfSeedAndIndex(Distribution d) {
        SyntheticDataset a = hard(d, 2000, 21, 7, 5).build();
        SyntheticDataset b = hard(d, 900_000, 21, 7, 5).build();
        float[] whole = new float[300 * 21];
        a.read(1000, 300, whole, 0);
        int[] labels = new int[300];
        a.labels(1000, 300, labels);
        float[] one = new float[21];
        for (int i = 299; i >= 0; i -= 7) {
            b.read(1000 + i, 1, one, 0);
            for (int j = 0; j < 21; j++) {
                assertThat(one[j]).isEqualTo(whole[i * 21 + j]);
            }
            assertThat(b.label(1000 + i)).isEqualTo(labels[i]);
        }
        assertThat(b.clusterWeights()).containsExactly(a.clusterWeights());
        // The correlated factor changes the rows, not the labels (drawn first).
        SyntheticDataset plain = SyntheticDataset.builder().distribution(d).rows(2000).dim(21).clusters(7).seed(5)
                .separation(0.3).sizeConcentration(0.2).build();
        int[] plainLabels = new int[300];
        plain.labels(1000, 300, plainLabels);
        assertThat(plainLabels).isEqualTo(labels);
        float[] plainRows = new float[300 * 21];
        plain.read(1000, 300, plainRows, 0);
        assertThat(plainRows).isNotEqualTo(whole);
    }

    /**
     * Weights of a symmetric Dirichlet(alpha) over K clusters have mean 1/K and variance
     * (1/K)(1 - 1/K) / (K alpha + 1); with a floor f they are f + (1 - K f) times those.
     */
    @Test
    void dirichletWeightsHaveTheExpectedMeanAndVariance() {
        int k = 10;
        double alpha = 0.5;
        double floor = 0.01;
        int seeds = 600;
        double sum = 0;
        double sumSquares = 0;
        double smallest = 1;
        for (int seed = 0; seed < seeds; seed++) {
            double[] w = SyntheticDataset.builder().rows(k).dim(1).clusters(k).seed(seed).sizeConcentration(alpha)
                    .minClusterFraction(floor).build().clusterWeights();
            assertThat(w).hasSize(k);
            double total = 0;
            for (double x : w) {
                double g = (x - floor) / (1 - k * floor);
                sum += g;
                sumSquares += g * g;
                total += x;
                smallest = Math.min(smallest, x);
            }
            assertThat(total).isCloseTo(1.0, within(1e-9));
        }
        double n = (double) seeds * k;
        double mean = sum / n;
        double variance = sumSquares / n - mean * mean;
        double expectedVariance = (1.0 / k) * (1 - 1.0 / k) / (k * alpha + 1);
        assertThat(mean).isCloseTo(0.1, within(1e-9));  // the weights of each draw sum to 1
        assertThat(variance).isCloseTo(expectedVariance, within(0.1 * expectedVariance));
        assertThat(smallest).isGreaterThanOrEqualTo(floor).isLessThan(floor + 1e-4);
    }

    @Test
    void labelCountsFollowDirichletWeights() {
        int rows = 60_000;
        SyntheticDataset ds = SyntheticDataset.builder().rows(rows).dim(2).clusters(12).seed(3).sizeConcentration(1)
                .build();
        int[] labels = new int[rows];
        ds.labels(0, rows, labels);
        long[] counts = new long[12];
        for (int l : labels) {
            counts[l]++;
        }
        double[] w = ds.clusterWeights();
        for (int c = 0; c < 12; c++) {
            double expected = rows * w[c];
            assertThat((double) counts[c]).as("cluster %d", c)
                    .isCloseTo(expected, within(5 * Math.sqrt(expected * (1 - w[c])) + 1));
        }
    }

    /** The hard setting: K = 32, concentration 0.1, default floor: the smallest clusters hold ~0.2% of rows. */
    @Test
    void smallestClusterAtTheHardSettingIsAboutTwoPerMille() {
        int rows = 100_000;
        SyntheticDataset ds = SyntheticDataset.builder().rows(rows).dim(1).clusters(32).seed(1)
                .sizeConcentration(0.1).build();
        assertThat(ds.minClusterFraction()).isEqualTo(0.002);
        int[] labels = new int[rows];
        ds.labels(0, rows, labels);
        int[] counts = new int[32];
        for (int l : labels) {
            counts[l]++;
        }
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        int nearFloor = 0;
        for (int c : counts) {
            smallest = Math.min(smallest, c);
            largest = Math.max(largest, c);
            nearFloor += c < 0.004 * rows ? 1 : 0;
        }
        assertThat(smallest).isBetween(140, 260);  // 200 expected
        assertThat(largest).isGreaterThan(10_000); // a few clusters hold most rows
        assertThat(nearFloor).isGreaterThanOrEqualTo(10);
        // The default floor shrinks for many clusters so that it never takes more than half of the rows.
        assertThat(SyntheticDataset.builder().rows(10_000).dim(1).clusters(1000).sizeConcentration(1).build()
                .minClusterFraction()).isEqualTo(0.0005);
    }

    /**
     * Correlated noise: per-dimension variance stays near 1 on average while dimensions become strongly
     * correlated (covariance {@code (1 - share) I + share L L^T}; without it they are uncorrelated).
     */
    @Test
    void correlatedNoiseCorrelatesDimensionsAtUnitVariance() {
        int dim = 32;
        int rows = 20_000;
        double[] withFactor = covarianceSummary(SyntheticDataset.builder().rows(rows).dim(dim).clusters(1).seed(2)
                .correlatedNoise(0.6, 2).build());
        double[] without = covarianceSummary(SyntheticDataset.builder().rows(rows).dim(dim).clusters(1).seed(2)
                .build());
        assertThat(withFactor[0]).isCloseTo(1.0, within(0.25));
        assertThat(without[0]).isCloseTo(1.0, within(0.03));
        assertThat(withFactor[1]).isGreaterThan(0.15);
        assertThat(without[1]).isLessThan(0.02);
    }

    /** {mean diagonal, mean absolute off-diagonal} of the sample covariance. */
    private static double[] covarianceSummary(SyntheticDataset ds) {
        int dim = ds.dim();
        int rows = (int) ds.rows();
        float[] x = new float[rows * dim];
        ds.read(0, rows, x, 0);
        double[] mean = new double[dim];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += x[i * dim + d] / (double) rows;
            }
        }
        double[] cov = new double[dim * dim];
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < dim; a++) {
                double xa = x[i * dim + a] - mean[a];
                for (int b = 0; b < dim; b++) {
                    cov[a * dim + b] += xa * (x[i * dim + b] - mean[b]) / rows;
                }
            }
        }
        double diagonal = 0;
        double offDiagonal = 0;
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                if (a == b) {
                    diagonal += cov[a * dim + b] / dim;
                } else {
                    offDiagonal += Math.abs(cov[a * dim + b]) / (dim * (dim - 1.0));
                }
            }
        }
        return new double[] {diagonal, offDiagonal};
    }

    @Test
    void separationForCenterDistanceInvertsTheScale() {
        assertThat(SyntheticDataset.separationForCenterDistance(8 + 1.5 * 8, 64)).isCloseTo(1.0, within(1e-12));
        assertThat(SyntheticDataset.separationForCenterDistance(4, 64)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void builderValidatesTheHardSettings() {
        SyntheticDataset.Builder base = SyntheticDataset.builder().rows(100).dim(8).clusters(10);
        assertThatThrownBy(() -> base.sizeConcentration(0).build()).isInstanceOf(InvalidParameterException.class)
                .hasMessage("size concentration must be a finite number >= 0.01, got 0.0");
        assertThatThrownBy(() -> base.sizeConcentration(1).minClusterFraction(0.1).build())
                .hasMessage("min cluster fraction must be >= 0 and below 1 / clusters = 0.1, got 0.1");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(100).dim(8).clusters(10).minClusterFraction(0.01)
                .build()).hasMessage("size concentration must be a finite number >= 0.01, got NaN (a min cluster"
                + " fraction needs a size concentration)");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(100).dim(8).clusters(10).equalClusterSizes(true)
                .sizeConcentration(1).build())
                .hasMessage("equal cluster sizes and a size concentration exclude each other");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(100).dim(8).clusters(2).correlatedNoise(1, 2).build())
                .hasMessage("correlated noise share must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(100).dim(8).clusters(2).correlatedNoise(0.5, 9)
                .build()).hasMessage("noise rank must be in 1..8 (at most the dim and 256), got 9");
        SyntheticDataset ds = SyntheticDataset.builder().rows(100).dim(8).clusters(2).separation(0.5)
                .sizeConcentration(0.5).correlatedNoise(0.5, 3).build();
        assertThat(ds.description()).isEqualTo("synthetic gaussian (rows=100, dim=8, clusters=2, seed=0,"
                + " separation=0.5, size concentration=0.5, min cluster fraction=0.002, correlated noise=0.5 rank 3)");
        assertThat(ds.noiseRank()).isEqualTo(3);
        assertThat(ds.correlatedShare()).isEqualTo(0.5);
        assertThat(ds.sizeConcentration()).isEqualTo(0.5);
    }
}
