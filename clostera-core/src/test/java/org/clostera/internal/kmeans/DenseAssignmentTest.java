package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.clostera.internal.linalg.Gemm;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DenseAssignmentTest {
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    /** The argmin of the double distance in the frame, lowest index on ties: what the class promises. */
    private static int[] reference(float[] rows, int n, float[] centers, int k, int dim) {
        DenseAssignment frame = new DenseAssignment(centers, k, dim);
        float[] x = rows.clone();
        // The frame's own transform of the rows, then a full scan in double.
        DenseAssignment.Block block = frame.newBlock(n);
        System.arraycopy(x, 0, block.rows, 0, n * dim);
        frame.assign(block, n, LinearAlgebra.java().gemm(), ONE);
        float[] scaled = block.rows;
        float[] scaledCenters = new float[k * dim];
        double[] origin = new double[dim];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                origin[j] += centers[c * dim + j];
            }
        }
        double largest = 0;
        for (int j = 0; j < dim; j++) {
            origin[j] /= k;
        }
        for (int i = 0; i < k * dim; i++) {
            largest = Math.max(largest, Math.abs(centers[i] - origin[i % dim]));
        }
        double scale = largest > 0 ? Math.scalb(1.0, Math.getExponent(largest)) : 1;
        for (int i = 0; i < k * dim; i++) {
            scaledCenters[i] = (float) ((centers[i] - origin[i % dim]) / scale);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double d = 0;
                for (int j = 0; j < dim; j++) {
                    double diff = (double) scaled[i * dim + j] - scaledCenters[c * dim + j];
                    d += diff * diff;
                }
                if (d < best) {
                    best = d;
                    labels[i] = c;
                }
            }
        }
        return labels;
    }

    private static int[] assign(float[] rows, int n, float[] centers, int k, int dim, int blockRows, Gemm gemm,
                                WorkerPool pool) {
        DenseAssignment frame = new DenseAssignment(centers, k, dim);
        DenseAssignment.Block block = frame.newBlock(blockRows);
        int[] labels = new int[n];
        for (int first = 0; first < n; first += blockRows) {
            int count = Math.min(blockRows, n - first);
            System.arraycopy(rows, first * dim, block.rows, 0, count * dim);
            frame.assign(block, count, gemm, pool);
            System.arraycopy(block.labels, 0, labels, first, count);
        }
        return labels;
    }

    @Test
    void labelsAreTheExactArgminForAnyBlockingThreadsAndProduct() {
        int n = 3000;
        int dim = 37;
        int k = 50;
        SplittableRandom random = new SplittableRandom(7);
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        // Rows near centers and near midpoints between two centers (near-ties for the products).
        float[] rows = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(k);
            int b = random.nextInt(k);
            double t = i % 2 == 0 ? 0.5 : 0.1;
            for (int j = 0; j < dim; j++) {
                rows[i * dim + j] = (float) ((1 - t) * centers[a * dim + j] + t * centers[b * dim + j]
                        + 1e-6 * random.nextGaussian());
            }
        }
        int[] expected = reference(rows, n, centers, k, dim);
        assertThat(assign(rows, n, centers, k, dim, 4096, LinearAlgebra.java().gemm(), ONE)).isEqualTo(expected);
        assertThat(assign(rows, n, centers, k, dim, 7, LinearAlgebra.java().gemm(), THREE)).isEqualTo(expected);
        assertThat(assign(rows, n, centers, k, dim, 1000, LinearAlgebra.get().gemm(), THREE)).isEqualTo(expected);
    }

    @Test
    void duplicateCentersGoToTheLowestIndex() {
        int dim = 8;
        float[] centers = new float[3 * dim];
        for (int j = 0; j < dim; j++) {
            centers[j] = 5;
            centers[dim + j] = 1;
            centers[2 * dim + j] = 1;
        }
        float[] rows = new float[2 * dim];
        java.util.Arrays.fill(rows, 0, dim, 1.2f);
        java.util.Arrays.fill(rows, dim, 2 * dim, 0.8f);
        assertThat(assign(rows, 2, centers, 3, dim, 2, LinearAlgebra.java().gemm(), ONE)).containsExactly(1, 1);
    }

    @Test
    void largeOffsetsAndMagnitudesKeepTheLabels() {
        int n = 500;
        int dim = 16;
        int k = 10;
        SplittableRandom random = new SplittableRandom(3);
        float[] centers = new float[k * dim];
        float[] rows = new float[n * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (4 * random.nextGaussian());
        }
        for (int i = 0; i < rows.length; i++) {
            rows[i] = centers[(random.nextInt(k)) * dim + i % dim] + (float) random.nextGaussian();
        }
        int[] plain = assign(rows, n, centers, k, dim, 64, LinearAlgebra.java().gemm(), ONE);
        for (double[] transform : new double[][] {{1e19, 0}, {1e-30, 0}, {1, 1e8}}) {
            float[] c = centers.clone();
            float[] x = rows.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) (c[i] * transform[0] + transform[1]);
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * transform[0] + transform[1]);
            }
            int[] labels = assign(x, n, c, k, dim, 64, LinearAlgebra.java().gemm(), ONE);
            assertThat(labels).as("scale %s offset %s", transform[0], transform[1])
                    .isEqualTo(reference(x, n, c, k, dim));
            if (transform[1] == 0) {
                // An exact power-of-ten scaling is not exact in binary, but the labels stay those of the plain data.
                int same = 0;
                for (int i = 0; i < n; i++) {
                    same += labels[i] == plain[i] ? 1 : 0;
                }
                assertThat(same).isGreaterThanOrEqualTo(n - 2);
            }
        }
    }
}
