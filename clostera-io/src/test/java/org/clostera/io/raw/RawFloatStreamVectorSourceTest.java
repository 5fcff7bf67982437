package org.clostera.io.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class RawFloatStreamVectorSourceTest {
    @TempDir
    Path temp;

    @Test
    void readsTheSameRowsAsTheMappedReaderAcrossBufferBoundaries() throws Exception {
        // 300 x 1000 floats = 1.2 MB: batches cross the 1 MiB read buffer.
        Path file = RawFiles.writeRawFloats(temp.resolve("v.f32"), 300, 1000);
        try (RawFloatStreamVectorSource streamed = RawFloatStreamVectorSource.open(file, 1000);
             RawFloatVectorSource mapped = RawFloatVectorSource.open(file, 1000)) {
            assertThat(streamed.rows()).isEqualTo(300);
            assertThat(streamed.dim()).isEqualTo(1000);
            assertThat(streamed.checksFinite()).isTrue();
            assertThat(streamed.description()).isEqualTo(file.toString());
            float[] a = new float[3 + 300 * 1000];
            float[] b = new float[3 + 300 * 1000];
            streamed.read(0, 300, a, 3);
            mapped.read(0, 300, b, 3);
            assertThat(a).containsExactly(b);
            assertThat(a[3 + 299 * 1000 + 999]).isEqualTo(RawFiles.value(299, 999));
            assertThat(RowSampler.sampleVectors(streamed, 40, 9L)).containsExactly(RowSampler.sampleVectors(mapped, 40, 9L));
            // Concurrent readers of disjoint ranges (positional reads share no state).
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<float[]>> parts = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int first = t * 50;
                    parts.add(pool.submit(() -> {
                        float[] part = new float[50 * 1000];
                        streamed.read(first, 50, part, 0);
                        return part;
                    }));
                }
                for (int t = 0; t < 6; t++) {
                    float[] part = parts.get(t).get();
                    for (int i = 0; i < part.length; i++) {
                        assertThat(part[i]).isEqualTo(b[3 + t * 50 * 1000 + i]);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rejectsWhatTheMappedReaderRejects() throws IOException {
        Path file = RawFiles.writeRawFloats(temp.resolve("w.bin"), 10, 4);
        assertThatThrownBy(() -> RawFloatStreamVectorSource.open(file, 0))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("dim must be > 0");
        assertThatThrownBy(() -> RawFloatStreamVectorSource.open(file, 3))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("file size 160 is not a multiple of 12 bytes")
                .hasMessageContaining("4 trailing bytes");
        Path empty = Files.write(temp.resolve("e.raw"), new byte[0]);
        assertThatThrownBy(() -> RawFloatStreamVectorSource.open(empty, 3))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> RawFloatStreamVectorSource.open(temp.resolve("missing.f32"), 3))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no such file");
        try (RawFloatStreamVectorSource source = RawFloatStreamVectorSource.open(file, 4)) {
            assertThatThrownBy(() -> source.read(8, 3, new float[12], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("rows [8, 11) of 10");
        }
    }

    @Test
    void rejectsNaNNamingFileAndRow() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(5 * 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) {
            buffer.putFloat(i == 7 ? Float.NaN : i);
        }
        Path file = Files.write(temp.resolve("nan.f32"), buffer.array());
        try (RawFloatStreamVectorSource source = RawFloatStreamVectorSource.open(file, 2)) {
            float[] ok = new float[6];
            source.read(0, 3, ok, 0);
            assertThat(ok).containsExactly(0, 1, 2, 3, 4, 5);
            assertThatThrownBy(() -> source.read(0, 5, new float[10], 0))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("row 3");
        }
    }
}
