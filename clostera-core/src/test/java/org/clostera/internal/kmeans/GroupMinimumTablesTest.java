package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promise a pass from nothing relies on: a code's lower sum over {@link GroupMinimumTables} is at most the
 * float distance the lookup kernel computes to every center of the group, with no margin at all (same summation
 * order, monotone rounding), with both kernels, on codebooks of ordinary, tiny, huge and repeated values.
 */
class GroupMinimumTablesTest {
    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    @ParameterizedTest
    @MethodSource("org.clostera.internal.kmeans.GroupTableFixture#settings")
    void lowerSumsNeverExceedTheKernelsDistances(int k, int m, int ks, double scale, int maxGroups) {
        GroupTableFixture fixture = GroupTableFixture.of(k, m, ks, scale, maxGroups, 300, POOL);
        CenterLookupTables tables = fixture.tables();
        CenterGroups groups = fixture.groups();
        byte[] codes = fixture.codes();
        int n = fixture.n();
        GroupMinimumTables minima = GroupMinimumTables.allocate(groups, m, ks).fill(tables, POOL);
        for (Kernels kernels : new Kernels[] {KernelsProvider.scalar(), KernelsProvider.get()}) {
            // Written at an offset and stride, as a pass writes them into a block's bounds.
            int outStride = n + 5;
            float[] sums = new float[3 + groups.count() * outStride];
            minima.lowerSums(kernels, codes, 0, n, sums, 3, outStride);
            for (int g = 0; g < groups.count(); g++) {
                for (int i = 0; i < n; i++) {
                    float lower = sums[3 + g * outStride + i];
                    for (int c = groups.from(g); c < groups.to(g); c++) {
                        float distance = tables.distance(codes, i * m, c);
                        assertThat(lower).as("%s group %d code %d center %d", kernels.name(), g, i, c)
                                .isLessThanOrEqualTo(distance);
                    }
                }
            }
        }
    }

    /** A group whose one center holds every smallest entry: the lower sum is that center's distance, exactly. */
    @Test
    void lowerSumIsExactWhenOneCenterHoldsEveryMinimum() {
        SplittableRandom random = new SplittableRandom(7);
        int m = 8;
        int ks = 16;
        int k = 64;
        CodingSpaceCodebooks codebooks = GroupTableFixture.codebooks(random, m, ks, 1.0);
        byte[] codes = GroupTableFixture.codes(random, 1, m, ks);
        float[] centers = new float[k * codebooks.dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        // Center 5 sits on the code's own decoded vector: distance 0, the smallest entry in every subspace.
        codebooks.decode(codes, 0, centers, 5 * codebooks.dim);
        CenterLookupTables tables = CenterLookupTables.build(codebooks, centers, k, 4L * m * ks * 32,
                KernelsProvider.scalar(), POOL);
        CenterGroups groups = CenterGroups.of(k, tables.tileSize, 1000);
        GroupMinimumTables minima = GroupMinimumTables.allocate(groups, m, ks).fill(tables, POOL);
        float[] sums = new float[groups.count()];
        minima.lowerSums(KernelsProvider.get(), codes, 0, 1, sums, 0, 1);
        assertThat(sums[groups.groupOf(5)]).isEqualTo(tables.distance(codes, 0, 5)).isZero();
        assertThat(sums[groups.groupOf(40)]).isPositive();
    }
}
