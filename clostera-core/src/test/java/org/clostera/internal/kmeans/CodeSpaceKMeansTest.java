package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeSpaceKMeansTest {
    /** 2 full chunks + 123 rows: the last chunk is ragged. */
    private static final int ROWS = 2 * AssignmentPass.CHUNK_ROWS + 123;
    private static final LabeledGaussians DATA = LabeledGaussians.generate(ROWS, 32, 12, 6.0, 11);
    private static final PQEncoder ENCODER = PQEncoder.builder().subquantizers(8).codebookSize(32).iterations(10)
            .trainRows(8192).seed(3).threads(2).fit(DATA.data(), 32);
    private static final HeapCodeStore CODES = encode(ENCODER, DATA.data(), ROWS);
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    static HeapCodeStore encode(PQEncoder encoder, float[] data, int n) {
        byte[] codes = new byte[n * encoder.subquantizers()];
        encoder.encode(data, n, codes);
        return HeapCodeStore.copyOf(codes, encoder.subquantizers());
    }

    @Test
    void recoversWellSeparatedClustersOnRaggedChunks() {
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(CODES, ENCODER, 12, CodeSpaceKMeans.Options.defaults(), THREE);
        assertThat(r.labels()).hasSize(ROWS);
        assertThat(DATA.purity(r.labels())).isGreaterThanOrEqualTo(0.999);
        assertThat(Arrays.stream(r.clusterSizes()).sum()).isEqualTo(ROWS);
        long[] counted = new long[12];
        for (int label : r.labels()) {
            counted[label]++;
        }
        assertThat(r.clusterSizes()).containsExactly(counted);
        assertThat(r.inertiaHistory()).hasSize(r.iterationsRun() + 1);
        assertThat(r.inertia()).isEqualTo(r.inertiaHistory()[r.iterationsRun()]);
        // Every label is the nearest center by a double-precision reference, up to float rounding ties.
        float[] decoded = decodeCodingSpace(ENCODER, CODES);
        double inertia = 0;
        int[] labels = r.labels();
        for (int i = 0; i < ROWS; i++) {
            double[] d = distances(decoded, i, r.centers(), 12, 32);
            int best = 0;
            for (int c = 1; c < 12; c++) {
                if (d[c] < d[best]) {
                    best = c;
                }
            }
            assertThat(d[labels[i]]).isLessThanOrEqualTo(d[best] * (1 + 1e-5) + 1e-5);
            inertia += d[labels[i]];
        }
        assertThat(r.inertia()).isCloseTo(inertia, org.assertj.core.data.Percentage.withPercentage(1e-3));
        // The clustering is the true partition, so its inertia is that of the true clusters' decoded means.
        assertThat(r.inertia()).isCloseTo(truthInertia(decoded, DATA.truth(), 12, 32),
                org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @ParameterizedTest
    @EnumSource(CodeSpaceKMeans.Seeding.class)
    void resultDoesNotDependOnThreadsOrRepeatRuns(CodeSpaceKMeans.Seeding seeding) {
        // Without refinement, so the full run takes several Lloyd iterations (SplitMergeSearchTest covers it).
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(5).withSeedingSampleRows(5000)
                .withSeeding(seeding).withRefinement(false);
        CodeSpaceKMeans.Result a = CodeSpaceKMeans.run(CODES, ENCODER, 20, options, ONE);
        CodeSpaceKMeans.Result b = CodeSpaceKMeans.run(CODES, ENCODER, 20, options, THREE);
        CodeSpaceKMeans.Result c = CodeSpaceKMeans.run(CODES, ENCODER, 20, options, THREE);
        for (CodeSpaceKMeans.Result other : List.of(b, c)) {
            assertThat(other.labels()).isEqualTo(a.labels());
            assertThat(other.centers()).isEqualTo(a.centers());
            assertThat(other.inertiaHistory()).isEqualTo(a.inertiaHistory());
            assertThat(other.clusterSizes()).isEqualTo(a.clusterSizes());
        }
        assertThat(a.iterationsRun()).isGreaterThan(1);
        // The seed picks the sample (N > 5000 rows), so another seed gives another start.
        CodeSpaceKMeans.Result otherSeed = CodeSpaceKMeans.run(CODES, ENCODER, 20, options.withSeed(6), THREE);
        assertThat(otherSeed.inertiaHistory()[0]).isNotEqualTo(a.inertiaHistory()[0]);
    }

    /** 1% of the rows are far outliers: farthest-first spends its centers on them, k-means++ does not. */
    @Test
    void defaultSeedingIsRobustToOutliers() {
        int n = 12_000;
        LabeledGaussians data = LabeledGaussians.generate(n, 32, 12, 3.0, 31);
        float[] x = data.data();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < n; i += 100) {
            for (int j = 0; j < 32; j++) {
                x[i * 32 + j] = (float) (random.nextGaussian() * 18);
            }
        }
        PQEncoder encoder = PQEncoder.builder().subquantizers(8).codebookSize(32).iterations(10).seed(1).threads(2)
                .fit(x, 32);
        HeapCodeStore codes = encode(encoder, x, n);
        // The seedings alone, then farthest-first again with the split/merge refinement, which repairs it.
        CodeSpaceKMeans.Options plain = CodeSpaceKMeans.Options.defaults().withRefinement(false);
        CodeSpaceKMeans.Result robust = CodeSpaceKMeans.run(codes, encoder, 12, plain, THREE);
        CodeSpaceKMeans.Result fragile = CodeSpaceKMeans.run(codes, encoder, 12,
                plain.withSeeding(CodeSpaceKMeans.Seeding.FARTHEST_FIRST), THREE);
        CodeSpaceKMeans.Result repaired = CodeSpaceKMeans.run(codes, encoder, 12,
                CodeSpaceKMeans.Options.defaults().withSeeding(CodeSpaceKMeans.Seeding.FARTHEST_FIRST), THREE);
        double robustPurity = inlierPurity(data, robust.labels());
        double fragilePurity = inlierPurity(data, fragile.labels());
        // k-means itself gives the outliers one cluster (merging two true ones: 11/12 = 0.917 at best
        // with that), k-means++ gets there; farthest-first puts most centers on outliers (measured 0.087).
        assertThat(robustPurity).isGreaterThan(0.9);
        assertThat(fragilePurity).isLessThan(0.5);
        assertThat(robust.inertia()).isLessThan(fragile.inertia() * 0.7);
        assertThat(inlierPurity(data, repaired.labels())).isGreaterThan(0.9);
        assertThat(repaired.refinementMoves()).isGreaterThan(0);
        assertThat(repaired.inertia()).isLessThanOrEqualTo(robust.inertia() * 1.001);
    }

    /** Purity over the rows that are not outliers (every 100th row is one). */
    private static double inlierPurity(LabeledGaussians data, int[] labels) {
        int[][] counts = new int[12][12];
        int rows = 0;
        for (int i = 0; i < labels.length; i++) {
            if (i % 100 != 0) {
                counts[labels[i]][data.truth()[i]]++;
                rows++;
            }
        }
        long majority = 0;
        for (int[] row : counts) {
            majority += Arrays.stream(row).max().getAsInt();
        }
        return (double) majority / rows;
    }

    @Test
    void tiledTablesGiveIdenticalResults() {
        CodeSpaceKMeans.Options untiled = CodeSpaceKMeans.Options.defaults();
        // 5 centers per tile (4 bytes x M x Ks each): 24 centers become tiles of 5,5,5,5,4.
        CodeSpaceKMeans.Options tiled = untiled.withLookupTableBytes(5L * 4 * 8 * 32);
        assertThat(CenterLookupTables.tileSize(24, 8, 32, tiled.lookupTableBytes())).isEqualTo(5);
        // 20 centers per tile rounds down to 16 (whole SIMD vectors).
        assertThat(CenterLookupTables.tileSize(24, 8, 32, 20L * 4 * 8 * 32)).isEqualTo(16);
        assertThat(CenterLookupTables.tileSize(24, 8, 32, untiled.lookupTableBytes())).isEqualTo(24);
        // Within the default 4 MiB budget, tiles stay near 1 MiB (L2) but keep at least 64 centers:
        // M = 64, Ks = 64 (16 KiB per center): K = 64 in one tile, K = 128 and 256 in tiles of 64.
        long defaults = untiled.lookupTableBytes();
        assertThat(CenterLookupTables.tileSize(64, 64, 64, defaults)).isEqualTo(64);
        assertThat(CenterLookupTables.tileSize(128, 64, 64, defaults)).isEqualTo(64);
        assertThat(CenterLookupTables.tileSize(256, 64, 64, defaults)).isEqualTo(64);
        // Ks = 256 (64 KiB per center): 64 centers are 4 MiB, not cut to the 16 that fit 1 MiB.
        assertThat(CenterLookupTables.tileSize(256, 64, 256, defaults)).isEqualTo(64);
        // Small centers: 1 MiB holds 128 of them at M = 8, Ks = 256.
        assertThat(CenterLookupTables.tileSize(300, 8, 256, defaults)).isEqualTo(128);
        // A smaller explicit budget still wins.
        assertThat(CenterLookupTables.tileSize(128, 64, 64, 512L << 10)).isEqualTo(32);
        CodeSpaceKMeans.Result a = CodeSpaceKMeans.run(CODES, ENCODER, 24, untiled, THREE);
        CodeSpaceKMeans.Result b = CodeSpaceKMeans.run(CODES, ENCODER, 24, tiled, THREE);
        CodeSpaceKMeans.Result c = CodeSpaceKMeans.run(CODES, ENCODER, 24, untiled.withLookupTableBytes(1), ONE);
        assertThat(b.labels()).isEqualTo(a.labels());
        assertThat(b.centers()).isEqualTo(a.centers());
        assertThat(b.inertiaHistory()).isEqualTo(a.inertiaHistory());
        assertThat(c.labels()).isEqualTo(a.labels());
    }

    @Test
    void scalarAndVectorKernelsGiveIdenticalResults() {
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withLookupTableBytes(17L * 4 * 8 * 32);
        CodeSpaceKMeans.Result scalar = CodeSpaceKMeans.run(CODES, ENCODER, 33, null, options, THREE,
                org.clostera.internal.kernels.KernelsProvider.scalar());
        CodeSpaceKMeans.Result chosen = CodeSpaceKMeans.run(CODES, ENCODER, 33, options, THREE);
        assertThat(chosen.labels()).isEqualTo(scalar.labels());
        assertThat(chosen.centers()).isEqualTo(scalar.centers());
        assertThat(chosen.inertiaHistory()).isEqualTo(scalar.inertiaHistory());
    }

    @Test
    void inertiaNeverIncreasesAndProgressIsReported() {
        List<Long> progress = new ArrayList<>();
        ProgressListener listener = (stage, done, total) -> {
            assertThat(stage).isEqualTo(CodeSpaceKMeans.STAGE);
            synchronized (progress) {
                progress.add(done);
            }
        };
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withTolerance(0).withIterations(30)
                .withProgressListener(listener);
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(CODES, ENCODER, 40, options, THREE);
        double[] h = r.inertiaHistory();
        assertThat(h.length).isGreaterThan(2);
        for (int i = 1; i < h.length; i++) {
            assertThat(h[i]).isLessThanOrEqualTo(h[i - 1] * (1 + 1e-6));
        }
        assertThat(h[h.length - 1]).isLessThan(h[0]);
        assertThat(progress).hasSize(r.iterationsRun());
        assertThat(progress.get(progress.size() - 1)).isEqualTo((long) r.iterationsRun());
        // Tolerance 0: it ran until no label changed or the cap.
        assertThat(r.iterationsRun()).isLessThanOrEqualTo(30);
    }

    @Test
    void unboundedIterationsStopAtConvergence() {
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(CODES, ENCODER, 12,
                CodeSpaceKMeans.Options.defaults().withIterations(Integer.MAX_VALUE).withTolerance(0), THREE);
        assertThat(r.iterationsRun()).isBetween(1, 200);
        assertThat(r.inertiaHistory()).hasSize(r.iterationsRun() + 1);
        // Converged: predicting with the final centers changes nothing and one more run from them is stable.
        CodeSpaceKMeans.Result again = CodeSpaceKMeans.run(CODES, ENCODER, 12, r.centers(),
                CodeSpaceKMeans.Options.defaults().withIterations(1), ONE);
        assertThat(again.labels()).isEqualTo(r.labels());
        assertThat(again.iterationsRun()).isEqualTo(1);
    }

    @Test
    void zeroIterationsReturnsSeedAssignment() {
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(CODES, ENCODER, 7,
                CodeSpaceKMeans.Options.defaults().withIterations(0), ONE);
        assertThat(r.iterationsRun()).isZero();
        assertThat(r.inertiaHistory()).hasSize(1);
        // The seeds (k-means++ restarts refined on the sample, which is every row here) leave no cluster empty.
        assertThat(Arrays.stream(r.clusterSizes()).min().getAsLong()).isGreaterThan(0);
    }

    @Test
    void predictReproducesTrainingLabels() {
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(CODES, ENCODER, 12, CodeSpaceKMeans.Options.defaults(), THREE);
        int[] predicted = CodeSpaceKMeans.predict(CODES, ENCODER, r.centers(), 12,
                CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES, ONE);
        assertThat(predicted).isEqualTo(r.labels());
        byte[] first = new byte[100 * 8];
        CODES.read(0, 100, first, 0);
        int[] some = CodeSpaceKMeans.predict(first, 100, ENCODER, r.centers(), 12, 1, THREE);
        assertThat(some).isEqualTo(Arrays.copyOf(r.labels(), 100));
    }

    /** Ten distinct points repeated many times, all starting in one cluster: nine clusters start empty. */
    @Test
    void emptyClustersAreReseededWithDistinctCodes() {
        int distinct = 10;
        int dim = 8;
        float[] points = LabeledGaussians.generate(distinct, dim, distinct, 10.0, 4).data();
        int n = 1000;
        float[] data = new float[n * dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points, (i * 7 % distinct) * dim, data, i * dim, dim);
        }
        PQEncoder encoder = PQEncoder.fromCodebooks(SubspaceLayout.of(dim, 2), distinct,
                codebooksFromPoints(points, distinct, dim, 2), 1);
        HeapCodeStore codes = encode(encoder, data, n);
        float[] sameStart = new float[distinct * dim];
        for (int c = 0; c < distinct; c++) {
            System.arraycopy(points, 0, sameStart, c * dim, dim);
        }
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(codes, encoder, distinct, sameStart,
                CodeSpaceKMeans.Options.defaults(), THREE);
        assertThat(r.inertia()).isZero();
        assertThat(r.clusterSizes()).containsOnly(100L);
        CodeSpaceKMeans.Result again = CodeSpaceKMeans.run(codes, encoder, distinct, sameStart,
                CodeSpaceKMeans.Options.defaults(), ONE);
        assertThat(again.labels()).isEqualTo(r.labels());

        // Both seedings find all ten; asking for 12 leaves exactly two clusters empty.
        for (CodeSpaceKMeans.Seeding seeding : CodeSpaceKMeans.Seeding.values()) {
            CodeSpaceKMeans.Result exact = CodeSpaceKMeans.run(codes, encoder, distinct,
                    CodeSpaceKMeans.Options.defaults().withSeeding(seeding), ONE);
            assertThat(exact.inertia()).isZero();
            assertThat(exact.iterationsRun()).isEqualTo(1);
        }
        CodeSpaceKMeans.Result more = CodeSpaceKMeans.run(codes, encoder, 12, CodeSpaceKMeans.Options.defaults(), THREE);
        assertThat(more.inertia()).isZero();
        assertThat(Arrays.stream(more.clusterSizes()).filter(s -> s == 0).count()).isEqualTo(2);
    }

    /** Codebooks whose codewords are the sub-vectors of the given points, so the points encode exactly. */
    private static float[][] codebooksFromPoints(float[] points, int count, int dim, int m) {
        SubspaceLayout layout = SubspaceLayout.of(dim, m);
        float[][] books = new float[m][];
        for (int s = 0; s < m; s++) {
            int w = layout.width(s);
            books[s] = new float[count * w];
            for (int c = 0; c < count; c++) {
                System.arraycopy(points, c * dim + layout.offset(s), books[s], c * w, w);
            }
        }
        return books;
    }

    @Test
    void unevenSubspaceWidthsWork() {
        LabeledGaussians data = LabeledGaussians.generate(3000, 30, 6, 6.0, 21);
        PQEncoder encoder = PQEncoder.builder().subquantizers(7).codebookSize(16).seed(1).threads(1)
                .fit(data.data(), 30);
        assertThat(encoder.layout().width(0)).isEqualTo(5);
        assertThat(encoder.layout().width(6)).isEqualTo(4);
        HeapCodeStore codes = encode(encoder, data.data(), 3000);
        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(codes, encoder, 6, CodeSpaceKMeans.Options.defaults(), THREE);
        assertThat(data.purity(r.labels())).isGreaterThanOrEqualTo(0.99);
        assertThat(r.centers()).hasSize(6 * 30);
    }

    @Test
    void rejectsBadParametersBeforeWork() {
        HeapCodeStore ten = new HeapCodeStore(10, 8);
        assertThatThrownBy(() -> CodeSpaceKMeans.run(ten, ENCODER, 11, CodeSpaceKMeans.Options.defaults(), ONE))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("k = 11").hasMessageContaining("N = 10");
        assertThatThrownBy(() -> CodeSpaceKMeans.run(ten, ENCODER, 0, CodeSpaceKMeans.Options.defaults(), ONE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> CodeSpaceKMeans.run(new HeapCodeStore(10, 4), ENCODER, 2,
                CodeSpaceKMeans.Options.defaults(), ONE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("4 bytes per row")
                .hasMessageContaining("M = 8");
        assertThatThrownBy(() -> CodeSpaceKMeans.run(new HeapCodeStore(0, 8), ENCODER, 1,
                CodeSpaceKMeans.Options.defaults(), ONE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CodeSpaceKMeans.Options.defaults().withTolerance(-1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> CodeSpaceKMeans.Options.defaults().withLookupTableBytes(0))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("lookupTableBytes");
        float[] nan = new float[2 * 32];
        nan[32 + 3] = Float.NaN;
        assertThatThrownBy(() -> CodeSpaceKMeans.run(CODES, ENCODER, 2, nan, CodeSpaceKMeans.Options.defaults(), ONE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("initial center 1")
                .hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> CodeSpaceKMeans.predict(ten, ENCODER, new float[5], 2, 1, ONE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("k x D = 2 x 32");
    }

    @Test
    void rejectsCodesOutsideTheCodebook() {
        byte[] codes = new byte[50 * 8];
        codes[37 * 8 + 5] = (byte) 200;
        HeapCodeStore store = HeapCodeStore.copyOf(codes, 8);
        assertThatThrownBy(() -> CodeSpaceKMeans.run(store, ENCODER, 2, CodeSpaceKMeans.Options.defaults(), THREE))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 37").hasMessageContaining("subspace 5").hasMessageContaining("Ks = 32");
    }

    /** The codes decoded in the coding space (where k-means runs): codewords, without the normalisation. */
    static float[] decodeCodingSpace(PQEncoder encoder, HeapCodeStore codes) {
        int n = (int) codes.rows();
        int m = encoder.subquantizers();
        byte[] bytes = new byte[n * m];
        codes.read(0, n, bytes, 0);
        float[] out = new float[n * encoder.dim()];
        for (int s = 0; s < m; s++) {
            float[] book = encoder.codebook(s);
            int width = encoder.layout().width(s);
            for (int i = 0; i < n; i++) {
                System.arraycopy(book, (bytes[i * m + s] & 0xFF) * width, out, i * encoder.dim()
                        + encoder.layout().offset(s), width);
            }
        }
        return out;
    }

    private static double truthInertia(float[] points, int[] truth, int k, int dim) {
        double[] sums = new double[k * dim];
        long[] sizes = new long[k];
        for (int i = 0; i < truth.length; i++) {
            sizes[truth[i]]++;
            for (int j = 0; j < dim; j++) {
                sums[truth[i] * dim + j] += points[i * dim + j];
            }
        }
        double inertia = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < dim; j++) {
                double d = points[i * dim + j] - sums[truth[i] * dim + j] / sizes[truth[i]];
                inertia += d * d;
            }
        }
        return inertia;
    }

    private static double[] distances(float[] points, int row, float[] centers, int k, int dim) {
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double d = points[row * dim + j] - centers[c * dim + j];
                sum += d * d;
            }
            out[c] = sum;
        }
        return out;
    }
}
