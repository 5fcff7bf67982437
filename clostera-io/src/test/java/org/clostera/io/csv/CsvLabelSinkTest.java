package org.clostera.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.io.LabelSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLabelSinkTest {
    @TempDir
    Path dir;

    @Test
    void labelsWrittenInRangesReadBackOnePerLineUnderAHeader() throws IOException {
        Path target = dir.resolve("labels.CSV");
        int[] labels = {7, 0, 12, 3, 3};
        try (LabelSink sink = LabelSinks.create(target, 5)) {
            assertThat(sink).isInstanceOf(CsvLabelSink.class);
            assertThat(sink.description()).isEqualTo(target.toString());
            sink.accept(0, labels, 0, 2);
            sink.accept(2, labels, 2, 3);
            assertThat(target).doesNotExist();
        }
        assertThat(Files.readString(target)).isEqualTo("label\n7\n0\n12\n3\n3\n");
        assertThat(dir.toFile().list()).containsExactly("labels.CSV");
    }

    @Test
    void abortedOrIncompleteOutputLeavesNothing() {
        CsvLabelSink aborted = CsvLabelSink.create(dir.resolve("a.csv"), 3);
        aborted.accept(0, new int[] {1}, 0, 1);
        aborted.abort();
        CsvLabelSink incomplete = CsvLabelSink.create(dir.resolve("b.csv"), 3);
        assertThatThrownBy(incomplete::close).isInstanceOf(ClosteraException.class)
                .hasMessageContaining("incomplete label file").hasMessageContaining("0 of 3");
        assertThat(dir.toFile().list()).isEmpty();
        assertThatThrownBy(() -> LabelSinks.create(dir.resolve("labels.tsv"), 3))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("must end in .npy, .parquet or .csv");
    }
}
