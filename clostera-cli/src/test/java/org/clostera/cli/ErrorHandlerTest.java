package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.io.OutputFileException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {

    @Test
    void exitCodesFollowTheKindOfFailure() {
        assertThat(ErrorHandler.exitCode(new InvalidParameterException("K > rows"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ErrorHandler.exitCode(new InvalidDataException("NaN", "x.npy", 3, null, null)))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorHandler.exitCode(new ClosteraException("other"))).isEqualTo(ExitCodes.FAILURE);
        assertThat(ErrorHandler.exitCode(new IllegalStateException("bug"))).isEqualTo(ExitCodes.FAILURE);
        // Every I/O failure is an unusable input or output path (3), however it is wrapped; never a "bug" (1).
        assertThat(ErrorHandler.exitCode(new IOException("No space left on device"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorHandler.exitCode(new ClosteraException("cannot create x", new AccessDeniedException("x"))))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorHandler.exitCode(new OutputFileException(Path.of("x"), "disk full", null)))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorHandler.exitCode(new CompletionException(new InvalidDataException("NaN", "x", 1, null, null))))
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void messagesAreOneLineAndNameThePlace() {
        assertThat(ErrorHandler.describe(new InvalidDataException("value is NaN", "x.npy", 3, null, null)))
                .isEqualTo("x.npy, row 3: value is NaN");
        assertThat(ErrorHandler.describe(new InvalidParameterException("first line\n  second line")))
                .isEqualTo("first line; second line");
        assertThat(ErrorHandler.describe(new UncheckedIOException(new NoSuchFileException("/tmp/out/x.npy"))))
                .isEqualTo("cannot use /tmp/out/x.npy: no such file or folder");
        assertThat(ErrorHandler.describe(new IOException("No space left on device")))
                .isEqualTo("disk full (no space left on the device)");
        // Writers that append the exception itself: the reason in words replaces the class name.
        AccessDeniedException denied = new AccessDeniedException("/tmp/out/x.npy");
        assertThat(ErrorHandler.describe(new ClosteraException("cannot create /tmp/out/x.npy: " + denied, denied)))
                .isEqualTo("cannot create /tmp/out/x.npy: permission denied");
        assertThat(ErrorHandler.describe(new ClosteraException("failed: java.lang.IllegalArgumentException: bad")))
                .isEqualTo("failed: bad");
        assertThat(ErrorHandler.describe(new IllegalStateException("oops")))
                .startsWith("internal error: java.lang.IllegalStateException: oops").contains("CLOSTERA_DEBUG=1");
    }

    @Test
    void verboseIsFoundBeforeTheEndOfOptions() {
        assertThat(Logging.verboseRequested(List.of("cluster", "x.npy", "--verbose"))).isTrue();
        assertThat(Logging.verboseRequested(List.of("-v", "demo"))).isTrue();
        assertThat(Logging.verboseRequested(List.of("cluster", "--", "-v"))).isFalse();
        assertThat(Logging.verboseRequested(List.of("demo"))).isFalse();
    }
}
