package org.clostera.io.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.InvalidDataException;
import org.clostera.data.LabelSink;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.StreamedPrediction;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row indexing past 2^31 on a sparse code file (no disk used but for the rows written): labels of a range of
 * codes that straddles row 2^31 are predicted through the store and reach the sink at their long row numbers.
 */
class PastTwoToTheThirtyOneRowsTest {
    private static final long TWO_31 = 1L << 31;
    private static final int M = 2;
    private static final int KS = 16;
    private static final int DIM = 8;
    private static final int K = 5;
    private static final long TABLE_BYTES = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;

    @TempDir
    Path dir;

    @Test
    void labelsOfARangePastTwoToTheThirtyOneLandAtTheirRows() throws IOException {
        SplittableRandom random = new SplittableRandom(12);
        float[] data = gaussian(random, 2000 * DIM);
        PQEncoder encoder = PQEncoder.builder().subquantizers(M).codebookSize(KS).seed(0).threads(1).fit(data, DIM);
        byte[] written = new byte[2000 * M];
        encoder.encode(data, 2000, written);
        float[] centers = gaussian(random, K * DIM);

        long rows = TWO_31 + 3 * StreamedPrediction.RANGE_ROWS;
        long writtenAt = TWO_31 - 700; // the written codes straddle row 2^31; the rest of the file is a hole
        Path file = sparseCodeFile(rows);
        writeCodes(file, writtenAt, written);
        // Two assignment ranges: the first ends past 2^31 + 2^20, the second (shorter) follows it.
        long first = TWO_31 - 10_000;
        int count = StreamedPrediction.RANGE_ROWS + 30_000;
        byte[] expectedCodes = new byte[count * M];
        System.arraycopy(written, 0, expectedCodes, (int) (writtenAt - first) * M, written.length);

        RecordingSink sink = new RecordingSink(first, count);
        try (MappedFileCodeStore store = MappedFileCodeStore.open(file); WorkerPool pool = new WorkerPool(2)) {
            assertThat(store.rows()).isEqualTo(rows);
            StreamedPrediction.predict(store, first, first + count, encoder, centers, K, TABLE_BYTES, pool, sink);
            int[] expected = CodeSpaceKMeans.predict(expectedCodes, count, encoder, centers, K, TABLE_BYTES, pool);
            assertThat(sink.labels).isEqualTo(expected);
        }
        // In row order without gaps, one call per 16384-row chunk of the label store, at the store's row numbers.
        assertThat(sink.firstRows.getFirst()).isEqualTo(first);
        assertThat(sink.firstRows).contains(TWO_31 - 10_000 + 16_384, first + StreamedPrediction.RANGE_ROWS);
        assertThat(sink.firstRows).hasSize(StreamedPrediction.RANGE_ROWS / 16_384 + 2);
        assertThat(sink.next).isEqualTo(first + count);
        // The codes written around 2^31 are not all one cluster: the labels there really come from those rows.
        int around = (int) (TWO_31 - first);
        assertThat(java.util.Arrays.stream(sink.labels, around - 700, around + 1300).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void aBadCodePastTwoToTheThirtyOneIsReportedAtItsRow() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        float[] data = gaussian(random, 500 * DIM);
        PQEncoder encoder = PQEncoder.builder().subquantizers(M).codebookSize(KS).seed(0).threads(1).fit(data, DIM);
        long rows = TWO_31 + 100_000;
        Path file = sparseCodeFile(rows);
        long bad = TWO_31 + 42;
        writeCodes(file, bad, new byte[] {3, (byte) 200});
        try (MappedFileCodeStore store = MappedFileCodeStore.open(file); WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> StreamedPrediction.predict(store, TWO_31 - 5, TWO_31 + 50_000, encoder,
                    gaussian(random, K * DIM), K, TABLE_BYTES, pool, new RecordingSink(TWO_31 - 5, 50_005)))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("code 200 in subspace 1 is not below the codebook size Ks = 16")
                    .hasMessageContaining("row " + bad)
                    .satisfies(e -> assertThat(((InvalidDataException) e).row()).isEqualTo(bad));
        }
    }

    /** A committed code file of {@code rows} rows of M bytes, all zero: only its header is written. */
    private Path sparseCodeFile(long rows) throws IOException {
        Path file = dir.resolve("codes.bin");
        ByteBuffer header = ByteBuffer.allocate(MappedFileCodeStore.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("CLSTCODE".getBytes(StandardCharsets.US_ASCII)).putInt(MappedFileCodeStore.VERSION).putInt(M)
                .putLong(rows).putLong(0L);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(MappedFileCodeStore.HEADER_BYTES + rows * M);
            out.write(header.array());
        }
        return file;
    }

    private static void writeCodes(Path file, long firstRow, byte[] codes) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(MappedFileCodeStore.HEADER_BYTES + firstRow * M);
            out.write(codes);
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() + (i / DIM % 4) * 3.0);
        }
        return values;
    }

    /** Keeps the labels of rows {@code [first, first + count)} and the row number of every call. */
    private static final class RecordingSink implements LabelSink {
        final long first;
        final int[] labels;
        final List<Long> firstRows = new ArrayList<>();
        long next;

        RecordingSink(long first, int count) {
            this.first = first;
            this.labels = new int[count];
            this.next = first;
        }

        @Override
        public long rows() {
            return first + labels.length;
        }

        @Override
        public void accept(long firstRow, int[] values, int offset, int count) {
            assertThat(firstRow).isEqualTo(next);
            firstRows.add(firstRow);
            System.arraycopy(values, offset, labels, (int) (firstRow - first), count);
            next = firstRow + count;
        }

        @Override
        public void abort() {
        }

        @Override
        public void close() {
        }
    }
}
