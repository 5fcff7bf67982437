package org.clostera.bench.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.clostera.InvalidDataException;
import org.clostera.io.npy.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledVectorsTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatDatasetFolderWrote() {
        Path folder = dir.resolve("tiny");
        float[] vectors = {1, 2, 3, 4, 5, 6};
        DatasetFolder.write(folder, vectors, 2, new int[] {4, 0, 4}, Map.of("name", "tiny"));

        LabeledVectors data = LabeledVectors.read(folder);
        assertThat(data.name()).isEqualTo("tiny");
        assertThat(data.vectors()).containsExactly(vectors);
        assertThat(data.dim()).isEqualTo(2);
        assertThat(data.labels()).containsExactly(4, 0, 4);
        assertThat(data.classes()).isEqualTo(2);
        assertThat(folder.resolve(DatasetFolder.INFO_FILE)).content().contains("\"name\" : \"tiny\"");
    }

    @Test
    void namesTheFileWhenRowsAndLabelsDisagree() {
        Path folder = dir.resolve("bad");
        DatasetFolder.write(folder, new float[] {1, 2, 3, 4}, 2, new int[] {0, 1}, Map.of());
        try (NpyWriter labels = NpyWriter.createInt32(folder.resolve(LabeledVectors.LABELS_FILE), 3)) {
            labels.appendInts(new int[] {0, 1, 2}, 0, 3);
        }
        assertThatThrownBy(() -> LabeledVectors.read(folder)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("2 rows but " + folder.resolve("labels.npy") + " holds 3 labels")
                .hasMessageContaining(folder.resolve("vectors.npy").toString());
    }

    @Test
    void saysWhatAFolderNeeds() {
        assertThatThrownBy(() -> LabeledVectors.read(dir.resolve("missing"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("not a dataset folder (expected vectors.npy and labels.npy in it)");
    }
}
