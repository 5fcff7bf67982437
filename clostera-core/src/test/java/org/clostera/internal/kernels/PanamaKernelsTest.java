package org.clostera.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar reference: bit-identical labels, scores and tables on random
 * inputs with tails in every dimension, non-zero offsets and strides, unsigned code bytes and ties.
 * Skipped when the JVM runs without {@code jdk.incubator.vector} (the scalar surefire execution).
 */
class PanamaKernelsTest {
    private static final int[] WIDTHS = {1, 3, 4, 7, 16, 17, 31, 32, 33};
    private static final int[] CODEBOOK_SIZES = {2, 3, 15, 16, 17, 64, 100, 256};
    private static final int[] TILES = {1, 5, 16, 33, 64, 65, 100, 200};
    private static final int[] ROW_COUNTS = {1, 3, 4, 5, 37};

    private static final Kernels SCALAR = KernelsProvider.scalar();
    private static Kernels panama;

    @BeforeAll
    static void requireVectorApi() {
        assumeTrue(KernelsProvider.panama().isPresent(), "jdk.incubator.vector is not readable");
        panama = KernelsProvider.panama().get();
    }

    @Test
    void nearestCodewordsIsBitIdentical() {
        Random random = new Random(11);
        int cases = 0;
        for (int width : WIDTHS) {
            for (int ks : CODEBOOK_SIZES) {
                for (int n : ROW_COUNTS) {
                    String where = "width=" + width + " ks=" + ks + " n=" + n;
                    int xOffset = 1 + random.nextInt(7);
                    int xStride = width + random.nextInt(5);
                    float[] x = gaussian(random, xOffset + n * xStride + 2);
                    float[] codebookT = gaussian(random, width * ks);
                    // Codeword `copy` duplicates `original`; row 0 sits on it, so both score the same.
                    int original = random.nextInt(ks - 1);
                    int copy = original + 1 + random.nextInt(ks - original - 1);
                    for (int j = 0; j < width; j++) {
                        codebookT[j * ks + copy] = codebookT[j * ks + original];
                        x[xOffset + j] = codebookT[j * ks + original];
                    }
                    float[] norms = norms(codebookT, width, ks);

                    int[] expectedLabels = filled(n + 5, -1);
                    int[] actualLabels = filled(n + 5, -1);
                    float[] expectedScores = new float[n + 4];
                    float[] actualScores = new float[n + 4];
                    SCALAR.nearestCodewords(x, xOffset, xStride, n, width, codebookT, norms, ks,
                            expectedLabels, 3, expectedScores, 2);
                    panama.nearestCodewords(x, xOffset, xStride, n, width, codebookT, norms, ks,
                            actualLabels, 3, actualScores, 2);

                    assertThat(actualLabels).as(where).containsExactly(expectedLabels);
                    assertArrayEquals(expectedScores, actualScores, where);
                    assertThat(actualLabels[3]).as(where + ": tie must go to the smaller index").isNotEqualTo(copy);
                    cases++;
                }
            }
        }
        assertThat(cases).isEqualTo(WIDTHS.length * CODEBOOK_SIZES.length * ROW_COUNTS.length);
    }

    @Test
    void nearestCodewordsFindsPlantedCodewordsAndNoScores() {
        Random random = new Random(12);
        int width = 32;
        int ks = 100;
        int n = 37;
        float[] codebookT = gaussian(random, width * ks);
        float[] norms = norms(codebookT, width, ks);
        float[] x = new float[n * width];
        int[] planted = new int[n];
        for (int i = 0; i < n; i++) {
            planted[i] = random.nextInt(ks);
            for (int j = 0; j < width; j++) {
                x[i * width + j] = codebookT[j * ks + planted[i]] + 0.01f * (float) random.nextGaussian();
            }
        }
        int[] labels = new int[n];
        panama.nearestCodewords(x, 0, width, n, width, codebookT, norms, ks, labels, 0, null, 0);
        assertThat(labels).containsExactly(planted);
    }

    @Test
    void nearestCodewordsWithAllCodewordsEqualPicksTheFirst() {
        int width = 7;
        int ks = 64;
        float[] codebookT = new float[width * ks];
        Arrays.fill(codebookT, 0.5f);
        float[] norms = norms(codebookT, width, ks);
        float[] x = gaussian(new Random(13), 5 * width);
        int[] labels = filled(5, -1);
        float[] scores = new float[5];
        panama.nearestCodewords(x, 0, width, 5, width, codebookT, norms, ks, labels, 0, scores, 0);
        assertThat(labels).containsOnly(0);
    }

    @Test
    void subspaceDistanceTableIsBitIdentical() {
        Random random = new Random(21);
        for (int width : WIDTHS) {
            for (int ks : CODEBOOK_SIZES) {
                for (int tile : TILES) {
                    // Unpadded rows, and rows padded to whole cache lines (or a little beyond).
                    for (int rowStride : new int[] {tile, (tile + 15) / 16 * 16, tile + 19}) {
                        String where = "width=" + width + " ks=" + ks + " tile=" + tile + " rowStride=" + rowStride;
                        float[] codebookT = gaussian(random, width * ks);
                        int centersOffset = random.nextInt(9);
                        int centerStride = width + random.nextInt(3);
                        float[] centers = gaussian(random, centersOffset + tile * centerStride);
                        // Two equal centers give two equal table columns.
                        if (tile > 1) {
                            System.arraycopy(centers, centersOffset, centers,
                                    centersOffset + (tile - 1) * centerStride, width);
                        }
                        float[] expected = new float[ks * rowStride + 6];
                        float[] actual = new float[ks * rowStride + 6];
                        Arrays.fill(expected, -1f);
                        Arrays.fill(actual, -1f);
                        SCALAR.subspaceDistanceTable(codebookT, ks, width, centers, centersOffset, centerStride,
                                tile, expected, 4, rowStride);
                        panama.subspaceDistanceTable(codebookT, ks, width, centers, centersOffset, centerStride,
                                tile, actual, 4, rowStride);
                        assertArrayEquals(expected, actual, where);
                        for (int c = 0; c < ks; c++) {
                            for (int t = tile; t < rowStride; t++) {
                                assertThat(actual[4 + c * rowStride + t]).as(where).isEqualTo(Float.POSITIVE_INFINITY);
                            }
                        }
                        assertThat(actual[0]).as(where + " before the table").isEqualTo(-1f);
                        assertThat(actual[actual.length - 1]).as(where + " after the table").isEqualTo(-1f);
                    }
                }
            }
        }
    }

    @Test
    void lookupArgminIsBitIdenticalAcrossConsecutiveTiles() {
        Random random = new Random(31);
        for (int ks : CODEBOOK_SIZES) {
            int[] subquantizers = ks <= 64 ? new int[] {1, 5, 16} : new int[] {1, 3};
            for (int m : subquantizers) {
                for (int tile : TILES) {
                    for (int rowStride : new int[] {tile, (tile + 15) / 16 * 16, tile + 19}) {
                        int lutOffset = random.nextInt(16);
                        float[] firstTile = paddedTable(random, lutOffset, m * ks, tile, rowStride);
                        float[] secondTile = paddedTable(random, lutOffset, m * ks, tile, rowStride);
                        for (int n : ROW_COUNTS) {
                            String where = "ks=" + ks + " m=" + m + " tile=" + tile + " rowStride=" + rowStride
                                    + " lutOffset=" + lutOffset + " n=" + n;
                            int codesOffset = random.nextInt(5);
                            byte[] codes = codes(random, codesOffset + n * m + 3, ks);
                            int outOffset = 2;
                            int[] expectedLabels = filled(n + 4, -7);
                            float[] expectedDist = new float[n + 4];
                            // Half the codes start from a finite best that some tiles do not beat.
                            for (int i = 0; i < expectedDist.length; i++) {
                                expectedDist[i] = random.nextBoolean() ? Float.POSITIVE_INFINITY : 0.45f * m;
                            }
                            int[] actualLabels = expectedLabels.clone();
                            float[] actualDist = expectedDist.clone();
                            for (float[] lut : new float[][] {firstTile, secondTile}) {
                                int labelBase = lut == firstTile ? 0 : tile;
                                SCALAR.lookupArgmin(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile,
                                        labelBase, expectedLabels, expectedDist, outOffset);
                                panama.lookupArgmin(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile,
                                        labelBase, actualLabels, actualDist, outOffset);
                                assertThat(actualLabels).as(where).containsExactly(expectedLabels);
                                assertArrayEquals(expectedDist, actualDist, where);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void paddedTablesGiveTheSameLabelsAsUnpaddedOnes() {
        Random random = new Random(33);
        int ks = 64;
        int m = 8;
        int n = 41;
        for (int tile : TILES) {
            float[] lut = uniform(random, m * ks * tile);
            int rowStride = (tile + 15) / 16 * 16 + 16;
            int lutOffset = 12;
            float[] padded = paddedTable(random, lutOffset, m * ks, tile, rowStride);
            for (int row = 0; row < m * ks; row++) {
                System.arraycopy(lut, row * tile, padded, lutOffset + row * rowStride, tile);
            }
            byte[] codes = codes(random, n * m, ks);
            int[] expectedLabels = filled(n, -1);
            float[] expectedDist = filled(n, Float.POSITIVE_INFINITY);
            int[] actualLabels = filled(n, -1);
            float[] actualDist = filled(n, Float.POSITIVE_INFINITY);
            panama.lookupArgmin(codes, 0, n, m, lut, 0, tile, ks, tile, 0, expectedLabels, expectedDist, 0);
            panama.lookupArgmin(codes, 0, n, m, padded, lutOffset, rowStride, ks, tile, 0, actualLabels, actualDist,
                    0);
            assertThat(actualLabels).as("tile=" + tile).containsExactly(expectedLabels);
            assertArrayEquals(expectedDist, actualDist, "tile=" + tile);
            assertThat(Arrays.stream(actualLabels).allMatch(label -> label >= 0 && label < tile)).as("tile=" + tile).isTrue();
        }
    }

    @Test
    void lookupDistancesOfSeveralCentersAreBitIdentical() {
        Random random = new Random(34);
        for (int ks : new int[] {3, 16, 64, 256}) {
            for (int m : new int[] {1, 7, 64}) {
                for (int tile : new int[] {1, 2, 3, 7, 16, 17, 33}) {
                    int powerOfTwo = Integer.highestOneBit(tile) == tile ? tile : 2 * Integer.highestOneBit(tile);
                    for (int rowStride : new int[] {tile, powerOfTwo, tile + 3}) {
                        int lutOffset = random.nextInt(16);
                        float[] lut = uniform(random, lutOffset + m * ks * rowStride);
                        for (int n : ROW_COUNTS) {
                            String where = "ks=" + ks + " m=" + m + " tile=" + tile + " rowStride=" + rowStride
                                    + " n=" + n;
                            int codesOffset = random.nextInt(5);
                            byte[] codes = codes(random, codesOffset + n * m, ks);
                            int outStride = n + 2;
                            float[] expected = filled(3 + tile * outStride, -1f);
                            float[] actual = filled(3 + tile * outStride, -1f);
                            SCALAR.lookupDistances(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile,
                                    expected, 3, outStride);
                            panama.lookupDistances(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile,
                                    actual, 3, outStride);
                            assertArrayEquals(expected, actual, where);
                            // Each column is the one-center distance of that center.
                            float[] column = new float[m * ks];
                            for (int row = 0; row < m * ks; row++) {
                                column[row] = lut[lutOffset + row * rowStride + tile - 1];
                            }
                            float[] single = new float[n];
                            SCALAR.lookupDistances(codes, codesOffset, n, m, column, ks, single, 0);
                            assertArrayEquals(single, Arrays.copyOfRange(actual, 3 + (tile - 1) * outStride,
                                    3 + (tile - 1) * outStride + n), where);
                        }
                    }
                }
            }
        }
    }

    /** A table of {@code rows} rows of {@code tile} uniform values, padded with +Infinity to {@code rowStride}. */
    private static float[] paddedTable(Random random, int offset, int rows, int tile, int rowStride) {
        float[] lut = new float[offset + rows * rowStride + 7];
        Arrays.fill(lut, Float.NaN); // outside the table: must never be read
        for (int row = 0; row < rows; row++) {
            for (int t = 0; t < rowStride; t++) {
                lut[offset + row * rowStride + t] = t < tile ? random.nextFloat() : Float.POSITIVE_INFINITY;
            }
        }
        return lut;
    }

    @Test
    void lookupMinSumsAreBitIdenticalToSummedDistances() {
        SplittableRandom random = new SplittableRandom(23);
        for (int m : new int[] {1, 3, 16}) {
            for (int ks : new int[] {16, 256}) {
                // Tiles of one block of lanes, two (the fused pass), two and a remainder, four.
                for (int tile : new int[] {1, 2, 5, 9, 12, 16, 20, 32}) {
                    int rowStride = Integer.highestOneBit(tile) == tile ? tile : 2 * Integer.highestOneBit(tile);
                    int lutOffset = random.nextInt(8);
                    float[] lut = new float[lutOffset + m * ks * rowStride];
                    for (int j = 0; j < lut.length; j++) {
                        lut[j] = (float) (random.nextDouble() * 10);
                    }
                    for (int n : new int[] {0, 1, 2, 7, 100}) {
                        int codesOffset = random.nextInt(5);
                        byte[] codes = new byte[codesOffset + n * m];
                        for (int j = 0; j < codes.length; j++) {
                            codes[j] = (byte) random.nextInt(ks);
                        }
                        int minOffset = random.nextInt(3);
                        float[] minDist = new float[minOffset + n];
                        for (int j = 0; j < minDist.length; j++) {
                            minDist[j] = (float) (random.nextDouble() * 10 * m);
                        }
                        double[] expected = new double[tile + 3];
                        double[] actual = new double[tile + 3];
                        SCALAR.lookupMinSums(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile, minDist,
                                minOffset, expected, 2);
                        panama.lookupMinSums(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile, minDist,
                                minOffset, actual, 2);
                        assertThat(actual).isEqualTo(expected);
                        // The definition: the distances lookupDistances gives, capped by minDist, summed in order.
                        float[] distances = new float[tile * Math.max(1, n)];
                        SCALAR.lookupDistances(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, tile,
                                distances, 0, Math.max(1, n));
                        for (int t = 0; t < tile; t++) {
                            double sum = 0;
                            for (int i = 0; i < n; i++) {
                                sum += Math.min(minDist[minOffset + i], distances[t * Math.max(1, n) + i]);
                            }
                            assertThat(expected[2 + t]).isEqualTo(sum);
                        }
                    }
                }
            }
        }
    }

    @Test
    void selectNotAboveSelectsTheSameRows() {
        SplittableRandom random = new SplittableRandom(17);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 100, 1000}) {
            for (int trial = 0; trial < 20; trial++) {
                int offset = random.nextInt(40);
                float[] bounds = new float[offset + n];
                float[] limits = new float[n];
                int[] owner = new int[n];
                for (int i = 0; i < n; i++) {
                    // Many exact ties (small integers), some values whose low bits the tag replaces, a few
                    // infinite limits; every tag.
                    float value = random.nextInt(4) == 0 ? (float) random.nextDouble(8) : random.nextInt(8);
                    int tag = random.nextInt(Kernels.BOUND_TAGS);
                    bounds[offset + i] = Float.intBitsToFloat(
                            (Float.floatToRawIntBits(value) & ~Kernels.BOUND_TAG_MASK) | tag);
                    limits[i] = random.nextInt(20) == 0 ? Float.POSITIVE_INFINITY : random.nextInt(6);
                    owner[i] = random.nextInt(4);
                }
                int decaysOffset = random.nextInt(5);
                float[] decays = new float[decaysOffset + Kernels.BOUND_TAGS];
                for (int t = 0; t < Kernels.BOUND_TAGS; t++) {
                    decays[decaysOffset + t] = random.nextInt(4) * 0.5f;
                }
                int skip = random.nextInt(4);
                int[] expected = new int[n];
                int[] actual = new int[n];
                int expectedCount = SCALAR.selectNotAbove(bounds, offset, limits, decays, decaysOffset, owner, skip, n,
                        expected);
                int actualCount = panama.selectNotAbove(bounds, offset, limits, decays, decaysOffset, owner, skip, n,
                        actual);
                assertThat(actualCount).isEqualTo(expectedCount);
                assertThat(Arrays.copyOf(actual, actualCount)).isEqualTo(Arrays.copyOf(expected, expectedCount));
                java.util.function.IntPredicate notCleared = i -> {
                    float stored = bounds[offset + i];
                    return !(Kernels.boundValue(stored) > limits[i] + decays[decaysOffset + Kernels.boundTag(stored)]);
                };
                for (int j = 0; j < expectedCount; j++) {
                    int i = expected[j];
                    assertThat(owner[i]).isNotEqualTo(skip);
                    assertThat(notCleared.test(i)).isTrue();
                }
                long unselected = java.util.stream.IntStream.range(0, n)
                        .filter(i -> owner[i] != skip && notCleared.test(i)).count();
                assertThat(unselected).isEqualTo(expectedCount);
            }
        }
    }

    @Test
    void lookupArgminTiesGoToTheSmallestCenter() {
        Random random = new Random(32);
        int ks = 64;
        int m = 16;
        int n = 37;
        byte[] codes = codes(random, n * m, ks);
        for (int tile : TILES) {
            if (tile < 2) {
                continue;
            }
            // Centers `first` and `last` have identical, smaller columns: every code is nearest to both.
            int first = random.nextInt(tile - 1);
            int last = first + 1 + random.nextInt(tile - first - 1);
            float[] lut = uniform(random, m * ks * tile);
            for (int row = 0; row < m * ks; row++) {
                lut[row * tile + first] = 0.1f * lut[row * tile + first];
                lut[row * tile + last] = lut[row * tile + first];
            }
            int[] labels = filled(n, -1);
            float[] dist = new float[n];
            Arrays.fill(dist, Float.POSITIVE_INFINITY);
            panama.lookupArgmin(codes, 0, n, m, lut, 0, tile, ks, tile, 1000, labels, dist, 0);
            assertThat(labels).as("tile=" + tile + " first=" + first + " last=" + last).containsOnly(1000 + first);
            // The same table again as a later tile: equal distances must not replace the earlier label.
            panama.lookupArgmin(codes, 0, n, m, lut, 0, tile, ks, tile, 2000, labels, dist, 0);
            assertThat(labels).as("tile=" + tile).containsOnly(1000 + first);
        }
    }

    @Test
    void lookupKernelsReadEveryUnsignedCodeValue() {
        int ks = 256;
        int m = 256;
        int n = 5;
        int tile = 17;
        byte[] codes = new byte[n * m];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < m; s++) {
                codes[i * m + s] = (byte) (s * 7 + i * 13); // each code holds all 256 byte values
            }
        }
        Random random = new Random(41);
        float[] lut = uniform(random, m * ks * tile);
        int[] expectedLabels = filled(n, -1);
        int[] actualLabels = filled(n, -1);
        float[] expectedDist = filled(n, Float.POSITIVE_INFINITY);
        float[] actualDist = filled(n, Float.POSITIVE_INFINITY);
        SCALAR.lookupArgmin(codes, 0, n, m, lut, 0, tile, ks, tile, 0, expectedLabels, expectedDist, 0);
        panama.lookupArgmin(codes, 0, n, m, lut, 0, tile, ks, tile, 0, actualLabels, actualDist, 0);
        assertThat(actualLabels).containsExactly(expectedLabels);
        assertArrayEquals(expectedDist, actualDist);

        float[] distanceTable = uniform(random, m * ks);
        float[] expected = new float[n];
        float[] actual = new float[n];
        SCALAR.lookupDistances(codes, 0, n, m, distanceTable, ks, expected, 0);
        panama.lookupDistances(codes, 0, n, m, distanceTable, ks, actual, 0);
        assertArrayEquals(expected, actual);
    }

    @Test
    void lookupDistancesIsBitIdentical() {
        Random random = new Random(51);
        for (int ks : CODEBOOK_SIZES) {
            for (int m : new int[] {1, 3, 8, 64}) {
                for (int n : ROW_COUNTS) {
                    int codesOffset = random.nextInt(5);
                    byte[] codes = codes(random, codesOffset + n * m, ks);
                    float[] lut = uniform(random, m * ks);
                    float[] expected = filled(n + 3, -1f);
                    float[] actual = filled(n + 3, -1f);
                    SCALAR.lookupDistances(codes, codesOffset, n, m, lut, ks, expected, 1);
                    panama.lookupDistances(codes, codesOffset, n, m, lut, ks, actual, 1);
                    assertArrayEquals(expected, actual, "ks=" + ks + " m=" + m + " n=" + n);
                }
            }
        }
    }

    @Test
    void quantizedMinimaAreIdentical() {
        Random random = new Random(41);
        for (int ks : new int[] {3, 16, 256}) {
            for (int m : new int[] {1, 3, 16, 128}) {
                int largest = Math.min(255, 32767 / m);
                for (int width : new int[] {32, 64, 96}) {
                    int qOffset = random.nextInt(40);
                    byte[] qlut = new byte[qOffset + m * ks * width + 7];
                    for (int i = 0; i < qlut.length; i++) {
                        qlut[i] = (byte) random.nextInt(largest + 1);
                    }
                    for (int n : ROW_COUNTS) {
                        String where = "ks=" + ks + " m=" + m + " width=" + width + " n=" + n;
                        // Rows in any order, repeated or not, at an offset into the row list.
                        int stored = n + 4;
                        byte[] codes = codes(random, stored * m, ks);
                        int rowsOffset = random.nextInt(5);
                        int[] rows = new int[rowsOffset + n];
                        for (int i = 0; i < rows.length; i++) {
                            rows[i] = random.nextInt(stored);
                        }
                        int[] expected = filled(n + 3, -5);
                        int[] actual = expected.clone();
                        SCALAR.quantizedMinima(codes, rows, rowsOffset, n, m, qlut, qOffset, width, ks, expected, 2);
                        panama.quantizedMinima(codes, rows, rowsOffset, n, m, qlut, qOffset, width, ks, actual, 2);
                        assertThat(actual).as(where).containsExactly(expected);
                    }
                }
            }
        }
        // The largest sums: every entry at its maximum, and a single smaller center found in a later block.
        int m = 128;
        int width = 64;
        byte[] qlut = new byte[m * 256 * width];
        Arrays.fill(qlut, (byte) 255);
        byte[] codes = codes(random, 5 * m, 256);
        int[] rows = {0, 1, 2, 3, 4};
        int[] expected = new int[5];
        int[] actual = new int[5];
        SCALAR.quantizedMinima(codes, rows, 0, 5, m, qlut, 0, width, 256, expected, 0);
        panama.quantizedMinima(codes, rows, 0, 5, m, qlut, 0, width, 256, actual, 0);
        assertThat(actual).containsExactly(expected).containsOnly(128 * 255);
        for (int s = 0; s < m; s++) {
            qlut[(s * 256 + (codes[3 * m + s] & 0xFF)) * width + 45] = 7;
        }
        panama.quantizedMinima(codes, rows, 0, 5, m, qlut, 0, width, 256, actual, 0);
        assertThat(actual[3]).isEqualTo(128 * 7);
    }

    @Test
    void histogramIsIdentical() {
        Random random = new Random(61);
        for (int ks : CODEBOOK_SIZES) {
            for (int n : ROW_COUNTS) {
                int m = 5;
                int k = 3;
                byte[] codes = codes(random, 2 + n * m, ks);
                int[] labels = new int[n + 1];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = random.nextInt(k);
                }
                int[] expected = new int[k * m * ks];
                int[] actual = new int[k * m * ks];
                SCALAR.histogram(codes, 2, n, m, ks, labels, 1, expected);
                panama.histogram(codes, 2, n, m, ks, labels, 1, actual);
                assertThat(actual).as("ks=" + ks + " n=" + n).containsExactly(expected);
                assertThat(Arrays.stream(actual).sum()).isEqualTo(n * m);
            }
        }
    }

    @Test
    void squaredDistanceAndDotAgreeWithinRounding() {
        Random random = new Random(71);
        int[] lengths = {0, 1, 4, 6, 8, 13, 16, 25, 32, 33, 64, 100, 207, 256, 1024, 2046, 2048, 4098};
        for (int length : lengths) {
            float[] a = uniformSigned(random, length + 3);
            float[] b = uniformSigned(random, length + 5);
            double exactDot = 0;
            double exactDistance = 0;
            double dotMagnitude = 0;
            for (int j = 0; j < length; j++) {
                double product = (double) a[3 + j] * b[5 + j];
                double diff = (double) a[3 + j] - b[5 + j];
                exactDot += product;
                dotMagnitude += Math.abs(product);
                exactDistance += diff * diff;
            }
            // The classic bound for any summation order: length * unit roundoff * sum of |terms|.
            double unit = Math.ulp(1f) / 2;
            double dotTolerance = (length + 1) * unit * dotMagnitude;
            double distanceTolerance = (length + 1) * unit * exactDistance;
            String where = "length=" + length;
            assertThat((double) panama.dot(a, 3, b, 5, length)).as(where).isCloseTo(exactDot, within(dotTolerance));
            assertThat((double) SCALAR.dot(a, 3, b, 5, length)).as(where).isCloseTo(exactDot, within(dotTolerance));
            assertThat((double) panama.squaredDistance(a, 3, b, 5, length)).as(where)
                    .isCloseTo(exactDistance, within(distanceTolerance));
            assertThat((double) SCALAR.squaredDistance(a, 3, b, 5, length)).as(where)
                    .isCloseTo(exactDistance, within(distanceTolerance));

            // Small integers sum exactly in any order.
            float[] ones = filled(length + 1, 1f);
            float[] threes = filled(length + 2, 3f);
            assertThat(panama.dot(ones, 1, threes, 2, length)).as(where).isEqualTo(3f * length);
            assertThat(panama.squaredDistance(ones, 1, threes, 2, length)).as(where).isEqualTo(4f * length);
        }
    }

    private static float[] gaussian(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] uniform(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private static float[] uniformSigned(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = 2f * random.nextFloat() - 1f;
        }
        return values;
    }

    @Test
    void shiftedLowerBoundsAreBitIdentical() {
        SplittableRandom random = new SplittableRandom(23);
        // Zero, subnormal, below the absolute margin, exact squares, huge, the largest float and +Infinity.
        float[] special = {0f, Float.MIN_VALUE, 1e-40f, 1e-44f, 1f, 4f, 100f, 2.5e7f, 1e30f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY};
        double[] shifts = {0, 0.5, 1e-9, 3.75, 1e6, 1e38, 4e38};
        for (int n : new int[] {0, 1, 3, 4, 5, 8, 9, 17, 100}) {
            for (int trial = 0; trial < 30; trial++) {
                int offset = random.nextInt(7);
                float[] minima = new float[offset + n];
                for (int i = 0; i < n; i++) {
                    minima[offset + i] = random.nextInt(3) == 0 ? special[random.nextInt(special.length)]
                            : (float) (random.nextDouble() * Math.pow(10, random.nextInt(-3, 9)));
                }
                double absolute = random.nextBoolean() ? 128 * 0x1p-149 : 1e-40;
                double divisor = 1 + random.nextDouble() * 1e-5;
                double shift = shifts[random.nextInt(shifts.length)];
                int outOffset = random.nextInt(5);
                int tag = random.nextInt(Kernels.BOUND_TAGS);
                float[] expected = filled(outOffset + n, -1f);
                float[] actual = filled(outOffset + n, -1f);
                SCALAR.shiftedLowerBounds(minima, offset, n, absolute, divisor, shift, tag, expected, outOffset);
                panama.shiftedLowerBounds(minima, offset, n, absolute, divisor, shift, tag, actual, outOffset);
                assertArrayEquals(expected, actual);
                for (int i = 0; i < n; i++) {
                    // Tagged; its value a float no larger than the exact bound (+ shift), never infinite.
                    assertThat(Kernels.boundTag(expected[outOffset + i])).isEqualTo(tag);
                    float bound = Kernels.boundValue(expected[outOffset + i]);
                    assertThat(bound).isFinite().isGreaterThanOrEqualTo(0f);
                    double x = (Math.min(minima[offset + i], Float.MAX_VALUE) - absolute) / divisor;
                    assertThat((double) bound).isLessThanOrEqualTo((x > 0 ? Math.sqrt(x) : 0) + shift);
                }
            }
        }
    }

    private static byte[] codes(Random random, int length, int ks) {
        byte[] codes = new byte[length];
        for (int i = 0; i < length; i++) {
            codes[i] = (byte) random.nextInt(ks);
        }
        return codes;
    }

    private static float[] norms(float[] codebookT, int width, int ks) {
        float[] norms = new float[ks];
        for (int c = 0; c < ks; c++) {
            for (int j = 0; j < width; j++) {
                norms[c] = Math.fma(codebookT[j * ks + c], codebookT[j * ks + c], norms[c]);
            }
        }
        return norms;
    }

    private static int[] filled(int length, int value) {
        int[] values = new int[length];
        Arrays.fill(values, value);
        return values;
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return values;
    }
}
