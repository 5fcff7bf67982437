package org.clostera.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
    @Test
    void reasonsAreWordsWithoutClassNamesOrPaths() {
        assertThat(IoReasons.reason(new NoSuchFileException("/x/.a.npy.1-1.tmp"))).isEqualTo("no such file or folder");
        assertThat(IoReasons.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
        assertThat(IoReasons.reason(new FileSystemException("/x", null, "No space left on device")))
                .isEqualTo("disk full (no space left on the device)");
        assertThat(IoReasons.reason(new IOException("No space left on device"))).startsWith("disk full");
        assertThat(IoReasons.reason(new FileSystemException("/x", null, "Is a directory"))).isEqualTo("is a folder");
        assertThat(IoReasons.reason(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("read-only file system");
        assertThat(IoReasons.reason(new FileNotFoundException("/x/y (Too many open files)")))
                .isEqualTo("too many open files");
        assertThat(IoReasons.reason(new UncheckedIOException(new AccessDeniedException("/x"))))
                .isEqualTo("permission denied");
        assertThat(IoReasons.isDiskFull(new IOException("Disk quota exceeded"))).isTrue();
        assertThat(IoReasons.reason(new IOException((String) null))).isEqualTo("input/output error");
    }
}
