package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-filter's promise: for every code and every center of a group, {@link QuantizedGroupTables#lowerSum} of
 * the code's smallest quantized sum is at most the float distance the lookup kernel computes, with both kernels,
 * on codebooks of ordinary, tiny, huge and repeated values (where rounding and quantization steps matter most).
 */
class QuantizedGroupTablesTest {
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
        QuantizedGroupTables quantized = QuantizedGroupTables.allocate(groups, m, ks).fill(tables, POOL);
        for (Kernels kernels : new Kernels[] {KernelsProvider.scalar(), KernelsProvider.get()}) {
            int[] minima = new int[n];
            int[] rows = IntStream.range(0, n).toArray();
            for (int g = 0; g < groups.count(); g++) {
                assertThat(quantized.usable(g)).isTrue();
                kernels.quantizedMinima(codes, rows, 0, n, m, quantized.table, quantized.offset(g), quantized.width(g), ks,
                        minima, 0);
                for (int i = 0; i < n; i++) {
                    float lower = quantized.lowerSum(g, minima[i]);
                    for (int c = groups.from(g); c < groups.to(g); c++) {
                        float distance = tables.distance(codes, i * m, c);
                        assertThat(lower).as("%s group %d code %d center %d", kernels.name(), g, i, c)
                                .isLessThanOrEqualTo(distance);
                    }
                }
            }
        }
    }

    /** A subspace's block of a range of centers in one call equals the entries one codeword at a time, across tiles. */
    @Test
    void subspaceBlocksEqualTheEntriesOfEachCodeword() {
        int m = 4;
        int ks = 16;
        GroupTableFixture fixture = GroupTableFixture.of(100, m, ks, 1.0, 1000, 1, POOL);
        CenterLookupTables tables = fixture.tables();
        assertThat(tables.tileSize).isEqualTo(32);
        for (int[] range : new int[][] {{0, 32}, {5, 40}, {30, 100}, {64, 96}}) {
            int width = range[1] - range[0];
            for (int s = 0; s < m; s++) {
                float[] block = new float[ks * width];
                tables.entries(range[0], range[1], s, block);
                float[] row = new float[width];
                for (int code = 0; code < ks; code++) {
                    tables.entries(range[0], range[1], s, code, row);
                    assertThat(java.util.Arrays.copyOfRange(block, code * width, (code + 1) * width)).isEqualTo(row);
                }
            }
        }
    }
}
