package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.VectorSource;
import org.junit.jupiter.api.Test;

class PQEncoderTest {

    private static final float[] MIXTURE_16 = GaussianMixture.generate(4000, 16, 12, 4.0, 42);

    private static double mse(PQEncoder encoder, float[] data, int n) {
        byte[] codes = new byte[n * encoder.subquantizers()];
        encoder.encode(data, n, codes);
        float[] decoded = encoder.decode(codes, n);
        double sum = 0;
        for (int i = 0; i < n * encoder.dim(); i++) {
            double d = data[i] - decoded[i];
            sum += d * d;
        }
        return sum / ((double) n * encoder.dim());
    }

    @Test
    void reconstructionErrorFallsAsCodebookGrows() {
        double previous = Double.POSITIVE_INFINITY;
        double[] errors = new double[3];
        int[] sizes = {4, 16, 64};
        for (int k = 0; k < sizes.length; k++) {
            PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(sizes[k]).seed(7).threads(2)
                    .fit(MIXTURE_16, 16);
            errors[k] = mse(encoder, MIXTURE_16, 4000);
            assertThat(errors[k]).isLessThan(previous);
            previous = errors[k];
        }
        // Data variance per dimension is about 1 (noise) + 16/3 (centres): ~6.3. Measured: 2.411, 0.868, 0.475.
        assertThat(errors[0]).isBetween(2.3, 2.5);
        assertThat(errors[1]).isBetween(0.83, 0.91);
        assertThat(errors[2]).isBetween(0.45, 0.50);
    }

    @Test
    void unevenWidthsRoundTrip() {
        float[] data = GaussianMixture.generate(600, 10, 5, 3.0, 3);
        PQEncoder encoder = PQEncoder.builder().subquantizers(3).codebookSize(16).seed(1).threads(1).fit(data, 10);
        SubspaceLayout layout = encoder.layout();
        assertThat(new int[] {layout.width(0), layout.width(1), layout.width(2)}).containsExactly(4, 3, 3);
        assertThat(new int[] {layout.offset(0), layout.offset(1), layout.offset(2)}).containsExactly(0, 4, 7);
        for (int s = 0; s < 3; s++) {
            assertThat(encoder.codebook(s)).hasSize(16 * layout.width(s));
        }
        byte[] codes = new byte[600 * 3];
        encoder.encode(data, 600, codes);
        float[] decoded = encoder.decode(codes, 600);
        // Every decoded sub-vector is exactly the codeword its code names, mapped back to input units.
        double scale = encoder.normalization().scale();
        double[] mean = encoder.normalization().mean(10);
        assertThat(encoder.normalization().isIdentity()).isFalse();
        for (int i = 0; i < 600; i++) {
            for (int s = 0; s < 3; s++) {
                float[] codebook = encoder.codebook(s);
                int c = codes[i * 3 + s] & 0xFF;
                for (int j = 0; j < layout.width(s); j++) {
                    int column = layout.offset(s) + j;
                    assertThat(decoded[i * 10 + column])
                            .isEqualTo((float) (codebook[c * layout.width(s) + j] * scale + mean[column]));
                }
            }
        }
        // Encoding the decoded vectors maps each to the same codes (codewords are their own nearest).
        byte[] again = new byte[600 * 3];
        encoder.encode(decoded, 600, again);
        assertThat(again).isEqualTo(codes);
        // Measured 0.520 (data variance per dimension ~4).
        assertThat(mse(encoder, data, 600)).isBetween(0.49, 0.55);
    }

    @Test
    void sameCodesForAnyThreadCountAndRun() {
        float[] data = GaussianMixture.generate(3000, 24, 8, 3.0, 11);
        PQEncoder one = PQEncoder.builder().subquantizers(6).codebookSize(32).seed(5).threads(1).fit(data, 24);
        PQEncoder four = PQEncoder.builder().subquantizers(6).codebookSize(32).seed(5).threads(4).fit(data, 24);
        PQEncoder again = PQEncoder.builder().subquantizers(6).codebookSize(32).seed(5).threads(4).fit(data, 24);
        for (int s = 0; s < 6; s++) {
            assertThat(four.codebook(s)).isEqualTo(one.codebook(s));
            assertThat(again.codebook(s)).isEqualTo(one.codebook(s));
        }
        byte[] codesOne = new byte[3000 * 6];
        byte[] codesFour = new byte[3000 * 6];
        one.encode(data, 3000, codesOne);
        four.encode(data, 3000, codesFour);
        assertThat(codesFour).isEqualTo(codesOne);
        // A different seed gives a different training sample / initialisation (here: different codebooks).
        PQEncoder other = PQEncoder.builder().subquantizers(6).codebookSize(32).seed(6).threads(2)
                .trainRows(1000).fit(data, 24);
        assertThat(other.codebook(0)).isNotEqualTo(one.codebook(0));
    }

    @Test
    void encodingASourceMatchesEncodingTheArray() {
        float[] data = GaussianMixture.generate(2100, 12, 6, 2.0, 8);
        PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(64).seed(2).threads(2)
                .batchRows(300).fit(data, 12);
        assertThat(encoder.batchRows()).isEqualTo(300);
        byte[] expected = new byte[2100 * 4];
        encoder.encode(data, 2100, expected);

        HeapCodeStore store = new HeapCodeStore(2100, 4);
        List<Long> progress = new ArrayList<>();
        encoder.encode(ArrayVectorSource.of(data, 12), store, new ProgressListener() {
            @Override
            public void onProgress(String stage, long done, long total) {
                assertThat(stage).isEqualTo(PQEncoder.ENCODE_STAGE);
                assertThat(total).isEqualTo(2100);
                progress.add(done);
            }
        });
        byte[] actual = new byte[2100 * 4];
        store.read(0, 2100, actual, 0);
        assertThat(actual).isEqualTo(expected);
        // 2100 rows in batches of 300: seven batches, reported in order.
        assertThat(progress).containsExactly(300L, 600L, 900L, 1200L, 1500L, 1800L, 2100L);
    }

    @Test
    void perfectReconstructionWithFewDistinctSubvectors() {
        // Each 4-wide subvector is one of 10 patterns; Ks = 16 >= 10 so every row is reproduced exactly.
        SplittableRandom random = new SplittableRandom(99);
        int dim = 8;
        float[][] patterns = new float[10][4];
        for (float[] p : patterns) {
            for (int j = 0; j < 4; j++) {
                p[j] = (float) (random.nextDouble() * 10 - 5);
            }
        }
        int rows = 500;
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int s = 0; s < 2; s++) {
                System.arraycopy(patterns[random.nextInt(10)], 0, data, i * dim + s * 4, 4);
            }
        }
        PQEncoder encoder = PQEncoder.builder().subquantizers(2).codebookSize(16).seed(3).threads(2).fit(data, dim);
        byte[] codes = new byte[rows * 2];
        encoder.encode(data, rows, codes);
        // Exact up to the float roundings of the normalisation there and back: a few ulps of the data's
        // range [-5, 5] (values near 0 lose the bits that x - mean does not keep).
        float[] decoded = encoder.decode(codes, rows);
        for (int i = 0; i < data.length; i++) {
            assertThat(decoded[i]).isCloseTo(data[i], within(2 * Math.ulp(5f)));
        }
    }

    @Test
    void defaultSubquantizersForD2048() {
        assertThat(SubspaceLayout.defaultSubquantizers(2048)).isEqualTo(45);
        float[] data = GaussianMixture.generate(64, 2048, 4, 1.0, 4);
        PQEncoder encoder = PQEncoder.builder().codebookSize(8).iterations(2).threads(2).fit(data, 2048);
        assertThat(encoder.subquantizers()).isEqualTo(45);
        // 2048 = 45 * 45 + 23: 23 subspaces of width 46, 22 of width 45.
        assertThat(encoder.layout().width(0)).isEqualTo(46);
        assertThat(encoder.layout().width(22)).isEqualTo(46);
        assertThat(encoder.layout().width(23)).isEqualTo(45);
        assertThat(encoder.layout().offset(44)).isEqualTo(2048 - 45);
        assertThat(encoder.codebookSize()).isEqualTo(8);
    }

    @Test
    void fromCodebooksReproducesTheTrainedEncoder() {
        PQEncoder trained = PQEncoder.builder().subquantizers(4).codebookSize(16).seed(1).threads(1)
                .fit(MIXTURE_16, 16);
        float[][] codebooks = new float[4][];
        for (int s = 0; s < 4; s++) {
            codebooks[s] = trained.codebook(s);
        }
        PQEncoder rebuilt = PQEncoder.fromCodebooks(trained.layout(), trained.normalization(), 16, codebooks, 2);
        byte[] a = new byte[4000 * 4];
        byte[] b = new byte[4000 * 4];
        trained.encode(MIXTURE_16, 4000, a);
        rebuilt.encode(MIXTURE_16, 4000, b);
        assertThat(b).isEqualTo(a);
        assertThat(rebuilt.rotated()).isFalse();
        assertThat(rebuilt.threads()).isEqualTo(2);
        codebooks[0][0] = Float.NaN;
        assertThatThrownBy(() -> PQEncoder.fromCodebooks(trained.layout(), 16, codebooks, 1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("codebook 0");
        assertThatThrownBy(() -> PQEncoder.fromCodebooks(trained.layout(), 8, codebooks, 1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("expected Ks x width = 8 x 4");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> PQEncoder.builder().codebookSize(1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("2..256").hasMessageContaining("1");
        assertThatThrownBy(() -> PQEncoder.builder().codebookSize(257))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("257");
        assertThatThrownBy(() -> PQEncoder.builder().subquantizers(17).codebookSize(4).fit(MIXTURE_16, 16))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("M = 17")
                .hasMessageContaining("D = 16");
        assertThatThrownBy(() -> PQEncoder.builder().fit(new float[0][]))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> PQEncoder.builder().fit(new float[0], 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        float[] tiny = GaussianMixture.generate(10, 4, 2, 1.0, 1);
        assertThatThrownBy(() -> PQEncoder.builder().codebookSize(64).fit(tiny, 4))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Ks = 64")
                .hasMessageContaining("10 rows");
        assertThatThrownBy(() -> PQEncoder.builder().codebookSize(64).trainRows(32).fit(MIXTURE_16, 16))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("trainRows = 32")
                .hasMessageContaining("Ks = 64");
        assertThatThrownBy(() -> PQEncoder.builder().iterations(-1)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PQEncoder.builder().threads(-2)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void rejectsNonFiniteTrainingRowsNamingTheRow() {
        float[] data = MIXTURE_16.clone();
        data[17 * 16 + 3] = Float.NaN;
        assertThatThrownBy(() -> PQEncoder.builder().subquantizers(4).codebookSize(4).fit(data, 16))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 17")
                .hasMessageContaining("NaN");
        // A source that does not check its data itself: the training sample check names the source row.
        VectorSource unchecked = new VectorSource() {
            @Override
            public long rows() {
                return 100;
            }

            @Override
            public int dim() {
                return 4;
            }

            @Override
            public void read(long firstRow, int count, float[] dst, int dstOffset) {
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < 4; j++) {
                        dst[dstOffset + i * 4 + j] = firstRow + i == 42 && j == 2 ? Float.POSITIVE_INFINITY : j + i;
                    }
                }
            }

            @Override
            public String description() {
                return "unchecked";
            }
        };
        assertThatThrownBy(() -> PQEncoder.builder().codebookSize(4).fit(unchecked))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unchecked, row 42")
                .hasMessageContaining("dimension 2");
    }

    @Test
    void encodeChecksRowsOfSourcesThatDoNotCheckThemselvesAndTrustsThoseThatDo() {
        PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(16).seed(1).threads(2).batchRows(256)
                .fit(MIXTURE_16, 16);
        float[] data = MIXTURE_16.clone();
        data[3_210 * 16 + 9] = Float.NaN; // batch 12 of 256 rows: read ahead by the reader thread
        assertThat(new UncheckedSource(data, 16, false).checksFinite()).isFalse();
        assertThatThrownBy(() -> encoder.encode(new UncheckedSource(data, 16, false), new HeapCodeStore(4000, 4), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unchecked, row 3210")
                .hasMessageContaining("non-finite value NaN at dimension 9");
        // clostera's own source rejects the row itself, with the same message.
        assertThat(ArrayVectorSource.of(data, 16).checksFinite()).isTrue();
        assertThatThrownBy(() -> encoder.encode(ArrayVectorSource.of(data, 16), new HeapCodeStore(4000, 4), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("float[], row 3210")
                .hasMessageContaining("non-finite value NaN at dimension 9");

        // A source that says it checks is trusted: no second pass, so the row it let through is encoded, and
        // every other row gets the codes of the array path.
        HeapCodeStore trusted = new HeapCodeStore(4000, 4);
        encoder.encode(new UncheckedSource(data, 16, true), trusted, null);
        byte[] expected = new byte[4000 * 4];
        encoder.encode(MIXTURE_16, 4000, expected);
        java.util.Arrays.fill(expected, 3_210 * 4, 3_211 * 4, (byte) 0);
        assertThat(UncheckedSource.codesWithout(trusted, 3_210)).containsExactly(expected);
    }

    @Test
    void encodeRejectsNonFiniteRowsAndDecodeRejectsBadCodes() {
        PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(4).seed(1).fit(MIXTURE_16, 16);
        float[] data = MIXTURE_16.clone();
        data[700 * 16] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> encoder.encode(data, 4000, new byte[4000 * 4]))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 700");
        byte[] codes = new byte[2 * 4];
        codes[5] = 4;
        assertThatThrownBy(() -> encoder.decode(codes, 2))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1")
                .hasMessageContaining("subquantizer 1");
        assertThatThrownBy(() -> encoder.encode(ArrayVectorSource.of(new float[8 * 3], 8), new HeapCodeStore(3, 4),
                ProgressListener.NONE)).isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension");
    }

    @Test
    void encodeAcceptsHugeFiniteValues() {
        // Squares overflow float, values do not: nothing to reject.
        float[] data = MIXTURE_16.clone();
        for (int i = 0; i < data.length; i++) {
            data[i] *= 1e19f;
        }
        PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(4).seed(1).fit(data, 16);
        byte[] codes = new byte[4000 * 4];
        encoder.encode(data, 4000, codes);
        assertThat(encoder.decode(codes, 1)).hasSize(16);
    }

    @Test
    void identicalRowsTrainWithoutErrorAndDecodeExactly() {
        float[] data = new float[300 * 6];
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 6; j++) {
                data[i * 6 + j] = j - 2.5f;
            }
        }
        PQEncoder encoder = PQEncoder.builder().subquantizers(2).codebookSize(64).seed(1).fit(data, 6);
        byte[] codes = new byte[300 * 2];
        encoder.encode(data, 300, codes);
        assertThat(encoder.decode(codes, 300)).isEqualTo(data);
    }

    @Test
    void trainingReportsProgressPerSubspace() {
        List<String> events = new ArrayList<>();
        PQEncoder.builder().subquantizers(5).codebookSize(8).threads(2).progressListener(new ProgressListener() {
            @Override
            public void onStageStart(String stage, long total) {
                events.add("start " + stage + " " + total);
            }

            @Override
            public synchronized void onProgress(String stage, long done, long total) {
                events.add(stage + " " + total);
            }

            @Override
            public void onStageEnd(String stage) {
                events.add("end " + stage);
            }
        }).fit(MIXTURE_16, 16);
        assertThat(events).containsExactly("start pq-train 5", "pq-train 5", "pq-train 5", "pq-train 5",
                "pq-train 5", "pq-train 5", "end pq-train");
    }

    @Test
    void sequentialSourceIsReadInOrderByOneThread() {
        float[] data = GaussianMixture.generate(1000, 8, 4, 2.0, 12);
        PQEncoder encoder = PQEncoder.builder().subquantizers(2).codebookSize(16).seed(2).threads(2)
                .batchRows(256).fit(data, 8);
        ArrayVectorSource inner = ArrayVectorSource.of(data, 8);
        List<Thread> readers = new ArrayList<>();
        long[] nextRow = {0};
        VectorSource sequential = new VectorSource() {
            @Override
            public long rows() {
                return inner.rows();
            }

            @Override
            public int dim() {
                return 8;
            }

            @Override
            public void read(long firstRow, int count, float[] dst, int dstOffset) {
                if (firstRow != nextRow[0]) {
                    throw new IllegalStateException("read at " + firstRow + ", expected " + nextRow[0]);
                }
                nextRow[0] += count;
                synchronized (readers) {
                    readers.add(Thread.currentThread());
                }
                inner.read(firstRow, count, dst, dstOffset);
            }

            @Override
            public boolean supportsRandomAccess() {
                return false;
            }
        };
        HeapCodeStore store = new HeapCodeStore(1000, 2);
        encoder.encode(sequential, store, null);
        byte[] expected = new byte[1000 * 2];
        encoder.encode(data, 1000, expected);
        byte[] actual = new byte[1000 * 2];
        store.read(0, 1000, actual, 0);
        assertThat(actual).isEqualTo(expected);
        assertThat(nextRow[0]).isEqualTo(1000);
        assertThat(readers).hasSize(4);
        assertThat(new java.util.HashSet<>(readers)).hasSize(1);
    }

    @Test
    void readFailuresSurfaceUnwrapped() {
        float[] data = GaussianMixture.generate(1000, 8, 4, 2.0, 12);
        data[777 * 8 + 5] = Float.NaN;
        PQEncoder encoder = PQEncoder.builder().subquantizers(2).codebookSize(16).trainRows(500).seed(2)
                .threads(2).batchRows(256).fit(GaussianMixture.generate(600, 8, 4, 2.0, 1), 8);
        assertThatThrownBy(() -> encoder.encode(ArrayVectorSource.of(data, 8), new HeapCodeStore(1000, 2), null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 777")
                .hasMessageContaining("dimension 5");
    }

    @Test
    void reconstructionMseMatchesDirectComputation() {
        PQEncoder encoder = PQEncoder.builder().subquantizers(8).codebookSize(16).seed(1).fit(MIXTURE_16, 16);
        double all = encoder.reconstructionMse(ArrayVectorSource.of(MIXTURE_16, 16), 10_000, 0);
        assertThat(all).isCloseTo(mse(encoder, MIXTURE_16, 4000), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(all).isBetween(0.38, 0.43); // measured 0.403 with Ks = 16, 2-wide subspaces
        double sampled = encoder.reconstructionMse(ArrayVectorSource.of(MIXTURE_16, 16), 500, 9);
        assertThat(sampled).isBetween(all * 0.8, all * 1.2);
        assertThat(encoder.reconstructionMse(ArrayVectorSource.of(MIXTURE_16, 16), 500, 9)).isEqualTo(sampled);
        assertThatThrownBy(() -> encoder.reconstructionMse(ArrayVectorSource.of(MIXTURE_16, 16), 0, 9))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sampleRows");
        assertThatThrownBy(() -> ReconstructionError.meanSquaredError(encoder, ArrayVectorSource.of(new float[24], 8), 10, 0))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 16");
    }
}
