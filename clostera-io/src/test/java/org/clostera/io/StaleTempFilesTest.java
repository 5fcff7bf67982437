package org.clostera.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTempFilesTest {
    /** Above Linux's pid_max (2^22): never a live process. */
    private static final long DEAD_PID = 999_999_999L;

    @TempDir
    Path dir;

    @Test
    void readsTheOwnerFromEveryTempNamingScheme() {
        assertThat(StaleTempFiles.ownerPid(".labels.npy.1234-1.tmp")).isEqualTo(OptionalLong.of(1234));
        assertThat(StaleTempFiles.ownerPid("..labels.npy.77-0.tmp.77-3.tmp")).isEqualTo(OptionalLong.of(77));
        assertThat(StaleTempFiles.ownerPid("clostera-codes-55-2.tmp")).isEqualTo(OptionalLong.of(55));
        assertThat(StaleTempFiles.ownerPid("labels.npy")).isEmpty();
        assertThat(StaleTempFiles.ownerPid(".labels.npy.tmp")).isEmpty();
        assertThat(StaleTempFiles.ownerPid("notes-12-1.tmp")).isEmpty();
    }

    @Test
    void removesTheTempsOfDeadRunsOnly() throws IOException {
        long self = ProcessHandle.current().pid();
        Path deadLabels = Files.writeString(dir.resolve(".labels.npy." + DEAD_PID + "-1.tmp"), "x");
        Path deadSpill = Files.writeString(dir.resolve("clostera-codes-" + DEAD_PID + "-1.tmp"), "x");
        Path deadCodes = Files.writeString(dir.resolve(".codes.bin." + DEAD_PID + "-1.tmp"), "x");
        Path mine = Files.writeString(dir.resolve(".labels.npy." + self + "-1.tmp"), "x");
        Path userFile = Files.writeString(dir.resolve("labels.npy"), "x");
        Path userTemp = Files.writeString(dir.resolve(".notes.tmp"), "x");

        assertThat(StaleTempFiles.removeDead(dir)).isEqualTo(3);
        assertThat(deadLabels).doesNotExist();
        assertThat(deadSpill).doesNotExist();
        assertThat(deadCodes).doesNotExist();
        assertThat(mine).exists();
        assertThat(userFile).exists();
        assertThat(userTemp).exists();

        assertThat(StaleTempFiles.removeOwn(dir)).isEqualTo(1);
        assertThat(mine).doesNotExist();
        assertThat(userFile).exists();
        assertThat(StaleTempFiles.removeDead(dir.resolve("missing"))).isZero();
    }
}
