package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.internal.persist.EncoderFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoder files written before the normalisation fields (format 1) still load and encode as they did. */
class EncoderFormatVersionTest {
    private static final Path FIXTURES = Path.of("src/test/resources/encoder-v1");
    private static final int ROWS = 300;
    private static final int DIM = 12;

    @TempDir
    Path dir;

    private static float[] floats(String name) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(FIXTURES.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void aVersion1PqFileLoadsWithoutNormalisationAndGivesTheSameCodesAndDecode() throws IOException {
        Path file = FIXTURES.resolve("pq-v1.bin");
        assertThat(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getInt(8)).isEqualTo(1);
        PQEncoder loaded = PQEncoder.load(file, 1);
        assertThat(loaded.normalization().isIdentity()).isTrue();
        float[] data = floats("data-300x12.f32");
        byte[] codes = new byte[ROWS * 3];
        loaded.encode(data, ROWS, codes);
        assertThat(codes).isEqualTo(Files.readAllBytes(FIXTURES.resolve("pq-v1-codes.bin")));
        assertThat(loaded.decode(codes, ROWS)).containsExactly(floats("pq-v1-decoded.f32"));

        // Saved again it is a version 2 file with the identity normalisation, and reloads to the same codes.
        Path again = dir.resolve("pq-v2.bin");
        loaded.save(again);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(again)).order(ByteOrder.LITTLE_ENDIAN).getInt(8))
                .isEqualTo(EncoderFile.VERSION);
        byte[] reloaded = new byte[ROWS * 3];
        PQEncoder.load(again, 1).encode(data, ROWS, reloaded);
        assertThat(reloaded).isEqualTo(codes);
    }

    @Test
    void aVersion1OpqFileLoadsWithoutNormalisationAndGivesTheSameCodes() throws IOException {
        Encoder loaded = EncoderFiles.load(FIXTURES.resolve("opq-v1.bin"), 1);
        assertThat(loaded).isInstanceOf(OPQEncoder.class);
        assertThat(loaded.normalization().isIdentity()).isTrue();
        byte[] codes = new byte[ROWS * 3];
        loaded.encode(floats("data-300x12.f32"), ROWS, codes);
        assertThat(codes).isEqualTo(Files.readAllBytes(FIXTURES.resolve("opq-v1-codes.bin")));
    }

    @Test
    void aCorruptNormalisationIsRejectedNamingTheFile() {
        float[][] books = {new float[8 * 4], new float[8 * 4], new float[8 * 4]};
        Path file = dir.resolve("bad-scale.bin");
        EncoderFile.write(file, new EncoderFile.Content(EncoderFile.KIND_PQ, new int[] {4, 4, 4}, 8, books, null,
                new double[12], 3.0));
        assertThatThrownBy(() -> PQEncoder.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("corrupt normalisation: scale 3.0 is not a positive power of two")
                .hasMessageContaining(file.toString());
        double[] mean = new double[12];
        mean[5] = Double.NaN;
        EncoderFile.write(file, new EncoderFile.Content(EncoderFile.KIND_PQ, new int[] {4, 4, 4}, 8, books, null,
                mean, 0.5));
        assertThatThrownBy(() -> PQEncoder.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("corrupt normalisation: mean at dimension 5 is NaN");
    }
}
