package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesThroughATemporaryNameAndReplacesTheTarget() throws IOException {
        Path target = dir.resolve("sub").resolve("out.txt");
        AtomicFiles.write(target, temp -> {
            assertThat(temp).isNotEqualTo(target).hasParent(target.getParent());
            Files.writeString(temp, "first");
        });
        AtomicFiles.write(target, temp -> Files.writeString(temp, "second"));
        assertThat(target).hasContent("second");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("out.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
            Files.writeString(temp, "half");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void failedRenameLeavesNothingBehind() throws IOException {
        // The target is a non-empty directory: the rename fails after the content was written.
        Path target = dir.resolve("out.txt");
        Files.createDirectories(target.resolve("occupied"));
        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> Files.writeString(temp, "content")))
                .isInstanceOf(IOException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
