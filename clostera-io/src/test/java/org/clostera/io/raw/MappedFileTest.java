package org.clostera.io.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {
    @TempDir
    Path temp;

    /** 40 little-endian ints {@code 1000 * i - 7}, the same bytes read as floats too. */
    private Path writeInts() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(40 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 40; i++) {
            buffer.putInt(1000 * i - 7);
        }
        return Files.write(temp.resolve("ints.bin"), buffer.array());
    }

    @Test
    void intsAndFloatsReadTheSameAcrossAnyWindowSize() throws IOException {
        Path path = writeInts();
        // Windows of 6, 4 and 13 bytes split values; 1 MiB holds the file in one window.
        for (long window : new long[] {6, 4, 13, 1 << 20}) {
            try (MappedFile file = MappedFile.open(path, window)) {
                int[] ints = new int[2 + 37];
                file.readInts(4, ints, 2, 37);
                float[] floats = new float[37];
                file.readFloats(4, floats, 0, 37);
                for (int i = 0; i < 37; i++) {
                    int expected = 1000 * (i + 1) - 7;
                    assertThat(ints[2 + i]).as("window %d, int %d", window, i).isEqualTo(expected);
                    assertThat(Float.floatToRawIntBits(floats[i])).as("window %d, float %d", window, i)
                            .isEqualTo(expected);
                }
                assertThat(ints[0]).isZero();
                assertThat(file.readInt(39 * 4)).isEqualTo(38_993);
            }
        }
    }

    @Test
    void readsOutsideTheFileOrAfterCloseAreRejected() throws IOException {
        Path path = writeInts();
        MappedFile file = MappedFile.open(path, 6);
        assertThatThrownBy(() -> file.readInts(150, new int[4], 0, 4)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("bytes [150, 166) of 160 in " + path);
        assertThatThrownBy(() -> file.readFloats(-4, new float[1], 0, 1))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("bytes [-4, 0) of 160 in " + path);
        file.close();
        assertThatThrownBy(() -> file.readFloats(0, new float[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("closed: " + path);
    }
}
