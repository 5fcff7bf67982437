package org.clostera.io.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.parquet.ParquetFixtures.fixture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.io.OpenOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad parquet input ends in an {@link InvalidDataException} naming file, column and row where known. */
class ParquetBadInputTest {
    @TempDir
    Path temp;

    private static InvalidDataException readAllFails(Path path, OpenOptions options) {
        try (ParquetVectorSource source = ParquetVectorSource.open(path, options)) {
            float[] all = new float[(int) source.rows() * source.dim()];
            source.read(0, (int) source.rows(), all, 0);
        } catch (InvalidDataException e) {
            return e;
        }
        throw new AssertionError("no InvalidDataException for " + path);
    }

    private static InvalidDataException readAllFails(Path path) {
        return readAllFails(path, OpenOptions.defaults());
    }

    @Test
    void listsOfInconsistentLengthNameTheRow() {
        Path file = fixture("bad/inconsistent_lengths.parquet");
        InvalidDataException e = readAllFails(file);
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.row()).isEqualTo(37);
        assertThat(e.column()).isEqualTo("emb");
        assertThat(e).hasMessageContaining("list has 3 values").hasMessageContaining("dimension 4")
                .hasMessageContaining(file.toString()).hasMessageContaining("row 37").hasMessageContaining("'emb'");
    }

    @Test
    void nanAndInfAreRejectedNamingTheRow() {
        Path nan = fixture("bad/nan.parquet");
        try (ParquetVectorSource source = ParquetVectorSource.open(nan)) {
            assertThat(source.checksFinite()).isTrue();
        }
        InvalidDataException e = readAllFails(nan);
        assertThat(e.source()).isEqualTo(nan.toString());
        assertThat(e.row()).isEqualTo(12);
        assertThat(e).hasMessageContaining("NaN").hasMessageContaining("dimension 2");

        Path inf = fixture("bad/inf_scalar.parquet");
        InvalidDataException e2 = readAllFails(inf);
        assertThat(e2.row()).isEqualTo(5);
        assertThat(e2).hasMessageContaining("Infinity").hasMessageContaining("dimension 1")
                .hasMessageContaining(inf.toString());
    }

    @Test
    void rowsBeforeTheBadOneReadFine() {
        try (ParquetVectorSource source = ParquetVectorSource.open(fixture("bad/nan.parquet"))) {
            float[] v = new float[12 * 4];
            source.read(0, 12, v, 0);
            assertThat(v[11 * 4 + 3]).isEqualTo(ParquetFixtures.floatValue(11, 3));
        }
    }

    @Test
    void nullVectorsAndNullElementsAreRejected() {
        Path nullRow = fixture("bad/null_row.parquet");
        InvalidDataException e = readAllFails(nullRow);
        assertThat(e.row()).isEqualTo(7);
        assertThat(e.column()).isEqualTo("emb");
        assertThat(e).hasMessageContaining("null vector").hasMessageContaining(nullRow.toString());

        Path nullElement = fixture("bad/null_element.parquet");
        InvalidDataException e2 = readAllFails(nullElement);
        assertThat(e2.row()).isEqualTo(9);
        assertThat(e2).hasMessageContaining("null element at position 1").hasMessageContaining(nullElement.toString());
    }

    @Test
    void parquetsOwnColumnReaderPathRejectsTheSameRows() {
        PartCursor.decodePagesDirectly = false;
        try {
            assertThat(readAllFails(fixture("bad/inconsistent_lengths.parquet")).row()).isEqualTo(37);
            assertThat(readAllFails(fixture("bad/null_row.parquet"))).hasMessageContaining("null vector")
                    .satisfies(e -> assertThat(e.row()).isEqualTo(7));
            assertThat(readAllFails(fixture("bad/null_element.parquet"))).hasMessageContaining("null element at position 1")
                    .satisfies(e -> assertThat(e.row()).isEqualTo(9));
            assertThat(readAllFails(fixture("bad/nan.parquet")).row()).isEqualTo(12);
        } finally {
            PartCursor.decodePagesDirectly = true;
        }
    }

    @Test
    void noNumericColumn() {
        Path file = fixture("bad/no_numeric.parquet");
        assertThatThrownBy(() -> ParquetVectorSource.open(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no numeric column")
                .hasMessageContaining("label").hasMessageContaining("day"); // the DATE column is not a number
    }

    @Test
    void missingAndNonNumericNamedColumns() {
        Path file = fixture("list_float_snappy.parquet");
        assertThatThrownBy(() -> ParquetVectorSource.open(file, OpenOptions.defaults().withColumns("embedding")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'embedding'")
                .hasMessageContaining("no column").hasMessageContaining("emb")
                .satisfies(e -> assertThat(((InvalidDataException) e).column()).isEqualTo("embedding"));
        assertThatThrownBy(() -> ParquetVectorSource.open(file, OpenOptions.defaults().withColumns("id", "name")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("'name'").hasMessageContaining("not numeric");
    }

    @Test
    void emptyFileAndZeroByteFile() throws IOException {
        Path empty = fixture("bad/empty.parquet");
        assertThatThrownBy(() -> ParquetVectorSource.open(empty))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("no rows");
        Path zero = Files.createFile(temp.resolve("zero.parquet"));
        assertThatThrownBy(() -> ParquetVectorSource.open(zero))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(zero.toString());
    }

    @Test
    void truncatedFile() throws IOException {
        Path good = fixture("list_float_snappy.parquet");
        byte[] bytes = Files.readAllBytes(good);
        for (int keep : new int[] {bytes.length - 1, bytes.length - 9, bytes.length / 2, 7}) {
            Path cut = temp.resolve("cut-" + keep + ".parquet");
            Files.write(cut, java.util.Arrays.copyOf(bytes, keep));
            assertThatThrownBy(() -> ParquetVectorSource.open(cut))
                    .as("kept %d of %d bytes", keep, bytes.length)
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining(cut.toString());
        }
    }

    @Test
    void corruptPagesAndCorruptFooter() throws IOException {
        // Column data: overwrite the first page header of the vector column's chunk.
        Path pages = copy("list_double_zstd.parquet", "pages.parquet");
        overwrite(pages, vectorChunkStart(pages), 64);
        InvalidDataException e = readAllFails(pages);
        assertThat(e.source()).isEqualTo(pages.toString());
        assertThat(e.row()).isEqualTo(0); // the first row of the unreadable row group

        // Footer: overwrite the thrift metadata just before its length and the tail magic.
        Path footer = copy("list_double_zstd.parquet", "footer.parquet");
        long size = Files.size(footer);
        overwrite(footer, size - 8 - 200, 150);
        assertThatThrownBy(() -> ParquetVectorSource.open(footer))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(footer.toString());
    }

    @Test
    void corruptCompressedPayloadIsReportedNotReturned() throws IOException {
        // Snappy and gzip pages: damage bytes inside the compressed payload of the vector column. Either the
        // codec or the page decoder must fail; a page that still decodes must decode to the original values
        // (the damaged bytes fell into a part the reader does not use).
        for (String name : new String[] {"list_float_snappy.parquet", "array_float_gzip.parquet"}) {
            Path file = copy(name, "payload-" + name);
            long size = Files.size(file);
            overwrite(file, size / 3, 40);
            try (ParquetVectorSource source = ParquetVectorSource.open(file)) {
                float[] all = new float[(int) source.rows() * source.dim()];
                try {
                    source.read(0, (int) source.rows(), all, 0);
                } catch (InvalidDataException expected) {
                    assertThat(expected.source()).isEqualTo(file.toString());
                    continue;
                }
                int dim = source.dim();
                for (int i = 0; i < all.length; i++) {
                    assertThat(all[i]).isEqualTo(ParquetFixtures.floatValue(i / dim, i % dim));
                }
            } catch (InvalidDataException atOpen) {
                assertThat(atOpen.source()).isEqualTo(file.toString());
            }
        }
    }

    @Test
    void partsWithDifferentDimensionsOrSchemas() {
        Path dims = fixture("bad/parts_dim");
        assertThatThrownBy(() -> ParquetVectorSource.open(dims))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(dims.resolve("part-00000.parquet").toString())
                .hasMessageContaining(dims.resolve("part-00001.parquet").toString())
                .hasMessageContaining("dimension 4").hasMessageContaining("dimension 3");
        Path schemas = fixture("bad/parts_schema");
        assertThatThrownBy(() -> ParquetVectorSource.open(schemas))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(schemas.resolve("part-00000.parquet").toString())
                .hasMessageContaining(schemas.resolve("part-00001.parquet").toString())
                .hasMessageContaining("'emb'").hasMessageContaining("'other'");
        // Naming the column: the second part lacks it.
        assertThatThrownBy(() -> ParquetVectorSource.open(schemas, OpenOptions.defaults().withColumns("emb")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(schemas.resolve("part-00001.parquet").toString())
                .hasMessageContaining("no column 'emb'");
    }

    @Test
    void unreadablePaths() throws IOException {
        Path missing = temp.resolve("missing.parquet");
        assertThatThrownBy(() -> ParquetVectorSource.open(missing))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
        Path emptyFolder = Files.createDirectory(temp.resolve("nothing-here"));
        Files.writeString(emptyFolder.resolve("_SUCCESS"), "");
        assertThatThrownBy(() -> ParquetVectorSource.open(emptyFolder))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(emptyFolder.toString()).hasMessageContaining("no *.parquet files");
        Path nestedEmpty = Files.createDirectories(temp.resolve("nested-empty/k=1"));
        Files.writeString(nestedEmpty.resolve("_SUCCESS"), "");
        assertThatThrownBy(() -> ParquetVectorSource.open(nestedEmpty.getParent()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no *.parquet files");
        // A file that is neither a part nor bookkeeping: the folder is not read in part.
        Path stray = Files.createDirectories(temp.resolve("stray/k=2"));
        Files.copy(ParquetFixtures.fixture("parts/part-00000.parquet"), stray.resolve("part-0.parquet"));
        Files.writeString(stray.resolve("part-1.csv"), "1,2\n");
        assertThatThrownBy(() -> ParquetVectorSource.open(stray.getParent()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining(stray.getParent().toString())
                .hasMessageContaining("k=2/part-1.csv, which is not a *.parquet part file");
        Path notParquet = temp.resolve("text.parquet");
        Files.writeString(notParquet, "id,x\n1,2.0\n3,4.0\n");
        assertThatThrownBy(() -> ParquetVectorSource.open(notParquet))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(notParquet.toString());
    }

    private static long vectorChunkStart(Path file) throws IOException {
        try (var reader = ParquetPart.openReader(file)) {
            return reader.getFooter().getBlocks().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().startsWith("emb."))
                    .findFirst().orElseThrow().getStartingPos();
        }
    }

    private Path copy(String fixtureName, String target) throws IOException {
        Path copy = temp.resolve(target);
        Files.copy(fixture(fixtureName), copy);
        return copy;
    }

    private static void overwrite(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            byte[] junk = new byte[length];
            for (int i = 0; i < length; i++) {
                junk[i] = (byte) (0xA5 ^ (i * 31));
            }
            raf.write(junk);
        }
    }
}
