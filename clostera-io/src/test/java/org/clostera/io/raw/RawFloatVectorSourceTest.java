package org.clostera.io.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.raw.RawFiles.value;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.RowSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFloatVectorSourceTest {
    @TempDir
    Path temp;

    @Test
    void readsRowsBatchesAndSamples() throws IOException {
        Path file = RawFiles.writeRawFloats(temp.resolve("v.f32"), 1000, 7);
        try (RawFloatVectorSource source = RawFloatVectorSource.open(file, 7)) {
            assertThat(source.rows()).isEqualTo(1000);
            assertThat(source.dim()).isEqualTo(7);
            assertThat(source.supportsRandomAccess()).isTrue();
            float[] batch = new float[5 + 333 * 7];
            source.read(600, 333, batch, 5);
            for (int i = 0; i < 333; i++) {
                for (int j = 0; j < 7; j++) {
                    assertThat(batch[5 + i * 7 + j]).isEqualTo(value(600 + i, j));
                }
            }
            long[] rows = RowSampler.sample(1000, 50, 7L);
            float[] sample = RowSampler.sampleVectors(source, 50, 7L);
            for (int i = 0; i < rows.length; i++) {
                assertThat(sample[i * 7 + 6]).isEqualTo(value(rows[i], 6));
            }
        }
    }

    @Test
    void tinyWindowsGiveTheSameValuesAsOneMapping() throws IOException {
        // Windows of 10 and 4 bytes: values straddle windows, rows span several.
        Path file = RawFiles.writeRawFloats(temp.resolve("w.bin"), 64, 3);
        float[] expected = new float[64 * 3];
        RawFloatVectorSource.open(file, 3).read(0, 64, expected, 0);
        for (long window : new long[] {10, 4, 13, 1 << 20}) {
            float[] actual = new float[64 * 3];
            RawFloatVectorSource source = RawFloatVectorSource.open(file, 3, window);
            for (int row = 0; row < 64; row += 5) {
                source.read(row, Math.min(5, 64 - row), actual, row * 3);
            }
            assertThat(actual).as("window %d", window).containsExactly(expected);
        }
        assertThat(expected[63 * 3 + 2]).isEqualTo(value(63, 2));
    }

    @Test
    void concurrentReadersSeeTheirOwnRows() throws Exception {
        Path file = RawFiles.writeRawFloats(temp.resolve("c.raw"), 2000, 16);
        RawFloatVectorSource source = RawFloatVectorSource.open(file, 16, 100); // many window crossings
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    float[] row = new float[16];
                    int checked = 0;
                    for (int r = thread; r < 2000; r += 4) {
                        source.read(r, 1, row, 0);
                        for (int j = 0; j < 16; j++) {
                            if (row[j] != value(r, j)) {
                                throw new AssertionError("row " + r + " dim " + j);
                            }
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void filesBeyondTwoGibibytes() throws IOException {
        // 3 GiB + a bit, sparse: only the rows under test are written. Row 178956970 (dim 3, 12 bytes/row)
        // spans byte 2^31 exactly, which is also a 1 GiB window boundary.
        int dim = 3;
        long rows = ((3L << 30) / 12) + 5;
        Path file = RawFiles.sparse(temp.resolve("big.f32"), rows * 12);
        long straddling = (1L << 31) / 12;
        long last = rows - 1;
        RawFiles.rawFloatRow(file, straddling, dim);
        RawFiles.rawFloatRow(file, straddling + 1, dim);
        RawFiles.rawFloatRow(file, last, dim);
        try (RawFloatVectorSource source = RawFloatVectorSource.open(file, dim)) {
            assertThat(source.rows()).isEqualTo(rows);
            float[] two = new float[6];
            source.read(straddling, 2, two, 0);
            assertThat(two).containsExactly(value(straddling, 0), value(straddling, 1), value(straddling, 2),
                    value(straddling + 1, 0), value(straddling + 1, 1), value(straddling + 1, 2));
            float[] end = new float[3];
            source.read(last, 1, end, 0);
            assertThat(end).containsExactly(value(last, 0), value(last, 1), value(last, 2));
            source.read(1L << 28, 1, end, 0); // a hole reads as zeros
            assertThat(end).containsExactly(0f, 0f, 0f);
        }
    }

    @Test
    void sizeNotAMultipleOfTheRowNamesTheTrailingBytes() throws IOException {
        Path file = RawFiles.writeRawFloats(temp.resolve("odd.f32"), 10, 4); // 160 bytes
        assertThatThrownBy(() -> RawFloatVectorSource.open(file, 6))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("file size 160").hasMessageContaining("16 trailing bytes");
    }

    @Test
    void badInputs() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.f32"));
        assertThatThrownBy(() -> RawFloatVectorSource.open(empty, 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining(empty.toString()).hasMessageContaining("empty");
        Path missing = temp.resolve("missing.f32");
        assertThatThrownBy(() -> RawFloatVectorSource.open(missing, 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
        assertThatThrownBy(() -> RawFloatVectorSource.open(temp, 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> RawFloatVectorSource.open(empty, 0)).isInstanceOf(InvalidParameterException.class);

        ByteBuffer nan = ByteBuffer.allocate(4 * 2 * 3).order(ByteOrder.LITTLE_ENDIAN);
        nan.putFloat(1).putFloat(2).putFloat(3).putFloat(4).putFloat(Float.POSITIVE_INFINITY).putFloat(6);
        Path inf = Files.write(temp.resolve("inf.f32"), nan.array());
        RawFloatVectorSource source = RawFloatVectorSource.open(inf, 2);
        assertThat(source.checksFinite()).isTrue();
        float[] all = new float[6];
        assertThatThrownBy(() -> source.read(0, 3, all, 0))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(inf.toString()).hasMessageContaining("row 2").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> source.read(2, 2, all, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        source.close();
        assertThatThrownBy(() -> source.read(0, 1, all, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShortDestinationIsRejectedBeforeReading() throws IOException {
        Path file = RawFiles.writeRawFloats(temp.resolve("d.f32"), 10, 4);
        try (RawFloatVectorSource source = RawFloatVectorSource.open(file, 4)) {
            float[] dst = new float[11];
            assertThatThrownBy(() -> source.read(0, 3, dst, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("destination too small: 12 floats at offset 0 of 11");
            assertThat(dst).containsOnly(0f);
        }
    }
}
