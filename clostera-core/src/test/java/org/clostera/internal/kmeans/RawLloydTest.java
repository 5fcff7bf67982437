package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.cluster.HardMixture;
import org.clostera.data.ArrayVectorSource;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RawLloydTest {
    private static final HardMixture DATA = HardMixture.generate(9000, 24, 10, 1.0, 8, 0, 4);
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    /** Starting centers: the first row of every true cluster (a poor start, so several iterations run). */
    private static float[] start(float[] data, int dim) {
        float[] centers = new float[DATA.k() * dim];
        boolean[] seen = new boolean[DATA.k()];
        for (int i = 0; i < DATA.rows(); i++) {
            int c = DATA.truth()[i];
            if (!seen[c]) {
                seen[c] = true;
                System.arraycopy(data, i * dim, centers, c * dim, dim);
            }
        }
        return centers;
    }

    @Test
    void matchesAPlainDoublePrecisionLloyd() {
        RawLloyd.Outcome out = RawLloyd.run(ArrayVectorSource.of(DATA.data(), DATA.dim()), start(DATA.data(), DATA.dim()),
                DATA.k(), 30, 0, LinearAlgebra.java().gemm(), THREE);
        int[] reference = referenceLloyd(DATA.data(), DATA.dim(), start(DATA.data(), DATA.dim()), 30);
        assertThat(out.labels()).isEqualTo(reference);
        assertThat(out.iterationsRun()).isGreaterThan(1);
        double[] history = out.errorHistory();
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i]).isLessThanOrEqualTo(history[i - 1]);
        }
        // The error is that of the labels' means, per row and dimension, as HardMixture measures it.
        assertThat(history[history.length - 1] / ((double) DATA.rows() * DATA.dim()))
                .isCloseTo(DATA.sse(out.labels(), DATA.k()), org.assertj.core.data.Offset.offset(1e-5));
        long total = 0;
        for (long size : out.sizes()) {
            total += size;
        }
        assertThat(total).isEqualTo(DATA.rows());
    }

    @Test
    void sameResultForAnyThreadCount() {
        ArrayVectorSource source = ArrayVectorSource.of(DATA.data(), DATA.dim());
        RawLloyd.Outcome a = RawLloyd.run(source, start(DATA.data(), DATA.dim()), DATA.k(), 10, 0,
                LinearAlgebra.java().gemm(), ONE);
        RawLloyd.Outcome b = RawLloyd.run(source, start(DATA.data(), DATA.dim()), DATA.k(), 10, 0,
                LinearAlgebra.java().gemm(), THREE);
        assertThat(b.labels()).isEqualTo(a.labels());
        assertThat(b.centers()).isEqualTo(a.centers());
        assertThat(b.errorHistory()).isEqualTo(a.errorHistory());
    }

    /** Large offsets and magnitudes: the shifted, power-of-two-scaled products keep the labels. */
    @Test
    void labelsSurviveOffsetsAndExtremeScales() {
        int[] plain = RawLloyd.run(ArrayVectorSource.of(DATA.data(), DATA.dim()), start(DATA.data(), DATA.dim()),
                DATA.k(), 10, 0, LinearAlgebra.java().gemm(), ONE).labels();
        for (double[] transform : new double[][] {{1, 1e4}, {1e19, 0}, {1e-30, 0}, {1e3, 1e8}}) {
            float[] x = DATA.data().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * transform[0] + transform[1]);
            }
            RawLloyd.Outcome out = RawLloyd.run(ArrayVectorSource.of(x, DATA.dim()), start(x, DATA.dim()), DATA.k(), 10,
                    0, LinearAlgebra.java().gemm(), ONE);
            assertThat(agreement(out.labels(), plain)).as("scale %s offset %s", transform[0], transform[1])
                    .isGreaterThanOrEqualTo(0.999);
            assertThat(out.errorHistory()[out.errorHistory().length - 1]).isFinite().isPositive();
        }
    }

    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    /** Textbook Lloyd in double: assign, then (update, assign) until nothing changes. */
    private static int[] referenceLloyd(float[] x, int dim, float[] start, int iterations) {
        int n = x.length / dim;
        int k = start.length / dim;
        double[] centers = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            centers[i] = start[i];
        }
        int[] labels = new int[n];
        for (int it = 0; it <= iterations; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = 0;
                    for (int j = 0; j < dim; j++) {
                        double diff = x[i * dim + j] - centers[c * dim + j];
                        d += diff * diff;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                changed |= it == 0 || labels[i] != best;
                labels[i] = best;
            }
            if (!changed || it == iterations) {
                break;
            }
            double[] sums = new double[centers.length];
            int[] sizes = new int[k];
            for (int i = 0; i < n; i++) {
                sizes[labels[i]]++;
                for (int j = 0; j < dim; j++) {
                    sums[labels[i] * dim + j] += x[i * dim + j];
                }
            }
            for (int i = 0; i < centers.length; i++) {
                if (sizes[i / dim] > 0) {
                    // Rounded to float like the centers under test.
                    centers[i] = (float) (sums[i] / sizes[i / dim]);
                }
            }
        }
        return labels;
    }
}
