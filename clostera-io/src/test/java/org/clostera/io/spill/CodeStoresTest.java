package org.clostera.io.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.data.HeapCodeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeStoresTest {
    @TempDir
    Path temp;

    @Test
    void heapWhileTheCodesFitElseSpilled() {
        try (CodeStore small = CodeStores.create(1000, 16, 16_000, temp);
             CodeStore large = CodeStores.create(1001, 16, 16_000, temp)) {
            assertThat(small).isInstanceOf(HeapCodeStore.class);
            assertThat(large).isInstanceOf(FileCodeStore.class);
            assertThat(large.rows()).isEqualTo(1001);
            assertThat(large.codeBytes()).isEqualTo(16);
            byte[] row = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -1};
            large.write(1000, 1, row, 0);
            byte[] back = new byte[16];
            large.read(1000, 1, back, 0);
            assertThat(back).containsExactly(row);
        }
        assertThat(temp.toFile().list()).isEmpty();
    }

    @Test
    void tooLargeWithoutASpillFolder() {
        assertThatThrownBy(() -> CodeStores.create(1L << 40, 64, 1L << 30, null))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no spill folder");
        assertThatThrownBy(() -> CodeStores.create(10, 0, 100, temp)).isInstanceOf(InvalidParameterException.class);
    }
}
