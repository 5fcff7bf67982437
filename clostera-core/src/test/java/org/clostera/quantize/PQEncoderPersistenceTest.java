package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.cluster.LabeledGaussians;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PQEncoderPersistenceTest {
    private static final LabeledGaussians DATA = LabeledGaussians.generate(2_000, 30, 5, 3.0, 11);
    private static PQEncoder encoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        // M = 7 does not divide D = 30: uneven widths (5,5,4,4,4,4,4) must round-trip too.
        encoder = PQEncoder.builder().subquantizers(7).codebookSize(16).iterations(8).trainRows(1_000).seed(3)
                .threads(1).fit(DATA.data(), 30);
    }

    @Test
    void roundTripGivesTheSameCodebooksAndCodes() {
        Path file = dir.resolve("enc.bin");
        encoder.save(file);
        PQEncoder loaded = PQEncoder.load(file, 1);
        assertThat(loaded.dim()).isEqualTo(30);
        assertThat(loaded.subquantizers()).isEqualTo(7);
        assertThat(loaded.codebookSize()).isEqualTo(16);
        assertThat(loaded.layout()).isEqualTo(encoder.layout());
        for (int s = 0; s < 7; s++) {
            assertThat(loaded.codebook(s)).containsExactly(encoder.codebook(s));
        }
        byte[] a = new byte[2_000 * 7];
        byte[] b = new byte[2_000 * 7];
        encoder.encode(DATA.data(), 2_000, a);
        loaded.encode(DATA.data(), 2_000, b);
        assertThat(b).isEqualTo(a);
        // Header (28) + widths (7 x 4) + scale (8) + mean (30 x 8) + codebooks (16 x 30 x 4) + CRC (8).
        assertThat(file.toFile().length()).isEqualTo(28 + 28 + 8 + 240 + 1920 + 8);
        assertThat(loaded.normalization()).isEqualTo(encoder.normalization());
        assertThat(dir.toFile().list()).containsExactly("enc.bin");
    }

    @Test
    void opqEncodersRoundTripWithTheirRotation() {
        OPQEncoder opq = OPQEncoder.builder().subquantizers(6).codebookSize(16).iterations(6).opqIterations(2)
                .trainRows(1_000).seed(3).threads(1).fit(DATA.data(), 30);
        Path file = dir.resolve("opq.bin");
        EncoderFiles.save(opq, file);
        Encoder loaded = EncoderFiles.load(file, 1);
        assertThat(loaded).isInstanceOf(OPQEncoder.class);
        assertThat(((OPQEncoder) loaded).rotation()).containsExactly(opq.rotation());
        assertThat(loaded.layout()).isEqualTo(opq.layout());
        byte[] a = new byte[2_000 * 6];
        byte[] b = new byte[2_000 * 6];
        opq.encode(DATA.data(), 2_000, a);
        loaded.encode(DATA.data(), 2_000, b);
        assertThat(b).isEqualTo(a);
        // Header + widths + scale + mean + codebooks + rotation (30 x 30) + CRC.
        assertThat(file.toFile().length()).isEqualTo(28 + 24 + 8 + 240 + 16 * 30 * 4 + 900 * 4 + 8);
        assertThat(loaded.normalization()).isEqualTo(opq.normalization());
        assertThat(((OPQEncoder) loaded).codingSpaceEncoder().normalization().isIdentity()).isTrue();
        assertThatThrownBy(() -> PQEncoder.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("OPQ encoder").hasMessageContaining("EncoderFiles.load");

        Path pqFile = dir.resolve("pq.bin");
        EncoderFiles.save(encoder, pqFile);
        assertThat(EncoderFiles.load(pqFile)).isInstanceOf(PQEncoder.class);
    }

    @Test
    void corruptFilesAreRejectedNamingTheFile() throws IOException {
        Path good = dir.resolve("good.bin");
        encoder.save(good);
        byte[] bytes = Files.readAllBytes(good);

        expectInvalid(write("truncated.bin", Arrays.copyOf(bytes, bytes.length - 9)), "truncated");
        expectInvalid(write("short.bin", Arrays.copyOf(bytes, 10)), "shorter than the 28-byte header");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);
        expectInvalid(write("trailing.bin", trailing), "trailing data");
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        expectInvalid(write("magic.bin", magic), "bad magic");
        byte[] version = bytes.clone();
        version[8] = 9;
        expectInvalid(write("version.bin", version), "unsupported encoder format version 9");
        byte[] flipped = bytes.clone();
        flipped[200] ^= 0x40;
        expectInvalid(write("flipped.bin", flipped), "checksum mismatch");
        byte[] ks = bytes.clone();
        ks[24] = 1;
        expectInvalid(write("ks.bin", ks), "corrupt header");
        expectInvalid(dir.resolve("missing.bin"), "encoder file not found");
        expectInvalid(dir, "is a directory");
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static void expectInvalid(Path file, String message) {
        assertThatThrownBy(() -> PQEncoder.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(message).hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(((InvalidDataException) e).source()).isEqualTo(file.toString()));
    }
}
