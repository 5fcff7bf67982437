package org.clostera.io.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.data.RowSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TexmexStreamVectorSourceTest {
    @TempDir
    Path temp;

    @Test
    void readsTheSameRowsAsTheMappedReaderAcrossBufferBoundaries() throws IOException {
        // fvecs rows of 4 + 4 x 600 bytes: a 1 MiB read holds 436 of them, so 1000 rows take three reads.
        for (TexmexFormat format : new TexmexFormat[] {TexmexFormat.FVECS, TexmexFormat.BVECS}) {
            String name = format == TexmexFormat.FVECS ? "v.fvecs" : "v.bvecs";
            Path file = RawFiles.writeTexmex(temp.resolve(name), format, 1000, 600);
            try (TexmexStreamVectorSource streamed = TexmexStreamVectorSource.open(file);
                 TexmexVectorSource mapped = TexmexVectorSource.open(file)) {
                assertThat(streamed.format()).isEqualTo(format);
                assertThat(streamed.rows()).isEqualTo(1000);
                assertThat(streamed.dim()).isEqualTo(600);
                assertThat(streamed.checksFinite()).isTrue();
                float[] a = new float[2 + 1000 * 600];
                float[] b = new float[2 + 1000 * 600];
                streamed.read(0, 1000, a, 2);
                mapped.read(0, 1000, b, 2);
                assertThat(a).as(name).containsExactly(b);
                float[] c = new float[7 * 600];
                streamed.read(993, 7, c, 0);
                float[] d = new float[7 * 600];
                mapped.read(993, 7, d, 0);
                assertThat(c).as(name).containsExactly(d);
                assertThat(RowSampler.sampleVectors(streamed, 30, 3L))
                        .containsExactly(RowSampler.sampleVectors(mapped, 30, 3L));
            }
        }
    }

    @Test
    void aRowWithAnotherDimensionGivesTheMappedReadersError() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("bad.fvecs"), TexmexFormat.FVECS, 20, 8);
        RawFiles.writeAt(file, 13 * TexmexFormat.FVECS.rowBytes(8), RawFiles.texmexRow(TexmexFormat.FVECS, 13, 9, 8));
        String expected;
        try (TexmexVectorSource mapped = TexmexVectorSource.open(file)) {
            expected = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidDataException.class,
                    () -> mapped.read(10, 5, new float[40], 0)).getMessage();
        }
        assertThat(expected).contains("row header gives dimension 9 but row 0 gives 8").contains("row 13");
        try (TexmexStreamVectorSource streamed = TexmexStreamVectorSource.open(file)) {
            assertThatThrownBy(() -> streamed.read(10, 5, new float[40], 0))
                    .isInstanceOf(InvalidDataException.class).hasMessage(expected);
            float[] ok = new float[3 * 8];
            streamed.read(10, 3, ok, 0);
            assertThat(ok[0]).isEqualTo(RawFiles.value(10, 0));
        }
    }

    @Test
    void rejectsNaNNamingFileAndRow() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("nan.fvecs"), TexmexFormat.FVECS, 6, 3);
        ByteBuffer row = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putFloat(1f)
                .putFloat(Float.POSITIVE_INFINITY).putFloat(2f);
        RawFiles.writeAt(file, 4 * 16, row.array());
        try (TexmexStreamVectorSource streamed = TexmexStreamVectorSource.open(file)) {
            assertThatThrownBy(() -> streamed.read(0, 6, new float[18], 0))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("row 4");
        }
    }

    @Test
    void bothTexmexReadersRejectAShortDestinationBeforeReading() throws IOException {
        Path file = RawFiles.writeTexmex(temp.resolve("d.fvecs"), TexmexFormat.FVECS, 10, 4);
        try (TexmexVectorSource mapped = TexmexVectorSource.open(file);
             TexmexStreamVectorSource streamed = TexmexStreamVectorSource.open(file)) {
            for (org.clostera.data.VectorSource source : new org.clostera.data.VectorSource[] {mapped, streamed}) {
                float[] dst = new float[13];
                assertThatThrownBy(() -> source.read(2, 3, dst, 2))
                        .isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("destination too small: 12 floats at offset 2 of 13");
                assertThat(dst).containsOnly(0f);
            }
        }
    }
}
