package org.clostera.internal.kmeans;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Where the per-group lower bounds are checked ({@link QuantizedGroupTablesTest}, {@link GroupMinimumTablesTest}):
 * codebooks of ordinary, tiny, huge or repeated values ({@code scale} 1, 1e-20, 1e17, 0), random centers, their float
 * tables in 32-center tiles, the groups of a bound budget of {@code maxGroups}, and {@code n} random codes.
 */
record GroupTableFixture(CenterLookupTables tables, CenterGroups groups, byte[] codes, int n) {

    /** {@code k, m, ks, scale, maxGroups} of the parameterized tests. */
    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(40, 4, 16, 1.0, 1000),
                Arguments.of(100, 16, 256, 1.0, 1000),
                Arguments.of(70, 128, 4, 1.0, 1000),
                Arguments.of(64, 8, 64, 1e-20, 1000),
                Arguments.of(64, 8, 64, 1e17, 1000),
                Arguments.of(64, 8, 64, 0.0, 1000),
                // more groups than one kernel slab of the group minima (40 groups of 32)
                Arguments.of(1280, 4, 16, 1.0, 1000),
                // groups of two whole 32-center tiles (a small bound budget), the last one partial
                Arguments.of(100, 8, 64, 1.0, 2));
    }

    static GroupTableFixture of(int k, int m, int ks, double scale, int maxGroups, int n, WorkerPool pool) {
        SplittableRandom random = new SplittableRandom(k * 31L + m);
        CodingSpaceCodebooks codebooks = codebooks(random, m, ks, scale);
        float[] centers = new float[k * codebooks.dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (scale * random.nextGaussian());
        }
        CenterLookupTables tables = CenterLookupTables.build(codebooks, centers, k, 4L * m * ks * 32,
                KernelsProvider.scalar(), pool);
        CenterGroups groups = CenterGroups.of(k, tables.tileSize, maxGroups);
        return new GroupTableFixture(tables, groups, codes(random, n, m, ks), n);
    }

    /** Codebooks of 2 dimensions per subspace; a tenth of the values repeat (1 x scale), the rest are gaussian. */
    static CodingSpaceCodebooks codebooks(SplittableRandom random, int m, int ks, double scale) {
        SubspaceLayout layout = SubspaceLayout.of(2 * m, m);
        float[][] books = new float[m][];
        for (int s = 0; s < m; s++) {
            books[s] = new float[ks * layout.width(s)];
            for (int i = 0; i < books[s].length; i++) {
                // scale 0: every codeword equal, so every entry of a subspace is the same (a zero step)
                books[s][i] = (float) (scale * (random.nextDouble() < 0.1 ? 1 : random.nextGaussian()));
            }
        }
        return CodingSpaceCodebooks.of(PQEncoder.fromCodebooks(layout, ks, books, 1));
    }

    static byte[] codes(SplittableRandom random, int n, int m, int ks) {
        byte[] codes = new byte[n * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(ks);
        }
        return codes;
    }
}
