package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    @CsvSource({
            "40, 4, 16, 1.0, 1000",
            "100, 16, 256, 1.0, 1000",
            "70, 128, 4, 1.0, 1000",
            "64, 8, 64, 1e-20, 1000",
            "64, 8, 64, 1e17, 1000",
            "64, 8, 64, 0, 1000",
            // groups of two whole 32-center tiles (a small bound budget), the last one partial
            "100, 8, 64, 1.0, 2",
    })
    void lowerSumsNeverExceedTheKernelsDistances(int k, int m, int ks, double scale, int maxGroups) {
        SplittableRandom random = new SplittableRandom(k * 31L + m);
        SubspaceLayout layout = SubspaceLayout.of(2 * m, m);
        float[][] books = new float[m][];
        for (int s = 0; s < m; s++) {
            books[s] = new float[ks * layout.width(s)];
            for (int i = 0; i < books[s].length; i++) {
                // scale 0: every codeword equal, so every entry of a subspace is the same (a zero step)
                books[s][i] = (float) (scale * (random.nextDouble() < 0.1 ? 1 : random.nextGaussian()));
            }
        }
        CodingSpaceCodebooks codebooks = CodingSpaceCodebooks.of(PQEncoder.fromCodebooks(layout, ks, books, 1));
        float[] centers = new float[k * codebooks.dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (scale * random.nextGaussian());
        }
        int tileSize = 32;
        CenterLookupTables tables = CenterLookupTables.build(codebooks, centers, k, 4L * m * ks * tileSize,
                KernelsProvider.scalar(), POOL);
        CenterGroups groups = CenterGroups.of(k, tables.tileSize, maxGroups);
        QuantizedGroupTables quantized = QuantizedGroupTables.allocate(groups, m, ks).fill(tables, POOL);

        int n = 300;
        byte[] codes = new byte[n * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(ks);
        }
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
}
