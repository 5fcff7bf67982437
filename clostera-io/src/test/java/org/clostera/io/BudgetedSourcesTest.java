package org.clostera.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyLabelSink;
import org.clostera.io.npy.NpyStreamVectorSource;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.npy.NpyWriter;
import org.clostera.io.parquet.ParquetLabelSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetedSourcesTest {
    @TempDir
    Path dir;

    @Test
    void npyIsStreamedForAFitWithTheSameValuesAsTheMappedReader() {
        Path file = dir.resolve("x.npy");
        float[] values = new float[300 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 100;
        }
        try (NpyWriter w = NpyWriter.createFloat32(file, 300, 7)) {
            w.appendFloats(values, 0, 300);
        }
        try (VectorSource streamed = BudgetedSources.open(file, OpenOptions.defaults(), RamBudget.parse("64m"));
             VectorSource unbudgeted = BudgetedSources.open(file, OpenOptions.defaults(), RamBudget.UNLIMITED);
             VectorSource mapped = VectorSources.open(file, OpenOptions.defaults())) {
            assertThat(streamed).isInstanceOf(NpyStreamVectorSource.class);
            assertThat(unbudgeted).isInstanceOf(NpyStreamVectorSource.class);
            assertThat(mapped).isInstanceOf(NpyVectorSource.class);
            assertThat(streamed.rows()).isEqualTo(300);
            assertThat(streamed.dim()).isEqualTo(7);
            float[] a = new float[123 * 7];
            float[] b = new float[123 * 7];
            streamed.read(101, 123, a, 0);
            mapped.read(101, 123, b, 0);
            assertThat(a).containsExactly(b);
            float[] all = new float[300 * 7];
            streamed.read(0, 300, all, 0);
            assertThat(all).containsExactly(values);
        }
    }

    @Test
    void rawFloat32WithADimIsStreamedForAFit() throws java.io.IOException {
        Path file = dir.resolve("x.f32");
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(40 * 5 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 200; i++) {
            buffer.putFloat(i * 0.5f);
        }
        java.nio.file.Files.write(file, buffer.array());
        try (VectorSource streamed = BudgetedSources.open(file, OpenOptions.defaults().withDim(5), RamBudget.UNLIMITED);
             VectorSource mapped = VectorSources.open(file, OpenOptions.defaults().withDim(5))) {
            assertThat(streamed).isInstanceOf(org.clostera.io.raw.RawFloatStreamVectorSource.class);
            assertThat(mapped).isInstanceOf(org.clostera.io.raw.RawFloatVectorSource.class);
            float[] a = new float[40 * 5];
            float[] b = new float[40 * 5];
            streamed.read(0, 40, a, 0);
            mapped.read(0, 40, b, 0);
            assertThat(a).containsExactly(b);
        }
        // Without a dim the usual error of VectorSources.open.
        assertThatThrownBy(() -> BudgetedSources.open(file, OpenOptions.defaults(), RamBudget.UNLIMITED))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("stores no dimension");
    }

    @Test
    void fvecsIsStreamedForAFit() throws java.io.IOException {
        Path file = dir.resolve("x.fvecs");
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(30 * (4 + 3 * 4)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 30; r++) {
            buffer.putInt(3).putFloat(r).putFloat(r + 0.5f).putFloat(-r);
        }
        java.nio.file.Files.write(file, buffer.array());
        try (VectorSource streamed = BudgetedSources.open(file, OpenOptions.defaults(), RamBudget.UNLIMITED);
             VectorSource mapped = VectorSources.open(file, OpenOptions.defaults())) {
            assertThat(streamed).isInstanceOf(org.clostera.io.raw.TexmexStreamVectorSource.class);
            assertThat(mapped).isInstanceOf(org.clostera.io.raw.TexmexVectorSource.class);
            float[] a = new float[30 * 3];
            float[] b = new float[30 * 3];
            streamed.read(0, 30, a, 0);
            mapped.read(0, 30, b, 0);
            assertThat(a).containsExactly(b);
            assertThat(a[3 * 29 + 1]).isEqualTo(29.5f);
        }
    }

    @Test
    void labelSinksFollowTheExtension() {
        try (LabelSink npy = LabelSinks.create(dir.resolve("l.npy"), 3);
             LabelSink parquet = LabelSinks.create(dir.resolve("l.PARQUET"), 3)) {
            assertThat(npy).isInstanceOf(NpyLabelSink.class);
            assertThat(parquet).isInstanceOf(ParquetLabelSink.class);
            npy.accept(0, new int[] {1, 2, 3}, 0, 3);
            parquet.accept(0, new int[] {1, 2, 3}, 0, 3);
        }
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("l.npy", "l.PARQUET");
        assertThatThrownBy(() -> LabelSinks.create(dir.resolve("l.txt"), 3))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(".npy, .parquet or .csv");
    }
}
