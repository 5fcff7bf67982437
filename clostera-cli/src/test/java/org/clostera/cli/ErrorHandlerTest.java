package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {

    @Test
    void exitCodesFollowTheKindOfFailure() {
        assertThat(ErrorHandler.exitCode(new InvalidParameterException("K > rows"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ErrorHandler.exitCode(new InvalidDataException("NaN", "x.npy", 3, null, null)))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorHandler.exitCode(new ClosteraException("other"))).isEqualTo(ExitCodes.FAILURE);
        assertThat(ErrorHandler.exitCode(new IllegalStateException("bug"))).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void messagesAreOneLineAndNameThePlace() {
        assertThat(ErrorHandler.describe(new InvalidDataException("value is NaN", "x.npy", 3, null, null)))
                .isEqualTo("x.npy, row 3: value is NaN");
        assertThat(ErrorHandler.describe(new InvalidParameterException("first line\n  second line")))
                .isEqualTo("first line; second line");
        assertThat(ErrorHandler.describe(new UncheckedIOException(new NoSuchFileException("/tmp/out/x.npy"))))
                .isEqualTo("no such file: /tmp/out/x.npy");
        assertThat(ErrorHandler.describe(new IOException("No space left on device")))
                .isEqualTo("I/O error: No space left on device");
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
