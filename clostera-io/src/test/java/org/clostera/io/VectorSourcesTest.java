package org.clostera.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.parquet.ParquetVectorSource;
import org.clostera.io.raw.RawFloatVectorSource;
import org.clostera.io.raw.TexmexVectorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorSourcesTest {
    @TempDir
    Path temp;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(VectorSourcesTest.class.getResource(name).toURI());
    }

    @Test
    void choosesTheReaderByPath() throws Exception {
        try (VectorSource folder = VectorSources.open(resource("/parquet/parts"))) {
            assertThat(folder).isInstanceOf(ParquetVectorSource.class);
            assertThat(folder.rows()).isEqualTo(300);
        }
        try (VectorSource named = VectorSources.open(resource("/parquet/two_vectors.parquet"),
                OpenOptions.defaults().withColumns("b").withBatchSize(16))) {
            assertThat(named).isInstanceOf(ParquetVectorSource.class);
            assertThat(named.dim()).isEqualTo(3);
            assertThat(((ParquetVectorSource) named).batchSize()).isEqualTo(16);
        }
        try (VectorSource npy = VectorSources.open(resource("/npy/f32_le.npy"))) {
            assertThat(npy).isInstanceOf(NpyVectorSource.class);
        }
        Path fvecs = temp.resolve("base.FVECS");
        Files.write(fvecs, texmexRows(3, 2));
        try (VectorSource source = VectorSources.open(fvecs, OpenOptions.defaults().withDim(2))) {
            assertThat(source).isInstanceOf(TexmexVectorSource.class);
            float[] v = new float[6];
            source.read(0, 3, v, 0);
            assertThat(v).containsExactly(0f, 1f, 10f, 11f, 20f, 21f);
        }
        Path raw = temp.resolve("vectors.f32");
        Files.write(raw, floats(1, 2, 3, 4, 5, 6));
        try (VectorSource source = VectorSources.open(raw, OpenOptions.defaults().withDim(3))) {
            assertThat(source).isInstanceOf(RawFloatVectorSource.class);
            assertThat(source.rows()).isEqualTo(2);
        }
    }

    @Test
    void rejectsWhatItCannotOpen() throws IOException {
        Path raw = Files.write(temp.resolve("vectors.bin"), floats(1, 2, 3, 4));
        assertThatThrownBy(() -> VectorSources.open(raw))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("dim");
        Path fvecs = Files.write(temp.resolve("base.fvecs"), texmexRows(2, 4));
        assertThatThrownBy(() -> VectorSources.open(fvecs, OpenOptions.defaults().withDim(8)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(fvecs.toString()).hasMessageContaining("dimension 4").hasMessageContaining("dim 8");
        assertThatThrownBy(() -> VectorSources.open(fvecs, OpenOptions.defaults().withColumns("emb")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("parquet");
        Path csv = Files.writeString(temp.resolve("vectors.csv"), "1,2\n");
        assertThatThrownBy(() -> VectorSources.open(csv))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(csv.toString()).hasMessageContaining("unsupported file type '.csv'");
        Path ivecs = Files.write(temp.resolve("gt.ivecs"), texmexRows(2, 4));
        assertThatThrownBy(() -> VectorSources.open(ivecs))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("integers");
        Path missing = temp.resolve("nope.parquet");
        assertThatThrownBy(() -> VectorSources.open(missing))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
        assertThatThrownBy(() -> OpenOptions.defaults().withDim(0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> OpenOptions.defaults().withBatchSize(0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> OpenOptions.defaults().withColumns("a", "a")).isInstanceOf(InvalidParameterException.class);
    }

    /** {@code rows} fvecs rows of dimension {@code dim}: v[r][j] = 10 r + j. */
    private static byte[] texmexRows(int rows, int dim) {
        ByteBuffer b = ByteBuffer.allocate(rows * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            b.putInt(dim);
            for (int j = 0; j < dim; j++) {
                b.putFloat(10 * r + j);
            }
        }
        return b.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
