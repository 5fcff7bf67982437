package org.clostera.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadBoundsTest {

    @Test
    void rowRangesInsideTheSourcePass() {
        ReadBounds.checkRows(0, 10, 10);
        ReadBounds.checkRows(10, 0, 10);
        ReadBounds.checkRows(3, 4, 10, "a.npy");
    }

    @Test
    void rowRangesOutsideTheSourceNameTheRange() {
        assertThatThrownBy(() -> ReadBounds.checkRows(8, 3, 10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [8, 11) of 10");
        assertThatThrownBy(() -> ReadBounds.checkRows(-1, 1, 10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [-1, 0) of 10");
        assertThatThrownBy(() -> ReadBounds.checkRows(2, -1, 10, "a.npy"))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("rows [2, 1) of 10 in a.npy");
        // firstRow + count overflows a long: still rejected.
        assertThatThrownBy(() -> ReadBounds.checkRows(Long.MAX_VALUE, 1, 10))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [" + Long.MAX_VALUE + ", " + Long.MIN_VALUE + ") of 10");
    }

    @Test
    void destinationMustHoldEveryFloat() {
        assertThat(ReadBounds.checkDestination(new float[12], 4, 2, 4)).isEqualTo(8);
        assertThatThrownBy(() -> ReadBounds.checkDestination(new float[12], 5, 2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination too small: 8 floats at offset 5 of 12");
        assertThatThrownBy(() -> ReadBounds.checkDestination(new float[12], -1, 1, 4))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination too small: 4 floats at offset -1 of 12");
        // count * dim beyond an int: computed as a long, so no wrap-around lets it through.
        assertThatThrownBy(() -> ReadBounds.checkDestination(new float[12], 0, 1 << 20, 1 << 12))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination too small: 4294967296 floats at offset 0 of 12");
    }

    @Test
    void arraySourceRejectsRowsOutsideIt() {
        ArrayVectorSource source = ArrayVectorSource.of(new float[] {1, 2, 3, 4, 5, 6}, 2);
        float[] dst = new float[6];
        source.read(1, 2, dst, 0);
        assertThat(dst).containsExactly(3, 4, 5, 6, 0, 0);
        assertThatThrownBy(() -> source.read(2, 2, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [2, 4) of 3");
        assertThatThrownBy(() -> source.read(Long.MAX_VALUE, 1, dst, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("rows [" + Long.MAX_VALUE);
    }

    @Test
    void heapCodeStoreRejectsRowsOutsideIt() {
        HeapCodeStore store = HeapCodeStore.copyOf(new byte[] {1, 2, 3, 4, 5, 6}, 2);
        byte[] dst = new byte[4];
        store.read(1, 2, dst, 0);
        assertThat(dst).containsExactly(3, 4, 5, 6);
        assertThatThrownBy(() -> store.read(2, 2, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [2, 4) of 3");
        assertThatThrownBy(() -> store.write(-1, 1, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [-1, 0) of 3");
        // firstRow + count overflows a long: rejected by the range check, not by a wrapped chunk index.
        assertThatThrownBy(() -> store.read(Long.MAX_VALUE, 1, dst, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [" + Long.MAX_VALUE + ", " + Long.MIN_VALUE + ") of 3");
    }
}
