package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteArrayCodeStoreTest {

    @Test
    void readsRowsInsideItAndRejectsRowsOutsideIt() {
        ByteArrayCodeStore store = new ByteArrayCodeStore(new byte[] {1, 2, 3, 4, 5, 6}, 3, 2);
        byte[] dst = new byte[5];
        store.read(1, 2, dst, 1);
        assertThat(dst).containsExactly(0, 3, 4, 5, 6);
        assertThatThrownBy(() -> store.read(2, 2, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [2, 4) of 3");
        // firstRow + count overflows a long: rejected by the range check, not by a wrapped array offset.
        assertThatThrownBy(() -> store.read(Long.MAX_VALUE, 1, dst, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [" + Long.MAX_VALUE + ", " + Long.MIN_VALUE + ") of 3");
        assertThatThrownBy(() -> store.write(0, 1, dst, 0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
