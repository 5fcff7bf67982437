package org.clostera.io.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.clostera.ClosteraException;
import org.clostera.data.VectorSource;
import org.clostera.io.VectorSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetLabelSinkTest {
    @TempDir
    Path dir;

    @Test
    void labelsWrittenInRangesReadBackAsOneIntColumn() {
        int n = 70_000;
        int[] labels = new SplittableRandom(5).ints(n, 0, 1 << 20).toArray();
        Path target = dir.resolve("labels.parquet");
        try (ParquetLabelSink sink = ParquetLabelSink.create(target, n)) {
            sink.accept(0, labels, 0, 1);
            sink.accept(1, labels, 1, 40_000);
            sink.accept(40_001, labels, 40_001, n - 40_001);
            assertThat(target).doesNotExist();
        }
        assertThat(dir.toFile().list()).containsExactly("labels.parquet");
        // The vector reader takes a single numeric column as 1-d vectors: the labels, exactly (< 2^24).
        try (VectorSource back = VectorSources.open(target)) {
            assertThat(back.rows()).isEqualTo(n);
            assertThat(back.dim()).isEqualTo(1);
            float[] values = new float[n];
            back.read(0, n, values, 0);
            for (int i = 0; i < n; i++) {
                assertThat((int) values[i]).as("row %d", i).isEqualTo(labels[i]);
            }
        }
    }

    @Test
    void abortedOrIncompleteOutputLeavesNothing() {
        int[] labels = {3, 1, 4, 1, 5};
        ParquetLabelSink aborted = ParquetLabelSink.create(dir.resolve("a.parquet"), 5);
        aborted.accept(0, labels, 0, 3);
        aborted.abort();
        aborted.close();
        ParquetLabelSink incomplete = ParquetLabelSink.create(dir.resolve("b.parquet"), 5);
        incomplete.accept(0, labels, 0, 4);
        assertThatThrownBy(incomplete::close).isInstanceOf(ClosteraException.class)
                .hasMessageContaining("4 of 5 labels written");
        ParquetLabelSink outOfOrder = ParquetLabelSink.create(dir.resolve("c.parquet"), 5);
        assertThatThrownBy(() -> outOfOrder.accept(2, labels, 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected row 0, got 2");
        assertThatThrownBy(() -> outOfOrder.accept(0, labels, 0, 6)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows [0, 6) of 5 in " + dir.resolve("c.parquet"));
        outOfOrder.abort();
        assertThat(dir.toFile().list()).isEmpty();
    }
}
