package org.clostera.io.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.parquet.ParquetFixtures.doubleValue;
import static org.clostera.io.parquet.ParquetFixtures.fixture;
import static org.clostera.io.parquet.ParquetFixtures.floatValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.clostera.InvalidDataException;
import org.clostera.data.RowSampler;
import org.clostera.io.OpenOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParquetVectorSourceTest {

    interface Formula {
        float value(long row, int j);
    }

    static Stream<Arguments> layouts() {
        Formula f = ParquetFixtures::floatValue;
        Formula d = ParquetFixtures::doubleValue;
        Formula dictionary = (row, j) -> floatValue(row % 7, j);
        return Stream.of(
                // file, rows, dim, column, formula
                Arguments.of("list_float_snappy.parquet", 300, 8, "emb", f),          // DuckDB FLOAT[], + id/name/bool columns
                Arguments.of("list_double_zstd.parquet", 200, 6, "emb", d),           // DuckDB DOUBLE[], + BIGINT id
                Arguments.of("array_float_gzip.parquet", 200, 5, "emb", f),           // DuckDB FLOAT[5]
                Arguments.of("list_float_uncompressed.parquet", 120, 3, "emb", f),
                Arguments.of("many_row_groups.parquet", 9000, 2, "emb", f),           // 5 row groups
                Arguments.of("polars_array_snappy.parquet", 250, 4, "emb", f),        // polars Array(Float32, 4)
                Arguments.of("polars_list_double_uncompressed.parquet", 250, 7, "vec", d),
                Arguments.of("dictionary_float.parquet", 300, 4, "emb", dictionary),  // PLAIN_DICTIONARY pages
                Arguments.of("v2_dictionary.parquet", 300, 4, "emb", dictionary),     // data page v2, RLE_DICTIONARY
                Arguments.of("v2_pages.parquet", 300, 4, "emb", f),                   // data page v2, BYTE_STREAM_SPLIT
                Arguments.of("list_float_lz4.parquet", 100, 4, "emb", f),              // LZ4_RAW pages
                Arguments.of("parts", 300, 4, "emb", f),                              // 3 parts: snappy, zstd, gzip
                Arguments.of("partitioned", 80, 4, "emb", f));                        // DuckDB a=*/b=*/ folders
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void readsEveryValueTheWriterWrote(String name, int rows, int dim, String column, Formula formula) {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture(name))) {
            assertThat(source.rows()).isEqualTo(rows);
            assertThat(source.dim()).isEqualTo(dim);
            assertThat(source.columns()).containsExactly(column);
            assertThat(source.supportsRandomAccess()).isFalse();
            // Odd batch size: batches straddle row-group and part boundaries.
            int batch = 97;
            float[] buffer = new float[batch * dim + 3];
            for (long first = 0; first < rows; first += batch) {
                int count = (int) Math.min(batch, rows - first);
                source.read(first, count, buffer, 3);
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < dim; j++) {
                        assertThat(buffer[3 + i * dim + j]).as("row %d dim %d", first + i, j)
                                .isEqualTo(formula.value(first + i, j));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void fastPageDecoderMatchesParquetsColumnReader(String name, int rows, int dim, String column, Formula formula) {
        float[] fast = readAll(fixture(name));
        PartCursor.decodePagesDirectly = false;
        try {
            assertThat(readAll(fixture(name))).containsExactly(fast);
        } finally {
            PartCursor.decodePagesDirectly = true;
        }
    }

    @Test
    void scalarColumnInDataPageV2() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("v2_pages.parquet"),
                OpenOptions.defaults().withColumns("x"))) {
            float[] x = new float[300];
            source.read(0, 300, x, 0);
            for (int row = 0; row < 300; row++) {
                assertThat(x[row]).isEqualTo(row * 0.25f + 1);
            }
        }
    }

    @Test
    void folderIgnoresMarkersHiddenFilesAndChecksums() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("parts"))) {
            assertThat(source.files()).extracting(p -> p.getFileName().toString())
                    .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
        }
    }

    @Test
    void partitionFoldersAreReadRecursivelyInPathOrder() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("partitioned"))) {
            assertThat(source.files()).extracting(p -> fixture("partitioned").relativize(p).toString())
                    .containsExactly("a=0/b=0/data_0.parquet", "a=0/b=1/data_0.parquet", "a=1/b=0/data_0.parquet",
                            "a=1/b=1/data_0.parquet");
        }
    }

    @Test
    void partsAreOrderedByPathNameByName(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        // "k=1/..." sorts before "k=1x.parquet" by folder name first, whatever the separator's code point.
        Path folder = Files.createDirectories(temp.resolve("t/k=1"));
        Files.copy(fixture("parts/part-00000.parquet"), folder.resolve("z.parquet"));
        Files.copy(fixture("parts/part-00001.parquet"), temp.resolve("t/k=1x.parquet"));
        Files.createDirectories(temp.resolve("t/_temporary/0"));
        Files.copy(fixture("parts/part-00002.parquet"), temp.resolve("t/_temporary/0/part-9.parquet"));
        try (ParquetVectorSource source = ParquetVectorSource.open(temp.resolve("t"))) {
            assertThat(source.files()).extracting(p -> temp.resolve("t").relativize(p).toString())
                    .containsExactly("k=1/z.parquet", "k=1x.parquet");
            assertThat(source.rows()).isEqualTo(250);
        }
    }

    @Test
    void emptyPartsInsideAFolderAreSkipped(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        Path folder = Files.createDirectory(temp.resolve("with-empty-part"));
        Files.copy(fixture("parts/part-00000.parquet"), folder.resolve("part-00000.parquet")); // rows 0..99
        Files.copy(fixture("bad/empty.parquet"), folder.resolve("part-00001.parquet"));       // no rows
        Files.copy(fixture("parts/part-00001.parquet"), folder.resolve("part-00002.parquet")); // rows 100..249
        try (ParquetVectorSource source = ParquetVectorSource.open(folder)) {
            assertThat(source.rows()).isEqualTo(250);
            float[] all = new float[250 * 4];
            source.read(0, 250, all, 0);
            for (int row = 0; row < 250; row++) {
                assertThat(all[row * 4 + 3]).isEqualTo(floatValue(row, 3));
            }
            float[] two = new float[8];
            source.readRows(new long[] {99, 100}, two);
            assertThat(two).containsExactly(floatValue(99, 0), floatValue(99, 1), floatValue(99, 2), floatValue(99, 3),
                    floatValue(100, 0), floatValue(100, 1), floatValue(100, 2), floatValue(100, 3));
        }
    }

    @Test
    void allNumericScalarColumnsFormTheDimensions() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("scalars.parquet"))) {
            assertThat(source.columns()).containsExactly("x_f", "x_d", "x_i", "x_l"); // label, flag skipped
            assertThat(source.dim()).isEqualTo(4);
            float[] all = new float[150 * 4];
            source.read(0, 150, all, 0);
            for (int row = 0; row < 150; row++) {
                assertThat(all[row * 4]).isEqualTo(row * 0.5f);
                assertThat(all[row * 4 + 1]).isEqualTo(row * 0.25f + 1);
                assertThat(all[row * 4 + 2]).isEqualTo(row + 2f);
                assertThat(all[row * 4 + 3]).isEqualTo(3f * row + 3);
            }
        }
    }

    @Test
    void namedScalarColumnsInTheGivenOrder() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("scalars.parquet"),
                OpenOptions.defaults().withColumns("x_l", "x_f"))) {
            assertThat(source.dim()).isEqualTo(2);
            float[] rows = new float[2 * 2];
            source.read(40, 2, rows, 0);
            assertThat(rows).containsExactly(123f, 20f, 126f, 20.5f);
        }
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("scalars.parquet"),
                OpenOptions.defaults().withColumns("x_i"))) {
            assertThat(source.dim()).isEqualTo(1);
            float[] one = new float[1];
            source.read(149, 1, one, 0);
            assertThat(one[0]).isEqualTo(151f);
        }
    }

    @Test
    void twoVectorColumnsNeedAName() {
        Path file = fixture("two_vectors.parquet");
        assertThatThrownBy(() -> ParquetVectorSource.open(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("--column");
        try (ParquetVectorSource a = ParquetVectorSource.open(file, OpenOptions.defaults().withColumns("a"));
             ParquetVectorSource b = ParquetVectorSource.open(file, OpenOptions.defaults().withColumns("b"))) {
            assertThat(a.dim()).isEqualTo(4);
            assertThat(b.dim()).isEqualTo(3);
            float[] va = new float[4];
            float[] vb = new float[3];
            a.read(49, 1, va, 0);
            b.read(49, 1, vb, 0);
            assertThat(va).containsExactly(24.5f, 25.5f, 26.5f, 27.5f);
            assertThat(vb).containsExactly(12.25f, 11.25f, 10.25f);
        }
    }

    @Test
    void readRowsSamplesInOnePassSkippingRowGroupsWithoutSampledRows() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("many_row_groups.parquet"))) {
            // Row groups start at 0, 2048, 4096, 6144, 8192: rows only in groups 0 and 4.
            long[] rows = {0, 1, 2, 7, 2047, 8192, 8500, 8999};
            float[] out = new float[rows.length * 2];
            source.readRows(rows, out);
            for (int i = 0; i < rows.length; i++) {
                assertThat(out[2 * i]).isEqualTo(floatValue(rows[i], 0));
                assertThat(out[2 * i + 1]).isEqualTo(floatValue(rows[i], 1));
            }
            assertThat(source.rowGroupsLoaded()).isEqualTo(2);
        }
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("parts"))) {
            float[] sample = RowSampler.sampleVectors(source, 60, 42L);
            long[] rows = RowSampler.sample(300, 60, 42L);
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(sample[i * 4 + j]).isEqualTo(floatValue(rows[i], j));
                }
            }
        }
    }

    @Test
    void backwardAndForwardJumpsReloadOnlyTheNeededRowGroup() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("many_row_groups.parquet"))) {
            float[] v = new float[2 * 3];
            for (long first : new long[] {8997, 10, 4095, 4094, 2046, 6144}) {
                source.read(first, 3, v, 0);
                for (int i = 0; i < 3; i++) {
                    assertThat(v[2 * i]).isEqualTo(floatValue(first + i, 0));
                    assertThat(v[2 * i + 1]).isEqualTo(floatValue(first + i, 1));
                }
            }
        }
    }

    @Test
    void rejectsBadArgumentsAndUseAfterClose() {
        ParquetVectorSource source = ParquetVectorSource.open(fixture("list_float_uncompressed.parquet"));
        float[] dst = new float[30];
        assertThatThrownBy(() -> source.read(118, 3, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [118, 121) of 120");
        assertThatThrownBy(() -> source.read(0, 11, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("dst holds 30 floats; need 33 from offset 0");
        assertThatThrownBy(() -> source.readRows(new long[] {3, 3}, dst)).isInstanceOf(IllegalArgumentException.class);
        source.close();
        assertThatThrownBy(() -> source.read(0, 1, dst, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void leavesNoOpenFileHandles() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fd), "needs /proc (Linux)");
        // Warm up class loading and native libraries, which may hold descriptors of their own.
        readAll(fixture("parts"));
        long before = countEntries(fd);
        for (int i = 0; i < 40; i++) {
            readAll(fixture("parts"));
            readAll(fixture("many_row_groups.parquet"));
            assertThatThrownBy(() -> readAll(fixture("bad/nan.parquet"))).isInstanceOf(InvalidDataException.class);
        }
        assertThat(countEntries(fd)).isLessThanOrEqualTo(before);
    }

    private static float[] readAll(Path path) {
        try (ParquetVectorSource source = ParquetVectorSource.open(path)) {
            float[] all = new float[(int) source.rows() * source.dim()];
            source.read(0, (int) source.rows(), all, 0);
            return all;
        }
    }

    private static long countEntries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    @Test
    void batchSizeComesFromTheOptions() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("parts"),
                OpenOptions.defaults().withBatchSize(123))) {
            assertThat(source.batchSize()).isEqualTo(123);
            assertThat(source.description()).isEqualTo(fixture("parts").toString());
            assertThat(List.of(source.rows(), (long) source.dim())).containsExactly(300L, 4L);
        }
    }
}
