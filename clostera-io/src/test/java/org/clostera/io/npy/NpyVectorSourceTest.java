package org.clostera.io.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.npy.NpyFixtures.base;
import static org.clostera.io.npy.NpyFixtures.fixture;
import static org.clostera.io.npy.NpyFixtures.tenth;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.clostera.InvalidDataException;
import org.clostera.data.HeapCodeStore;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyVectorSourceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"f32_le.npy", "f32_be.npy", "f32_v2.npy", "f32_v3.npy"})
    void readsFloat32WrittenByNumpy(String name) {
        try (NpyVectorSource src = NpyVectorSource.open(fixture(name))) {
            assertThat(src.rows()).isEqualTo(5);
            assertThat(src.dim()).isEqualTo(3);
            assertThat(src.supportsRandomAccess()).isTrue();
            assertThat(src.description()).endsWith(name);
            float[] all = new float[15];
            src.read(0, 5, all, 0);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(all[i * 3 + j]).isEqualTo(base(i, j, 3));
                }
            }
            float[] two = new float[8];
            src.read(3, 2, two, 2);
            assertThat(Arrays.copyOfRange(two, 2, 8)).containsExactly(Arrays.copyOfRange(all, 9, 15));
        }
    }

    @Test
    void headerVersionsAreReported() {
        try (NpyVectorSource v1 = NpyVectorSource.open(fixture("f32_le.npy"));
             NpyVectorSource v2 = NpyVectorSource.open(fixture("f32_v2.npy"));
             NpyVectorSource v3 = NpyVectorSource.open(fixture("f32_v3.npy"))) {
            assertThat(v1.header().majorVersion()).isEqualTo(1);
            assertThat(v2.header().majorVersion()).isEqualTo(2);
            assertThat(v3.header().majorVersion()).isEqualTo(3);
            assertThat(v1.header().dataOffset()).isEqualTo(128);
            assertThat(v1.header().shape()).containsExactly(5, 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64_le.npy", "f64_be.npy"})
    void narrowsFloat64ToFloat32(String name) {
        try (NpyVectorSource src = NpyVectorSource.open(fixture(name))) {
            assertThat(src.rows()).isEqualTo(4);
            assertThat(src.dim()).isEqualTo(6);
            float[] all = new float[24];
            src.read(0, 4, all, 0);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 6; j++) {
                    assertThat(all[i * 6 + j]).isEqualTo((float) tenth(i, j, 6));
                }
            }
        }
    }

    @Test
    void readRowsPicksTheGivenRows() {
        try (NpyVectorSource src = NpyVectorSource.open(fixture("f32_le.npy"))) {
            float[] dst = new float[6];
            src.readRows(new long[] {1, 4}, dst);
            assertThat(dst).containsExactly(base(1, 0, 3), base(1, 1, 3), base(1, 2, 3),
                    base(4, 0, 3), base(4, 1, 3), base(4, 2, 3));
        }
    }

    @Test
    void readsAcrossWindowBoundaries() throws IOException {
        // 7 rows x 5 floats = 140 bytes in 16-byte windows: rows straddle several windows.
        Path file = tmp.resolve("windows.npy");
        float[] data = new float[35];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 1.5f - 7;
        }
        try (NpyWriter w = NpyWriter.createFloat32(file, 7, 5)) {
            w.appendFloats(data, 0, 7);
        }
        for (long window : new long[] {8, 16, 24, 40, 1 << 20}) {
            try (NpyVectorSource src = NpyVectorSource.open(file, window)) {
                for (int first = 0; first < 7; first++) {
                    for (int count = 0; first + count <= 7; count++) {
                        float[] dst = new float[count * 5];
                        src.read(first, count, dst, 0);
                        assertThat(dst).as("window %d rows %d+%d", window, first, count)
                                .containsExactly(Arrays.copyOfRange(data, first * 5, (first + count) * 5));
                    }
                }
            }
        }
    }

    @Test
    void readsTheEndOfAFileBeyondTwoGiB() throws IOException {
        // A sparse file: 64-byte-aligned header + 3 GiB of data, of which only the last row is written.
        int dim = 1024;
        long rows = (3L << 30) / (4L * dim);
        byte[] header = NpyHeader.encode(NpyDtype.FLOAT32_LE, new long[] {rows, dim});
        Path file = tmp.resolve("huge.npy");
        long lastRowOffset = header.length + (rows - 1) * dim * 4L;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + rows * dim * 4L);
            ByteBuffer last = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < dim; j++) {
                last.putFloat(j + 0.25f);
            }
            raf.seek(lastRowOffset);
            raf.write(last.array());
        }
        assertThat(Files.size(file)).isGreaterThan(3L << 30);
        try (NpyVectorSource src = NpyVectorSource.open(file)) {
            assertThat(src.rows()).isEqualTo(rows);
            float[] dst = new float[2 * dim];
            src.read(rows - 2, 2, dst, 0);
            for (int j = 0; j < dim; j++) {
                assertThat(dst[j]).isZero();
                assertThat(dst[dim + j]).isEqualTo(j + 0.25f);
            }
            // A row that straddles the 1 GiB and 2 GiB window boundaries reads as zeros, not garbage.
            float[] middle = new float[dim];
            src.read((2L << 30) / (4L * dim), 1, middle, 0);
            assertThat(middle).containsOnly(0f);
        }
    }

    @Test
    void concurrentReadsAgree() throws Exception {
        Path file = tmp.resolve("concurrent.npy");
        int rows = 2000;
        int dim = 17;
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 1013) * 0.125f;
        }
        try (NpyWriter w = NpyWriter.createFloat32(file, rows, dim)) {
            w.appendFloats(data, 0, rows);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NpyVectorSource src = NpyVectorSource.open(file, 4096)) {
            Future<?>[] futures = new Future<?>[4];
            for (int t = 0; t < 4; t++) {
                int offset = t * 37;
                futures[t] = pool.submit(() -> {
                    float[] dst = new float[13 * dim];
                    for (int round = 0; round < 200; round++) {
                        int first = (offset + round * 97) % (rows - 13);
                        src.read(first, 13, dst, 0);
                        assertThat(dst).isEqualTo(Arrays.copyOfRange(data, first * dim, (first + 13) * dim));
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsFortranOrder() {
        assertRejected("f32_fortran.npy", "Fortran-order");
    }

    @Test
    void rejectsIntegerMatrixNamingTheDtype() {
        assertRejected("i4_2d.npy", "unsupported dtype '<i4'");
    }

    @Test
    void rejectsOneAndThreeDimensionalArrays() {
        assertRejected("f32_1d.npy", "expected a 2-D array (rows, dim) but the shape is (7,)");
        assertRejected("f32_3d.npy", "but the shape is (2, 3, 4) (3-D)");
    }

    @Test
    void rejectsTruncatedFile() {
        assertRejected("f32_truncated.npy", "truncated .npy file", "needs 60 data bytes", "has 54",
                "complete rows: 4");
    }

    @Test
    void rejectsBadMagic() {
        assertRejected("bad_magic.npy", "missing the \\x93NUMPY magic");
    }

    @Test
    void rejectsZeroRows() {
        assertRejected("f32_zero_rows.npy", "0 rows");
    }

    @Test
    void rejectsMissingFileAndDirectory() {
        Path missing = tmp.resolve("nope.npy");
        assertThatThrownBy(() -> NpyVectorSource.open(missing)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("file not found");
        assertThatThrownBy(() -> NpyVectorSource.open(tmp)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void rejectsNaNNamingRowAndFile() {
        try (NpyVectorSource src = NpyVectorSource.open(fixture("f32_nan.npy"))) {
            float[] dst = new float[12];
            src.read(0, 2, dst, 0); // rows before the NaN are fine
            assertThatThrownBy(() -> src.read(1, 3, dst, 0)).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("f32_nan.npy").hasMessageContaining("row 2")
                    .hasMessageContaining("dimension 1")
                    .satisfies(e -> assertThat(((InvalidDataException) e).row()).isEqualTo(2));
        }
    }

    @Test
    void encodingLeavesTheNaNCheckToTheReader() {
        PQEncoder encoder = PQEncoder.builder().subquantizers(3).codebookSize(2).seed(0)
                .fit(new float[][] {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}});
        try (NpyVectorSource src = NpyVectorSource.open(fixture("f32_nan.npy"))) {
            assertThat(src.checksFinite()).isTrue();
            // Rejected by the reader's own check (the encoder makes no second pass), naming the file and row.
            assertThatThrownBy(() -> encoder.encode(src, new HeapCodeStore(src.rows(), 3), null))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("f32_nan.npy, row 2")
                    .hasMessageContaining("non-finite value NaN at dimension 1")
                    .satisfies(e -> assertThat(e.getStackTrace()).anyMatch(frame -> frame.getClassName()
                            .equals(NpyVectorSource.class.getName()) && frame.getMethodName().equals("read")));
        }
    }

    @Test
    void rejectsHeaderProblems() throws IOException {
        assertRejectedBytes("short.npy", new byte[] {(byte) 0x93, 'N', 'U'}, "magic");
        assertRejectedBytes("version.npy", header(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }"),
                "unsupported .npy format version 4.0");
        assertRejectedBytes("nodict.npy", header(1, "[1, 2]"), "not a dict");
        assertRejectedBytes("garbage.npy", header(1, "{'descr': '<f4', 'shape': (1, 1) oops"),
                "malformed .npy header");
        assertRejectedBytes("nokeys.npy", header(1, "{'descr': '<f4', 'shape': (1, 1), }"),
                "needs 'descr', 'fortran_order'");
        assertRejectedBytes("negative.npy", header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2), }"),
                "bad shape");
        assertRejectedBytes("bigint.npy",
                header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 2), }"),
                "bad integer");
        assertRejectedBytes("structured.npy",
                header(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 2), }"),
                "unsupported dtype '[['a', '<f4']]'");
        byte[] cut = Arrays.copyOf(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }"), 20);
        assertRejectedBytes("cutheader.npy", cut, "header is cut short");
        assertRejectedBytes("overflow.npy",
                header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
                "too many elements");
        // Deep nesting is a clear error, never a StackOverflowError; 32 levels still parse.
        assertRejectedBytes("deep.npy", header(1, "{'descr': " + "[".repeat(30_000) + "}"),
                "literal nested deeper than 32 levels");
        byte[] nested = header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'x': "
                + "[".repeat(31) + "]".repeat(31) + "}");
        Path deep32 = tmp.resolve("deep32.npy");
        Files.write(deep32, Arrays.copyOf(nested, nested.length + 4));
        try (NpyVectorSource source = NpyVectorSource.open(deep32)) {
            assertThat(source.rows()).isEqualTo(1);
        }
    }

    private static byte[] header(int major, String dict) {
        byte[] text = (dict + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}).putShort((short) text.length)
                .put(text);
        return b.array();
    }

    private void assertRejectedBytes(String name, byte[] bytes, String... fragments) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        assertThatThrownBy(() -> NpyVectorSource.open(file)).as(name).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    private static void assertRejected(String name, String... fragments) {
        Path file = fixture(name);
        assertThatThrownBy(() -> NpyVectorSource.open(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> {
                    assertThat(((InvalidDataException) e).source()).isEqualTo(file.toString());
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
