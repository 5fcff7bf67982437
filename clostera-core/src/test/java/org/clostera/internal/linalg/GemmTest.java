package org.clostera.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.Test;

class GemmTest {

    private static List<Gemm> gemms() {
        List<Gemm> all = new ArrayList<>();
        all.add(LinearAlgebra.java().gemm());
        LinearAlgebra.nativeBackend().ifPresent(b -> all.add(b.gemm()));
        return all;
    }

    @Test
    void javaPathUsesTheVectorApiGemmWhenTheModuleIsReadable() {
        assertThat(LinearAlgebra.java().isNative()).isFalse();
        assertThat(LinearAlgebra.java().gemm()).isInstanceOf(PanamaGemm.class);
    }

    @Test
    void matchesADoubleReferenceForAllTransposesAndOddShapes() {
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {6, 32, 256}, {97, 65, 300}, {200, 33, 513}, {13, 100, 0}};
        try (WorkerPool pool = new WorkerPool(3)) {
            for (Gemm gemm : gemms()) {
                for (int[] s : shapes) {
                    for (int flags = 0; flags < 4; flags++) {
                        check(gemm, (flags & 1) != 0, (flags & 2) != 0, s[0], s[1], s[2], pool);
                    }
                }
            }
        }
    }

    @Test
    void resultIsIdenticalForOneAndManyThreads() {
        SplittableRandom random = new SplittableRandom(3);
        int m = 300;
        int n = 170;
        int k = 700;
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, k * n);
        Gemm gemm = LinearAlgebra.java().gemm();
        float[] c1 = new float[m * n];
        float[] c4 = new float[m * n];
        try (WorkerPool one = new WorkerPool(1); WorkerPool four = new WorkerPool(4)) {
            gemm.multiply(false, false, m, n, k, a, b, c1, one);
            gemm.multiply(false, false, m, n, k, a, b, c4, four);
        }
        assertThat(c4).containsExactly(c1);
    }

    @Test
    void honoursOffsetsLeadingDimensionsAndBeta() {
        SplittableRandom random = new SplittableRandom(5);
        int m = 9;
        int n = 40;
        int k = 11;
        int lda = k + 3;
        int ldb = n + 5;
        int ldc = n + 2;
        float[] a = gaussian(random, 2 + m * lda);
        float[] b = gaussian(random, 1 + k * ldb);
        float[] c0 = gaussian(random, 4 + m * ldc);
        for (Gemm gemm : gemms()) {
            float[] c = c0.clone();
            gemm.multiply(false, false, m, n, k, a, 2, lda, b, 1, ldb, 0.5f, c, 4, ldc, null);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = 0.5 * c0[4 + i * ldc + j];
                    for (int p = 0; p < k; p++) {
                        expected += (double) a[2 + i * lda + p] * b[1 + p * ldb + j];
                    }
                    assertThat((double) c[4 + i * ldc + j]).as(gemm.name()).isCloseTo(expected,
                            org.assertj.core.data.Offset.offset(1e-4));
                }
                // padding columns of C untouched
                for (int j = n; j < ldc && 4 + i * ldc + j < c.length; j++) {
                    assertThat(c[4 + i * ldc + j]).isEqualTo(c0[4 + i * ldc + j]);
                }
            }
        }
    }

    @Test
    void accumulateAddsRowsIncludingTails() {
        for (Gemm gemm : gemms()) {
            float[] dst = new float[40];
            float[] src = new float[50];
            for (int i = 0; i < src.length; i++) {
                src[i] = i;
            }
            java.util.Arrays.fill(dst, 1f);
            gemm.accumulate(dst, 3, src, 7, 35);
            for (int i = 0; i < dst.length; i++) {
                float expected = i >= 3 && i < 38 ? 1f + (i - 3 + 7) : 1f;
                assertThat(dst[i]).as(gemm.name() + " at " + i).isEqualTo(expected);
            }
        }
    }

    private static void check(Gemm gemm, boolean ta, boolean tb, int m, int n, int k, WorkerPool pool) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, k * n);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, 99f); // beta = 0 must overwrite
        gemm.multiply(ta, tb, m, n, k, a, b, c, pool);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * m + i] : a[i * k + p];
                    double y = tb ? b[j * k + p] : b[p * n + j];
                    expected += x * y;
                }
                assertThat((double) c[i * n + j])
                        .as("%s ta=%s tb=%s %dx%dx%d at (%d,%d)", gemm.name(), ta, tb, m, n, k, i, j)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, k)));
            }
        }
    }

    static float[] gaussian(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
