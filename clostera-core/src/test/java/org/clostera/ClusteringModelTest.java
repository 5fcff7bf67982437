package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.data.ArrayLabelSink;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.quantize.EncoderFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fitted model: predictions equal the fit's labels, and a saved model predicts exactly the same. */
class ClusteringModelTest {
    /** Overlapping blobs (centres within +-2 of each other, unit noise): many rows lie near a boundary. */
    private static final LabeledGaussians DATA = LabeledGaussians.generate(3_000, 16, 6, 2.0, 11);
    private static ClusteringModel pqModel;

    @TempDir
    Path dir;

    private static Clusterer.Builder small(boolean fastest, Integer k) {
        return Clusterer.builder().k(k).fastest(fastest).subquantizers(4).codebookSize(32).encoderIterations(8)
                .opqIterations(2).trainRows(2_000).autoKCandidates(4, 6, 8).seed(3).threads(2);
    }

    @BeforeAll
    static void fitOnce() {
        // Code-space assignment (no dense iterations), so predictions from codes give the fit's labels too.
        pqModel = small(true, 6).rawRefinementIterations(0).fit(DATA.data(), DATA.dim());
    }

    /** rawIterations null: the automatic rule, which on this small input runs dense iterations (exact centers). */
    @ParameterizedTest(name = "fastest={0}, k={1}, rawIterations={2}")
    @CsvSource(value = {"true, 6, null", "false, 6, null", "true, null, null", "false, null, null", "true, 6, 0",
            "false, null, 0"}, nullValues = "null")
    void predictGivesTheFitLabelsAndALoadedModelPredictsTheSame(boolean fastest, Integer k, Integer rawIterations) {
        Clusterer.Builder builder = small(fastest, k);
        ClusteringModel model = (rawIterations == null ? builder : builder.rawRefinementIterations(rawIterations))
                .fit(DATA.data(), DATA.dim());
        int[] labels = model.labels();
        assertThat(model.assignsExactly()).isEqualTo(rawIterations == null);
        assertThat(model.encoder().rotated()).isEqualTo(!fastest);
        assertThat(model.kSelected()).isEqualTo(k == null);
        assertThat(model.predict(DATA.data(), DATA.dim())).isEqualTo(labels);

        Path file = dir.resolve("model.bin");
        model.save(file);
        ClusteringModel loaded = ClusteringModel.load(file, 2);
        assertThat(loaded.assignsExactly()).isEqualTo(model.assignsExactly());
        assertThat(loaded.predict(DATA.asRows())).isEqualTo(labels);
        assertThat(loaded.k()).isEqualTo(model.k());
        assertThat(loaded.encoder().rotated()).isEqualTo(!fastest);
        assertThat(loaded.clusterCenters()).isDeepEqualTo(model.clusterCenters());
        assertThat(loaded.codingSpaceCenters()).isEqualTo(model.codingSpaceCenters());
        assertThat(loaded.clusterSizes()).isEqualTo(model.clusterSizes());
        assertThat(loaded.inertiaHistory()).isEqualTo(model.inertiaHistory());
        assertThat(loaded.seed()).isEqualTo(3);
        assertThat(loaded.kSelection()).isNull();
        assertThat(loaded.timings()).isEqualTo(ClusteringModel.Timings.NONE);
        assertThatThrownBy(loaded::labels).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loaded from a file");
        // Saved again, the bytes are the same: nothing is lost or re-rounded by a round trip.
        Path again = dir.resolve("again.bin");
        loaded.save(again);
        assertThat(contentOf(again)).isEqualTo(contentOf(file));
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("model.bin", "again.bin");
    }

    @Test
    void theBuilderFitsDirectlyAndAutoKIsTheDefault() {
        ClusteringModel model = Clusterer.builder().fastest(true).subquantizers(4).codebookSize(32)
                .autoKCandidates(4, 6, 8).threads(2).fit(DATA.asRows());
        assertThat(model.kSelected()).isTrue();
        assertThat(model.kSelection().selectedK()).isEqualTo(model.k());
        assertThat(model.timings().autoKSeconds()).isPositive();
        assertThat(model.timings().lloydSeconds()).isLessThan(model.timings().clusterSeconds());
        assertThat(model.toString()).contains("K selected by CENTROID_SILHOUETTE");
    }

    @Test
    void predictionsFromASourceIntoASinkAndFromCodesEqualTheLabels() {
        int[] labels = pqModel.labels();
        ArrayLabelSink sink = new ArrayLabelSink(DATA.rows());
        pqModel.predict(ArrayVectorSource.of(DATA.data(), DATA.dim()), sink);
        assertThat(sink.labels()).isEqualTo(labels);
        assertThat(sink.closed).isTrue();

        try (HeapCodeStore codes = new HeapCodeStore(DATA.rows(), 4)) {
            pqModel.encoder().encode(ArrayVectorSource.of(DATA.data(), DATA.dim()), codes, null);
            assertThat(pqModel.predict(codes)).isEqualTo(labels);
            byte[] raw = new byte[DATA.rows() * 4];
            codes.read(0, DATA.rows(), raw, 0);
            assertThat(pqModel.predictCodes(raw, DATA.rows())).isEqualTo(labels);
            ArrayLabelSink fromCodes = new ArrayLabelSink(DATA.rows());
            pqModel.predict(codes, fromCodes);
            assertThat(fromCodes.labels()).isEqualTo(labels);
        }
        assertThatThrownBy(() -> pqModel.predict(new float[][] {new float[15]}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dimension 15")
                .hasMessageContaining("expects 16");
    }

    @Test
    void labelsSentToASinkAreNotKeptAndTheModelSaysWhere() {
        ArrayLabelSink sink = new ArrayLabelSink(DATA.rows());
        ClusteringModel model = small(true, 6).rawRefinementIterations(0).build()
                .fit(ArrayVectorSource.of(DATA.data(), DATA.dim()), sink);
        assertThat(sink.labels()).isEqualTo(pqModel.labels());
        assertThat(model.hasLabels()).isFalse();
        assertThatThrownBy(model::labels).isInstanceOf(IllegalStateException.class)
                .hasMessage("the labels of this fit were written to a label sink and not kept in memory");
        assertThatThrownBy(() -> model.label(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the labels of this fit were written to a label sink and not kept in memory");
    }

    /** label(long) reads the kept labels row by row (the accessor that works past 2^31 rows). */
    @Test
    void labelByRowEqualsTheLabelsArray() {
        int[] labels = pqModel.labels();
        for (long row : new long[] {0, 1, 1_234, DATA.rows() - 1}) {
            assertThat(pqModel.label(row)).as("row %d", row).isEqualTo(labels[(int) row]);
        }
        assertThatThrownBy(() -> pqModel.label(DATA.rows())).isInstanceOf(InvalidParameterException.class)
                .hasMessage("row 3000 is outside the 3000 training rows");
        assertThatThrownBy(() -> pqModel.label(-1)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("row -1 is outside the 3000 training rows");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(file + ": truncated: " + (bytes.length - 100) + " bytes, the header declares "
                        + bytes.length);
        Files.write(file, java.util.Arrays.copyOf(bytes, 30));
        assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessage(file + ": truncated: 30 bytes, shorter than the 64-byte header and checksum");
    }

    @Test
    void aFlippedByteIsRefused() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        for (int at : new int[] {bytes.length / 2, 70, bytes.length - 1}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x10;
            Files.write(file, flipped);
            assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                    .hasMessage(file + ": checksum mismatch: the file is corrupt");
        }
    }

    @Test
    void aForeignFileIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "K = 6, looks fine\n".repeat(10));
        assertThatThrownBy(() -> ClusteringModel.load(text)).isInstanceOf(InvalidDataException.class)
                .hasMessage(text + ": not a clostera model file (it does not start with the model magic)");
        Path encoder = dir.resolve("encoder.bin");
        EncoderFiles.save(pqModel.encoder(), encoder);
        assertThatThrownBy(() -> ClusteringModel.load(encoder)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is a clostera encoder file, not a model file");
        Path empty = Files.createFile(dir.resolve("empty.model"));
        assertThatThrownBy(() -> ClusteringModel.load(empty)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("not a clostera model file");
        assertThatThrownBy(() -> ClusteringModel.load(dir.resolve("missing.model")))
                .isInstanceOf(InvalidDataException.class).hasMessage(dir.resolve("missing.model")
                        + ": model file not found");
        assertThatThrownBy(() -> ClusteringModel.load(dir)).isInstanceOf(InvalidDataException.class)
                .hasMessage(dir + ": is a folder, not a model file");
    }

    @Test
    void aNewerVersionIsRefusedAsNewerNotAsCorrupt() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        rewriteChecksum(bytes);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessage(file + ": model format version 2 was written by a newer clostera; this build reads "
                        + "version 1 (upgrade clostera to load it)");
    }

    @Test
    void aValidChecksumOverInconsistentFieldsIsStillRefused() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(36, 5); // M = 5 while the encoder block has M = 4
        rewriteChecksum(bytes);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("does not match its encoder");
        header.putInt(36, 4);
        header.putInt(24, 7); // no such metric
        rewriteChecksum(bytes);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ClusteringModel.load(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("unknown metric code 7");
    }

    private Path saved() {
        Path file = dir.resolve("model.bin");
        pqModel.save(file);
        return file;
    }

    private static void rewriteChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
    }

    private static byte[] contentOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
