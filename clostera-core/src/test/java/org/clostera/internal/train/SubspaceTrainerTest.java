package org.clostera.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.clostera.InvalidParameterException;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.GaussianMixture;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SubspaceTrainerTest {

    @Test
    void resultDoesNotDependOnThreadsOrPath() {
        float[] sample = GaussianMixture.generate(9000, 12, 6, 3.0, 5);
        SubspaceLayout layout = SubspaceLayout.of(12, 3);
        float[][] one;
        float[][] two;
        float[][] four;
        try (WorkerPool pool = new WorkerPool(1)) {
            one = SubspaceTrainer.train(sample, 9000, layout, 32, 10, null, 1, pool);
        }
        // 2 threads, 3 subspaces: one subspace per task.
        try (WorkerPool pool = new WorkerPool(2)) {
            two = SubspaceTrainer.train(sample, 9000, layout, 32, 10, null, 1, pool);
        }
        // 4 threads > 3 subspaces: subspaces in turn, assignment spread over threads in chunks.
        try (WorkerPool pool = new WorkerPool(4)) {
            four = SubspaceTrainer.train(sample, 9000, layout, 32, 10, null, 1, pool);
        }
        assertThat(two).isDeepEqualTo(one);
        assertThat(four).isDeepEqualTo(one);
    }

    @Test
    void lloydLowersTheErrorOfTheInitialCodebook() {
        float[] sample = GaussianMixture.generate(5000, 8, 10, 3.0, 6);
        SubspaceLayout layout = SubspaceLayout.of(8, 2);
        try (WorkerPool pool = new WorkerPool(2)) {
            float[][] initial = SubspaceTrainer.train(sample, 5000, layout, 16, 0, null, 3, pool);
            float[][] trained = SubspaceTrainer.train(sample, 5000, layout, 16, 25, null, 3, pool);
            for (int s = 0; s < 2; s++) {
                float[] data = SubspaceTrainer.extractSubspace(sample, 5000, 8, layout.offset(s), 4);
                double before = Lloyd.squaredError(data, 5000, 4, initial[s], 16, KernelsProvider.get());
                double after = Lloyd.squaredError(data, 5000, 4, trained[s], 16, KernelsProvider.get());
                assertThat(after).isLessThan(before * 0.9);
            }
        }
    }

    @Test
    void lloydGivesTheSameCodebookWithScalarAndVectorKernels() {
        Assumptions.assumeTrue(KernelsProvider.panama().isPresent(), "Vector API kernels unavailable");
        float[] sample = GaussianMixture.generate(3000, 8, 10, 3.0, 21);
        for (int width : new int[] {3, 8}) {
            float[] data = SubspaceTrainer.extractSubspace(sample, 3000, 8, 0, width);
            float[] scalar = PcaQuantileInit.init(data, 3000, width, 40, 5);
            float[] vector = scalar.clone();
            int a = Lloyd.run(data, 3000, width, scalar, 40, 15, KernelsProvider.scalar(), null);
            int b = Lloyd.run(data, 3000, width, vector, 40, 15, KernelsProvider.panama().orElseThrow(), null);
            assertThat(b).isEqualTo(a);
            assertThat(vector).isEqualTo(scalar);
        }
    }

    @Test
    void warmStartSkipsInitialisation() {
        float[] sample = GaussianMixture.generate(2000, 6, 4, 2.0, 7);
        SubspaceLayout layout = SubspaceLayout.of(6, 2);
        try (WorkerPool pool = new WorkerPool(2)) {
            float[][] trained = SubspaceTrainer.train(sample, 2000, layout, 8, 500, null, 3, pool);
            float[][] warm = new float[][] {trained[0].clone(), trained[1].clone()};
            // Zero iterations return the warm start unchanged (copied, not aliased).
            float[][] same = SubspaceTrainer.train(sample, 2000, layout, 8, 0, warm, 99, pool);
            assertThat(same).isDeepEqualTo(trained);
            assertThat(same[0]).isNotSameAs(warm[0]);
            // Continuing from converged codebooks changes nothing, whatever the seed.
            float[][] continued = SubspaceTrainer.train(sample, 2000, layout, 8, 5, warm, 12345, pool);
            assertThat(continued).isDeepEqualTo(trained);
            assertThat(warm).isDeepEqualTo(trained);
        }
    }

    @Test
    void rejectsInconsistentArguments() {
        float[] sample = new float[40 * 4];
        SubspaceLayout layout = SubspaceLayout.of(4, 2);
        try (WorkerPool pool = new WorkerPool(1)) {
            assertThatThrownBy(() -> SubspaceTrainer.train(sample, 40, layout, 64, 5, null, 0, pool))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Ks = 64")
                    .hasMessageContaining("40 rows");
            assertThatThrownBy(() -> SubspaceTrainer.train(sample, 40, layout, 8, 5, new float[1][], 0, pool))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("M = 2");
            assertThatThrownBy(() -> SubspaceTrainer.train(sample, 40, layout, 8, 5,
                    new float[][] {new float[16], new float[15]}, 0, pool))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("codebook 1");
        }
    }

    @Test
    void pcaQuantileInitPicksDistinctRowsAlongThePrincipalAxis() {
        // Points on a line (x, 2x) with x = 0..99: the quantile rows are evenly spread along it.
        float[] data = new float[100 * 2];
        for (int i = 0; i < 100; i++) {
            data[2 * i] = i;
            data[2 * i + 1] = 2 * i;
        }
        float[] codebook = PcaQuantileInit.init(data, 100, 2, 4, 0);
        Set<Float> xs = new HashSet<>();
        for (int c = 0; c < 4; c++) {
            assertThat(codebook[2 * c + 1]).isEqualTo(2 * codebook[2 * c]);
            xs.add(codebook[2 * c]);
        }
        // Centres of 4 bins of 25 rows in projection order: rows 12, 37, 62, 87 (either direction).
        assertThat(xs).containsExactlyInAnyOrder(12f, 37f, 62f, 87f);
    }

    @Test
    void degenerateDataFallsBackToDistinctRows() {
        // All rows identical: zero variance, one distinct codeword repeated.
        float[] constant = new float[50 * 3];
        java.util.Arrays.fill(constant, 2.5f);
        float[] codebook = PcaQuantileInit.init(constant, 50, 3, 8, 1);
        for (float v : codebook) {
            assertThat(v).isEqualTo(2.5f);
        }
        // 3 distinct rows, 90% of them the same: all three become codewords.
        float[] skewed = new float[100 * 2];
        skewed[2 * 10] = 1f;
        skewed[2 * 60 + 1] = -4f;
        float[] picked = PcaQuantileInit.init(skewed, 100, 2, 4, 1);
        Set<String> distinct = new HashSet<>();
        for (int c = 0; c < 4; c++) {
            distinct.add(picked[2 * c] + "," + picked[2 * c + 1]);
        }
        assertThat(distinct).containsExactlyInAnyOrder("0.0,0.0", "1.0,0.0", "0.0,-4.0");
        // Lloyd keeps them exact: zero error.
        Lloyd.run(skewed, 100, 2, picked, 4, 10, KernelsProvider.get(), null);
        assertThat(Lloyd.squaredError(skewed, 100, 2, picked, 4, KernelsProvider.get())).isZero();
    }

    @Test
    void emptyCellsAreReseededWithFarPoints() {
        // Two far blobs, but all 4 initial codewords inside the first blob: reseeding must move some
        // codewords to the second blob.
        float[] data = new float[200];
        for (int i = 0; i < 100; i++) {
            data[i] = i < 50 ? i * 0.01f : 100f + i * 0.01f;
        }
        float[] codebook = {0.0f, 0.1f, 0.2f, 0.3f};
        Lloyd.run(data, 100, 1, codebook, 4, 20, KernelsProvider.get(), null);
        int far = 0;
        for (float c : codebook) {
            if (c > 50f) {
                far++;
            }
        }
        assertThat(far).isGreaterThanOrEqualTo(1);
        assertThat(Lloyd.squaredError(data, 100, 1, codebook, 4, KernelsProvider.get()) / 100).isLessThan(0.05);
    }
}
