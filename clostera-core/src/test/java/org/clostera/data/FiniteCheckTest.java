package org.clostera.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.junit.jupiter.api.Test;

class FiniteCheckTest {

    @Test
    void namesTheRowAndDimensionOfTheFirstNonFiniteValue() {
        // 1000 rows of 10: the culprits sit in the second and third chunks of the vectorised pass.
        float[] data = new float[10_000];
        Arrays.fill(data, 0.5f);
        data[6_543] = Float.NaN;
        data[9_000] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> FiniteCheck.requireFinite(data, 0, 1_000, 10, 0, "file.npy"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("file.npy, row 654")
                .hasMessageContaining("non-finite value NaN at dimension 3");
        // An offset window: rows are counted from firstRow, dimensions within the row.
        assertThatThrownBy(() -> FiniteCheck.requireFinite(data, 7_000, 300, 10, 5_000, "file.npy"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 5200")
                .hasMessageContaining("non-finite value Infinity at dimension 0");
        assertThatCode(() -> FiniteCheck.requireFinite(data, 0, 654, 10, 0, "file.npy")).doesNotThrowAnyException();
    }

    @Test
    void finiteValuesWhoseSquaresOverflowPass() {
        float[] data = new float[5_000];
        Arrays.fill(data, 1e30f);
        data[4_999] = -Float.MAX_VALUE;
        assertThatCode(() -> FiniteCheck.requireFinite(data, 0, 500, 10, 0, "big")).doesNotThrowAnyException();
        data[4_321] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> FiniteCheck.requireFinite(data, 0, 500, 10, 0, "big"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 432")
                .hasMessageContaining("dimension 1");
    }

    @Test
    void aSampleNamesTheSourceRowOfTheOffendingSampleRow() {
        long[] rowIndices = {3, 70, 1_000_000_007L, 5_000_000_000L};
        float[] sample = new float[4 * 6];
        sample[2 * 6 + 4] = Float.NaN;
        sample[3 * 6 + 1] = Float.NaN;
        assertThatThrownBy(() -> FiniteCheck.requireFinite(sample, rowIndices, 6, "parts/"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("parts/, row 1000000007")
                .hasMessageContaining("dimension 4");
        assertThatCode(() -> FiniteCheck.requireFinite(new float[24], rowIndices, 6, "parts/"))
                .doesNotThrowAnyException();
    }
}
