package org.clostera.io.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.raw.RawFiles.value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TexmexTest {
    @TempDir
    Path temp;

    @Test
    void fvecsValuesAndDimensionFromTheHeader() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("base.fvecs"), TexmexFormat.FVECS, 300, 12);
        try (TexmexVectorSource source = TexmexVectorSource.open(file)) {
            assertThat(source.format()).isEqualTo(TexmexFormat.FVECS);
            assertThat(source.rows()).isEqualTo(300);
            assertThat(source.dim()).isEqualTo(12);
            float[] batch = new float[100 * 12];
            source.read(150, 100, batch, 0);
            for (int i = 0; i < 100; i++) {
                for (int j = 0; j < 12; j++) {
                    assertThat(batch[i * 12 + j]).isEqualTo(value(150 + i, j));
                }
            }
            assertThatThrownBy(() -> source.read(299, 2, batch, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("rows [299, 301) of 300");
        }
    }

    @Test
    void bvecsBytesBecomeZeroTo255() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("base.bvecs"), TexmexFormat.BVECS, 200, 9);
        for (long window : new long[] {MappedFile.DEFAULT_WINDOW_BYTES, 7, 11}) { // unaligned rows straddle windows
            TexmexVectorSource source = TexmexVectorSource.open(file, TexmexFormat.BVECS, window);
            assertThat(source.dim()).isEqualTo(9);
            assertThat(source.rows()).isEqualTo(200);
            float[] all = new float[200 * 9];
            source.read(0, 200, all, 0);
            for (int r = 0; r < 200; r++) {
                for (int j = 0; j < 9; j++) {
                    assertThat(all[r * 9 + j]).as("window %d row %d", window, r).isEqualTo((float) ((r * 7 + j * 13) % 256));
                }
            }
        }
    }

    @Test
    void ivecsGroundTruthRows() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("gt.ivecs"), TexmexFormat.IVECS, 50, 100);
        for (long window : new long[] {MappedFile.DEFAULT_WINDOW_BYTES, 6}) {
            IvecsFile ivecs = IvecsFile.open(file, window);
            assertThat(ivecs.rows()).isEqualTo(50);
            assertThat(ivecs.dim()).isEqualTo(100);
            int[] row = ivecs.row(49);
            assertThat(row[0]).isEqualTo(49_000);
            assertThat(row[99]).isEqualTo(49_000 - 99);
            int[] block = new int[3 * 100];
            ivecs.read(10, 3, block, 0);
            assertThat(block[100]).isEqualTo(11_000);
            assertThat(block[299]).isEqualTo(12_000 - 99);
            assertThatThrownBy(() -> ivecs.read(-1, 1, block, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("rows [-1, 0) of 50");
        }
        assertThatThrownBy(() -> TexmexVectorSource.open(file)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("IvecsFile");
    }

    @Test
    void everyRowHeaderIsChecked() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("ragged.fvecs"), TexmexFormat.FVECS, 20, 4);
        RawFiles.writeAt(file, 13 * TexmexFormat.FVECS.rowBytes(4), RawFiles.texmexRow(TexmexFormat.FVECS, 13, 5, 4));
        try (TexmexVectorSource source = TexmexVectorSource.open(file)) {
            float[] ok = new float[13 * 4];
            source.read(0, 13, ok, 0);
            assertThat(ok[12 * 4 + 3]).isEqualTo(value(12, 3));
            InvalidDataException e = (InvalidDataException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> source.read(10, 5, new float[20], 0));
            assertThat(e.row()).isEqualTo(13);
            assertThat(e).hasMessageContaining(file.toString()).hasMessageContaining("dimension 5")
                    .hasMessageContaining("row 0 gives 4");
        }
    }

    @Test
    void truncatedAndBrokenFiles() throws IOException {
        Path full = RawFiles.writeTexmex(temp.resolve("full.fvecs"), TexmexFormat.FVECS, 10, 8);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(temp.resolve("cut.fvecs"), java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> TexmexVectorSource.open(cut))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("31 trailing bytes");
        Path garbage = Files.write(temp.resolve("garbage.bvecs"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2});
        assertThatThrownBy(() -> TexmexVectorSource.open(garbage))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension -1");
        Path tiny = Files.write(temp.resolve("tiny.ivecs"), new byte[] {4, 0});
        assertThatThrownBy(() -> IvecsFile.open(tiny))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("shorter than one row header");
        Path empty = Files.createFile(temp.resolve("empty.fvecs"));
        assertThatThrownBy(() -> TexmexVectorSource.open(empty))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        Path nan = RawFiles.writeTexmex(temp.resolve("nan.fvecs"), TexmexFormat.FVECS, 5, 2);
        RawFiles.writeAt(nan, 3 * TexmexFormat.FVECS.rowBytes(2) + 8, new byte[] {0, 0, (byte) 0xC0, 0x7F}); // NaN
        try (TexmexVectorSource source = TexmexVectorSource.open(nan)) {
            assertThat(source.checksFinite()).isTrue();
            assertThatThrownBy(() -> source.read(0, 5, new float[10], 0))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining(nan.toString()).hasMessageContaining("row 3").hasMessageContaining("NaN");
        }
    }

    @Test
    void fvecsBeyondTwoGibibytes() throws IOException {
        // dim 5: 24-byte rows; row 89478485 spans byte 2^31 (a 1 GiB window boundary).
        int dim = 5;
        long rowBytes = TexmexFormat.FVECS.rowBytes(dim);
        long rows = (5L << 29) / rowBytes + 3; // about 2.5 GiB
        Path file = RawFiles.sparse(temp.resolve("big.fvecs"), rows * rowBytes);
        long straddling = (1L << 31) / rowBytes;
        for (long row : new long[] {0, straddling, rows - 1}) {
            RawFiles.writeAt(file, row * rowBytes, RawFiles.texmexRow(TexmexFormat.FVECS, row, dim, dim));
        }
        try (TexmexVectorSource source = TexmexVectorSource.open(file)) {
            assertThat(source.rows()).isEqualTo(rows);
            for (long row : new long[] {straddling, rows - 1}) {
                float[] v = new float[dim];
                source.read(row, 1, v, 0);
                for (int j = 0; j < dim; j++) {
                    assertThat(v[j]).isEqualTo(value(row, j));
                }
            }
            // A hole has header 0, not 5: named as a ragged row, at a row index beyond 2^31 / 24.
            InvalidDataException e = (InvalidDataException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> source.read(rows - 2, 1, new float[dim], 0));
            assertThat(e.row()).isEqualTo(rows - 2);
        }
    }
}
