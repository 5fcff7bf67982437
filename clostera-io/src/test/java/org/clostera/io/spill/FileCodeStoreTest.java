package org.clostera.io.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.clostera.InvalidParameterException;
import org.clostera.data.HeapCodeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCodeStoreTest {
    @TempDir
    Path temp;

    private static byte code(long row, int m) {
        return (byte) (row * 31 + m * 7);
    }

    @Test
    void matchesTheHeapStoreAndLeavesNothingBehind() throws IOException {
        int m = 13;
        long rows = 5000;
        HeapCodeStore heap = new HeapCodeStore(rows, m);
        FileCodeStore file = FileCodeStore.createTemp(temp, rows, m);
        assertThat(file.file().getParent()).isEqualTo(temp);
        byte[] batch = new byte[700 * m];
        for (long first = 0; first < rows; first += 700) {
            int count = (int) Math.min(700, rows - first);
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < m; j++) {
                    batch[i * m + j] = code(first + i, j);
                }
            }
            heap.write(first, count, batch, 0);
            file.write(first, count, batch, 0);
        }
        byte[] a = new byte[333 * m + 5];
        byte[] b = new byte[333 * m + 5];
        for (long first : new long[] {0, 4667, 1234}) {
            heap.read(first, 333, a, 5);
            file.read(first, 333, b, 5);
            assertThat(b).containsExactly(a);
        }
        file.close();
        assertThat(file.file()).doesNotExist();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(() -> file.read(0, 1, a, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unwrittenRowsReadAsZerosAndOffsetsBeyondTwoGibibytes() {
        // 2^31 / 64 + 10 rows of 64 bytes: the last rows sit beyond byte 2^31 of a sparse file.
        long rows = (1L << 31) / 64 + 10;
        try (FileCodeStore store = FileCodeStore.createTemp(temp, rows, 64)) {
            byte[] row = new byte[64];
            for (int j = 0; j < 64; j++) {
                row[j] = code(rows - 1, j);
            }
            store.write(rows - 1, 1, row, 0);
            byte[] back = new byte[64 * 2];
            store.read(rows - 2, 2, back, 0);
            for (int j = 0; j < 64; j++) {
                assertThat(back[j]).isZero();
                assertThat(back[64 + j]).isEqualTo(code(rows - 1, j));
            }
        }
    }

    @Test
    void disjointRangesFromSeveralThreads() throws Exception {
        int m = 8;
        try (FileCodeStore store = FileCodeStore.createTemp(temp, 4000, m)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long first = t * 1000L;
                    tasks.add(pool.submit(() -> {
                        byte[] codes = new byte[1000 * m];
                        for (int i = 0; i < 1000; i++) {
                            for (int j = 0; j < m; j++) {
                                codes[i * m + j] = code(first + i, j);
                            }
                        }
                        store.write(first, 1000, codes, 0);
                    }));
                }
                for (Future<?> f : tasks) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            byte[] all = new byte[4000 * m];
            store.read(0, 4000, all, 0);
            for (int i = 0; i < 4000; i++) {
                assertThat(all[i * m + 7]).isEqualTo(code(i, 7));
            }
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> FileCodeStore.createTemp(temp.resolve("missing"), 10, 4))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> FileCodeStore.createTemp(temp, 10, 0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> FileCodeStore.createTemp(temp, Long.MAX_VALUE / 2, 4))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> FileCodeStore.createTemp(temp, 1L << 60, 4))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("usable bytes");
        try (FileCodeStore store = FileCodeStore.createTemp(temp, 10, 4)) {
            assertThatThrownBy(() -> store.write(8, 3, new byte[12], 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> store.read(0, 3, new byte[11], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
