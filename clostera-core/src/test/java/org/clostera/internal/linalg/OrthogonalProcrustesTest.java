package org.clostera.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.Test;

class OrthogonalProcrustesTest {

    @Test
    void recoversAKnownRotationOnBothBackends() {
        int d = 40;
        SplittableRandom random = new SplittableRandom(9);
        float[] q = randomOrthogonal(d, random);
        // A = Q H with H symmetric positive definite: its polar factor is Q.
        float[] b = GemmTest.gaussian(random, d * d);
        float[] h = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += (double) b[k * d + i] * b[k * d + j];
                }
                h[i * d + j] = (float) (v + (i == j ? 0.5 : 0));
            }
        }
        float[] a = new float[d * d];
        LinearAlgebra.java().gemm().multiply(false, false, d, d, d, q, h, a, null);
        for (LinearAlgebra backend : backends()) {
            float[] r = OrthogonalProcrustes.solve(a, d, backend, null);
            assertThat(OrthogonalProcrustes.orthogonalityError(r, d)).as(backend.name()).isLessThan(1e-5);
            for (int i = 0; i < r.length; i++) {
                assertThat(r[i]).as(backend.name()).isCloseTo(q[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void pcaRotationIsOrthogonalAndAgreesAcrossBackends() {
        assumeTrue(LinearAlgebra.nativeBackend().isPresent());
        int d = 16;
        int n = 1500;
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) ((random.nextDouble() - 0.5) * (1 + j));
            }
        }
        float[] mixed = new float[n * d];
        LinearAlgebra.java().gemm().multiply(false, false, n, d, d, x, randomOrthogonal(d, random), mixed, null);
        org.clostera.quantize.SubspaceLayout layout = org.clostera.quantize.SubspaceLayout.of(d, 4);
        float[] rj = PcaRotation.compute(mixed, n, layout, LinearAlgebra.java(), null);
        float[] rn = PcaRotation.compute(mixed, n, layout, LinearAlgebra.nativeBackend().get(), null);
        assertThat(OrthogonalProcrustes.orthogonalityError(rj, d)).isLessThan(1e-5);
        for (int i = 0; i < rj.length; i++) {
            assertThat(rj[i]).isCloseTo(rn[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void eigenvalueAllocationBalancesVariance() {
        org.clostera.quantize.SubspaceLayout layout = org.clostera.quantize.SubspaceLayout.of(6, 2);
        // ascending eigenvalues 1..6 (directions 0..5): 6 -> s0, 5 -> s1, 4 -> s1 (5 < 6), 3 -> s0 (6 < 9),
        // 2 -> s0 (9 = 9, lowest index), 1 -> s1 (s0 full)
        int[] column = PcaRotation.allocate(new float[] {1, 2, 3, 4, 5, 6}, layout);
        assertThat(column).containsExactly(5, 2, 1, 4, 3, 0);
    }

    static float[] randomOrthogonal(int d, SplittableRandom random) {
        // Gram-Schmidt on a gaussian matrix (rows), in double.
        double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[i][j] = random.nextDouble() - 0.5;
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[i][j] * v[k][j];
                }
                for (int j = 0; j < d; j++) {
                    v[i][j] -= dot * v[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += v[i][j] * v[i][j];
            }
            for (int j = 0; j < d; j++) {
                v[i][j] /= Math.sqrt(norm);
            }
        }
        float[] q = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i * d + j] = (float) v[i][j];
            }
        }
        return q;
    }

    private static java.util.List<LinearAlgebra> backends() {
        java.util.List<LinearAlgebra> all = new java.util.ArrayList<>();
        all.add(LinearAlgebra.java());
        LinearAlgebra.nativeBackend().ifPresent(all::add);
        return all;
    }
}
