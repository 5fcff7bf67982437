package org.clostera.io.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticDatasetTest {

    private static SyntheticDataset dataset(Distribution d, long rows, int dim, int clusters, long seed) {
        return SyntheticDataset.builder().distribution(d).rows(rows).dim(dim).clusters(clusters).seed(seed).build();
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void rowsArePureFunctionsOfSeedAndIndex(Distribution d) {
        SyntheticDataset a = dataset(d, 1000, 37, 5, 42);
        SyntheticDataset b = dataset(d, 1000, 37, 5, 42);
        float[] whole = new float[100 * 37];
        a.read(400, 100, whole, 0);
        // Same rows read one at a time, backwards, from another instance.
        float[] one = new float[37];
        for (int i = 99; i >= 0; i--) {
            b.read(400 + i, 1, one, 0);
            for (int j = 0; j < 37; j++) {
                assertThat(one[j]).isEqualTo(whole[i * 37 + j]);
            }
        }
        int[] labels = new int[100];
        a.labels(400, 100, labels);
        for (int i = 0; i < 100; i++) {
            assertThat(b.label(400 + i)).isEqualTo(labels[i]);
        }
        // A dataset with more rows has the same prefix; another seed differs.
        SyntheticDataset longer = dataset(d, 5000, 37, 5, 42);
        float[] again = new float[100 * 37];
        longer.read(400, 100, again, 0);
        assertThat(again).isEqualTo(whole);
        SyntheticDataset other = dataset(d, 1000, 37, 5, 43);
        other.read(400, 100, again, 0);
        assertThat(again).isNotEqualTo(whole);
    }

    /**
     * Golden values recorded from this generator (seed 0, rows 10, dim 4, clusters 3, row 7), so that an
     * accidental change to the generation order or formulas, which would silently change every dataset
     * `clostera generate` writes, fails here. Update them only with a deliberate format change.
     */
    @ParameterizedTest
    @EnumSource(Distribution.class)
    void valuesArePinnedForSeedZero(Distribution d) {
        SyntheticDataset ds = dataset(d, 10, 4, 3, 0);
        float[] row = new float[4];
        ds.read(7, 1, row, 0);
        float[] expected = switch (d) {
            case GAUSSIAN -> new float[] {7.6557293f, -0.91515446f, -1.7917397f, 3.412863f};
            case ANISOTROPIC -> new float[] {5.250924f, -1.6829066f, -1.9451376f, 2.7349875f};
            case STUDENT_T -> new float[] {5.0549207f, -1.9257603f, -2.3980656f, 4.0776343f};
            case BLOCK_MIXED -> new float[] {7.1164136f, -2.4198234f, -2.7720797f, 5.7655826f};
        };
        assertThat(ds.label(7)).isEqualTo(1);
        assertThat(row).containsExactly(expected);
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void labelCountsFollowTheWeights(Distribution d) {
        int rows = 40_000;
        SyntheticDataset ds = dataset(d, rows, 3, 8, 7);
        int[] labels = new int[rows];
        ds.labels(0, rows, labels);
        long[] counts = new long[8];
        for (int l : labels) {
            counts[l]++;
        }
        double[] weights = ds.clusterWeights();
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(rows);
        assertThat(java.util.Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-12));
        for (int c = 0; c < 8; c++) {
            double expected = weights[c] * rows;
            // 5 binomial standard deviations
            assertThat((double) counts[c]).as("cluster %d", c)
                    .isCloseTo(expected, within(5 * Math.sqrt(expected)));
            assertThat(weights[c]).isBetween(0.5 / 1.5 / 8, 1.5 / 0.5 / 8);
        }
    }

    @Test
    void equalClusterSizesGiveEqualWeights() {
        SyntheticDataset ds = SyntheticDataset.builder().rows(100).dim(2).clusters(4).equalClusterSizes(true).build();
        assertThat(ds.clusterWeights()).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-12));
    }

    /**
     * At the benchmark shape (D = 2048, K = 64) every row is nearer its own center than any other one,
     * by a wide margin, although centers are closer to each other than a cluster's radius.
     */
    @ParameterizedTest
    @EnumSource(Distribution.class)
    void clustersAreSeparatedAtTheBenchmarkShape(Distribution d) {
        int dim = 2048;
        int k = 64;
        int rows = 1000;
        SyntheticDataset ds = dataset(d, 200_000, dim, k, 1);
        float[][] centers = new float[k][];
        for (int c = 0; c < k; c++) {
            centers[c] = ds.center(c);
        }
        double centerDistance = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                centerDistance += Math.sqrt(squaredDistance(centers[a], centers[b]));
            }
        }
        centerDistance /= k * (k - 1) / 2.0;
        // separation * (8 + 1.5 sqrt(D)) = 75.88
        assertThat(centerDistance).isCloseTo(75.88, within(1.5));

        float[] x = new float[rows * dim];
        int[] labels = new int[rows];
        ds.read(50_000, rows, x, 0);
        ds.labels(50_000, rows, labels);
        int nearestOwn = 0;
        double ownSquared = 0;
        double worstMarginRatio = Double.MAX_VALUE;
        float[] row = new float[dim];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * dim, row, 0, dim);
            double own = squaredDistance(row, centers[labels[i]]);
            double other = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != labels[i]) {
                    other = Math.min(other, squaredDistance(row, centers[c]));
                }
            }
            ownSquared += own;
            if (own < other) {
                nearestOwn++;
            }
            worstMarginRatio = Math.min(worstMarginRatio, (other - own) / own);
        }
        assertThat(nearestOwn).isEqualTo(rows);
        // Unit noise variance per dimension: squared radius ~ D.
        assertThat(ownSquared / rows / dim).isCloseTo(1.0, within(0.05));
        // For every row the nearest other center is more than twice as far in squared distance
        // (expected ratio (D + 75.9^2) / D = 3.8).
        assertThat(worstMarginRatio).isGreaterThan(1.0);
    }

    @Test
    void studentTHasHeavyTailedCoordinates() {
        int dim = 256;
        int rows = 8000;
        // Exact two-sided tail probabilities of a unit-variance t(5) (scipy: 2 * t.sf(x * sqrt(5/3), 5)):
        // beyond 4: 0.0035728, beyond 6: 0.00057325. Gaussian: 6.3e-5 and 2e-9.
        double[] t = tailFractions(dataset(Distribution.STUDENT_T, rows, dim, 1, 3));
        double[] g = tailFractions(dataset(Distribution.GAUSSIAN, rows, dim, 1, 3));
        assertThat(t[0]).isCloseTo(1.0, within(0.01)); // unit variance
        assertThat(t[1]).isCloseTo(0.0035728, within(0.0035728 * 0.05));
        assertThat(t[2]).isCloseTo(0.00057325, within(0.00057325 * 0.12));
        assertThat(g[0]).isCloseTo(1.0, within(0.01));
        assertThat(g[1]).isCloseTo(6.334e-5, within(3e-5));
        assertThat(g[2]).isZero();
    }

    /** Variance of the noise coordinates, and the fractions beyond 4 and 6 (one-cluster datasets). */
    private static double[] tailFractions(SyntheticDataset ds) {
        int dim = ds.dim();
        float[] center = ds.center(0);
        float[] row = new float[dim];
        double sumSquares = 0;
        long beyond4 = 0;
        long beyond6 = 0;
        for (long i = 0; i < ds.rows(); i++) {
            ds.read(i, 1, row, 0);
            for (int d = 0; d < dim; d++) {
                double e = Math.abs(row[d] - center[d]);
                sumSquares += e * e;
                beyond4 += e > 4 ? 1 : 0;
                beyond6 += e > 6 ? 1 : 0;
            }
        }
        double n = (double) ds.rows() * dim;
        return new double[] {sumSquares / n, beyond4 / n, beyond6 / n};
    }

    @Test
    void anisotropicClustersAreTiltedEllipsoids() {
        int dim = 16;
        double[][] aniso = covariance(dataset(Distribution.ANISOTROPIC, 40_000, dim, 1, 5));
        double[][] iso = covariance(dataset(Distribution.GAUSSIAN, 40_000, dim, 1, 5));
        assertThat(trace(aniso) / dim).isCloseTo(1.0, within(0.1));
        assertThat(maxOffDiagonalCorrelation(iso)).isLessThan(0.05);
        assertThat(variance(diagonal(iso))).isLessThan(0.01);
        // Rotated pairs of unequally scaled axes: strong correlations and unequal variances.
        assertThat(maxOffDiagonalCorrelation(aniso)).isGreaterThan(0.3);
        assertThat(max(diagonal(aniso)) / min(diagonal(aniso))).isGreaterThan(3);
    }

    @Test
    void blockMixedCorrelatesDimensionsWithinScatteredBlocks() {
        int dim = 64;
        SyntheticDataset ds = dataset(Distribution.BLOCK_MIXED, 20_000, dim, 1, 9);
        double[][] cov = covariance(ds);
        assertThat(trace(cov) / dim).isCloseTo(1.0, within(0.15));
        int withinPairs = 0;
        int withinCorrelated = 0;
        int acrossCorrelated = 0;
        int contiguousSameBlock = 0;
        for (int a = 0; a < dim; a++) {
            for (int b = a + 1; b < dim; b++) {
                double corr = Math.abs(cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]));
                if (ds.blockOf(a) == ds.blockOf(b)) {
                    withinPairs++;
                    withinCorrelated += corr > 0.2 ? 1 : 0;
                } else {
                    acrossCorrelated += corr > 0.05 ? 1 : 0;
                }
            }
            if (a + 1 < dim && ds.blockOf(a) == ds.blockOf(a + 1)) {
                contiguousSameBlock++;
            }
        }
        assertThat(withinPairs).isEqualTo(4 * 16 * 15 / 2);
        assertThat(withinCorrelated).isGreaterThan(withinPairs / 2);
        assertThat(acrossCorrelated).isZero();
        // Blocks are scattered: neighbours share a block about as often as chance (1/4) predicts.
        assertThat(contiguousSameBlock).isBetween(5, 28);
    }

    @Test
    void distributionNamesParse() {
        assertThat(Distribution.fromCliName("student_t")).isEqualTo(Distribution.STUDENT_T);
        assertThat(Distribution.fromCliName("Block-Mixed")).isEqualTo(Distribution.BLOCK_MIXED);
        assertThat(Distribution.ANISOTROPIC.cliName()).isEqualTo("anisotropic");
        assertThatThrownBy(() -> Distribution.fromCliName("uniform")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("unknown distribution 'uniform'")
                .hasMessageContaining("gaussian, anisotropic, student_t, block_mixed");
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> SyntheticDataset.builder().dim(2).clusters(1).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("rows must be >= 1");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(5).clusters(1).build())
                .hasMessageContaining("dim must be >= 1");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(5).dim(2).build())
                .hasMessageContaining("clusters must be >= 1");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(5).dim(2).clusters(6).build())
                .hasMessageContaining("clusters (6) must not exceed rows (5)");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(5).dim(2).clusters(2).separation(0).build())
                .hasMessageContaining("separation");
        assertThatThrownBy(() -> SyntheticDataset.builder().rows(1L << 40).dim(1 << 20).clusters(1 << 10).build())
                .hasMessageContaining("clusters x dim too large");
        SyntheticDataset ds = dataset(Distribution.GAUSSIAN, 10, 2, 2, 0);
        assertThatThrownBy(() -> ds.read(9, 2, new float[4], 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [9, 11) of 10");
        assertThatThrownBy(() -> ds.read(0, 2, new float[3], 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination too small: 4 floats at offset 0 of 3");
        assertThatThrownBy(() -> ds.label(10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [10, 11) of 10");
        assertThat(ds.description()).isEqualTo("synthetic gaussian (rows=10, dim=2, clusters=2, seed=0)");
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            s += diff * diff;
        }
        return s;
    }

    /** Sample covariance of the within-cluster noise (one cluster datasets). */
    private static double[][] covariance(SyntheticDataset ds) {
        int dim = ds.dim();
        float[] center = ds.center(0);
        float[] row = new float[dim];
        double[][] cov = new double[dim][dim];
        for (long i = 0; i < ds.rows(); i++) {
            ds.read(i, 1, row, 0);
            for (int a = 0; a < dim; a++) {
                double da = row[a] - center[a];
                for (int b = 0; b < dim; b++) {
                    cov[a][b] += da * (row[b] - center[b]);
                }
            }
        }
        for (double[] r : cov) {
            for (int b = 0; b < dim; b++) {
                r[b] /= ds.rows();
            }
        }
        return cov;
    }

    private static double trace(double[][] m) {
        double t = 0;
        for (int i = 0; i < m.length; i++) {
            t += m[i][i];
        }
        return t;
    }

    private static double[] diagonal(double[][] m) {
        double[] d = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            d[i] = m[i][i];
        }
        return d;
    }

    private static double maxOffDiagonalCorrelation(double[][] m) {
        double best = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = a + 1; b < m.length; b++) {
                best = Math.max(best, Math.abs(m[a][b] / Math.sqrt(m[a][a] * m[b][b])));
            }
        }
        return best;
    }

    private static double variance(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }
}
