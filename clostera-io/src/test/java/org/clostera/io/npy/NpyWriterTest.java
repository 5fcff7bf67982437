package org.clostera.io.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.npy.NpyFixtures.base;
import static org.clostera.io.npy.NpyFixtures.fixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.clostera.ClosteraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path tmp;

    @Test
    void float32MatrixIsByteIdenticalToNumpy() throws IOException {
        float[] data = new float[15];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                data[i * 3 + j] = base(i, j, 3);
            }
        }
        Path out = tmp.resolve("out.npy");
        try (NpyWriter w = NpyWriter.createFloat32(out, 5, 3)) {
            w.appendFloats(data, 0, 2);
            w.appendFloats(data, 6, 3);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(fixture("writer_expected_f32.npy")));
        assertThat(listTmp()).containsExactly("out.npy");
    }

    @Test
    void int32VectorIsByteIdenticalToNumpy() throws IOException {
        Path out = tmp.resolve("labels.npy");
        NpyLabels.write(out, NpyFixtures.labels());
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(fixture("writer_expected_i32.npy")));
    }

    @Test
    void positionalWritesInAnyOrder() {
        Path out = tmp.resolve("positional.npy");
        float[] data = new float[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        try (NpyWriter w = NpyWriter.createFloat32(out, 10, 4)) {
            w.writeFloats(6, data, 24, 4);
            w.writeFloats(0, data, 0, 6);
        }
        try (NpyVectorSource src = NpyVectorSource.open(out)) {
            float[] back = new float[40];
            src.read(0, 10, back, 0);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void largeBatchesSpanSeveralChunks() {
        // 300,000 floats = 1.2 MB > the 1 MiB write chunk.
        int rows = 1000;
        int dim = 300;
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 4099) - 2000.5f;
        }
        Path out = tmp.resolve("big.npy");
        try (NpyWriter w = NpyWriter.createFloat32(out, rows, dim)) {
            w.appendFloats(data, 0, rows);
        }
        try (NpyVectorSource src = NpyVectorSource.open(out)) {
            float[] back = new float[data.length];
            src.read(0, rows, back, 0);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void incompleteCloseDeletesTempAndKeepsOldTarget() throws IOException {
        Path out = tmp.resolve("keep.npy");
        Files.writeString(out, "old");
        NpyWriter w = NpyWriter.createFloat32(out, 3, 2);
        w.appendFloats(new float[] {1, 2}, 0, 1);
        assertThat(listTmp()).hasSize(2); // target + hidden temp
        assertThatThrownBy(w::close).isInstanceOf(ClosteraException.class)
                .hasMessageContaining("1 of 3 rows written").hasMessageContaining("keep.npy");
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(listTmp()).containsExactly("keep.npy");
    }

    @Test
    void abortDeletesTempAndCloseAfterAbortIsQuiet() throws IOException {
        Path out = tmp.resolve("aborted.npy");
        try (NpyWriter w = NpyWriter.createInt32(out, 4)) {
            w.appendInts(new int[] {1, 2}, 0, 2);
            w.abort();
        }
        assertThat(listTmp()).isEmpty();
    }

    @Test
    void failureInsideTryWithResourcesLeavesNothing() throws IOException {
        Path out = tmp.resolve("failed.npy");
        assertThatThrownBy(() -> {
            try (NpyWriter w = NpyWriter.createInt32(out, 4)) {
                w.appendInts(new int[] {1}, 0, 1);
                throw new IllegalStateException("boom");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(listTmp()).isEmpty();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> NpyWriter.createFloat32(tmp.resolve("x.npy"), 3, 0))
                .hasMessageContaining("dim > 0");
        assertThatThrownBy(() -> NpyWriter.createInt32(tmp.resolve("missing-dir/x.npy"), 3))
                .isInstanceOf(ClosteraException.class).hasMessageContaining("cannot create");
        try (NpyWriter w = NpyWriter.createInt32(tmp.resolve("y.npy"), 2)) {
            assertThatThrownBy(() -> w.writeInts(1, new int[] {1, 2}, 0, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> w.writeFloats(0, new float[2], 0, 1)).isInstanceOf(IllegalStateException.class);
            w.abort();
        }
    }

    @Test
    void headerSwitchesToVersion2WhenTooLongAndStaysAligned() {
        byte[] h1 = NpyHeader.encode(NpyDtype.FLOAT32_LE, new long[] {3, 4});
        assertThat(h1.length % 64).isZero();
        assertThat(h1[6]).isEqualTo((byte) 1);
        long[] manyDims = new long[30000];
        java.util.Arrays.fill(manyDims, 1);
        byte[] h2 = NpyHeader.encode(NpyDtype.FLOAT32_LE, manyDims);
        assertThat(h2[6]).isEqualTo((byte) 2);
        assertThat(h2.length % 64).isZero();
        assertThat(h2[h2.length - 1]).isEqualTo((byte) '\n');
    }

    private java.util.List<String> listTmp() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
