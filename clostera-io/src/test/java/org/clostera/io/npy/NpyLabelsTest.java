package org.clostera.io.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clostera.io.npy.NpyFixtures.fixture;

import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyLabelsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"labels_i32.npy", "labels_i64.npy", "labels_i32_be.npy"})
    void readsIntegerLabelsWrittenByNumpy(String name) {
        assertThat(NpyLabels.read(fixture(name))).containsExactly(NpyFixtures.labels());
    }

    @Test
    void roundTripsThroughTheWriter() {
        Path file = tmp.resolve("l.npy");
        int[] labels = {5, 0, Integer.MAX_VALUE, -1, 7};
        NpyLabels.write(file, labels);
        assertThat(NpyLabels.read(file)).containsExactly(labels);
    }

    @Test
    void rejectsInt64ValueOutsideIntNamingTheRow() {
        assertThatThrownBy(() -> NpyLabels.read(fixture("labels_i64_too_big.npy")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("labels_i64_too_big.npy").hasMessageContaining("row 2")
                .hasMessageContaining("label 2147483653 does not fit");
    }

    @Test
    void rejectsFloatLabelsAndMatrices() {
        assertThatThrownBy(() -> NpyLabels.read(fixture("labels_f4.npy"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("unsupported dtype '<f4' for labels");
        assertThatThrownBy(() -> NpyLabels.read(fixture("i4_2d.npy"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("labels must be a 1-D array (n,) but the shape is (4, 3)");
        assertThatThrownBy(() -> NpyLabels.read(fixture("bad_magic.npy"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> NpyLabels.read(tmp.resolve("none.npy"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("file not found");
    }
}
