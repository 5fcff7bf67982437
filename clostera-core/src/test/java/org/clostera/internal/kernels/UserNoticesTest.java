package org.clostera.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

class UserNoticesTest {
    /** Records what a sink received, one "logger|message" string per call. */
    private static final class Recorder implements UserNotices.Sink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void warn(String loggerName, String message) {
            calls.add(loggerName + "|" + message);
        }
    }

    @Test
    void withoutAProviderEachKeyGoesToTheFallbackExactlyOnce() {
        Recorder slf4j = new Recorder();
        Recorder fallback = new Recorder();
        UserNotices notices = new UserNotices(() -> false, slf4j, fallback);

        assertThat(notices.warn("a.B", "hint", "enable the flag")).isTrue();
        assertThat(notices.warn("a.B", "hint", "enable the flag")).isFalse();
        assertThat(notices.warn("a.C", "hint", "another text, same key")).isFalse();
        assertThat(notices.warn("a.C", "other", "second notice")).isTrue();

        assertThat(fallback.calls).containsExactly("a.B|enable the flag", "a.C|second notice");
        assertThat(slf4j.calls).isEmpty();
    }

    @Test
    void withAProviderEachKeyGoesToSlf4jExactlyOnce() {
        Recorder slf4j = new Recorder();
        Recorder fallback = new Recorder();
        UserNotices notices = new UserNotices(() -> true, slf4j, fallback);

        notices.warn("a.B", "hint", "enable the flag");
        notices.warn("a.B", "hint", "enable the flag");

        assertThat(slf4j.calls).containsExactly("a.B|enable the flag");
        assertThat(fallback.calls).isEmpty();
    }

    @Test
    void onlyARealProviderOrADeliberateSlf4jNopRoutesToSlf4j() {
        // What slf4j-api hands out with no provider (2.x fallback, 1.7.x without a binding).
        assertThat(UserNotices.routesToSlf4j(new NOPLoggerFactory(), false)).isFalse();
        // slf4j-nop installed on purpose: the user chose silence.
        assertThat(UserNotices.routesToSlf4j(new NOPLoggerFactory(), true)).isTrue();
        // A provider still initialising may end up as the NOP fallback.
        assertThat(UserNotices.routesToSlf4j(new SubstituteLoggerFactory(), false)).isFalse();
        // This test JVM has slf4j-simple bound and no slf4j-nop: behaviour there stays as before.
        assertThat(LoggerFactory.getILoggerFactory()).isNotInstanceOf(NOPLoggerFactory.class);
        assertThat(UserNotices.routesToSlf4j(LoggerFactory.getILoggerFactory(), false)).isTrue();
        assertThat(UserNotices.slf4jProviderBound()).isTrue();
    }

    @Test
    void withTheNopFactoryTheHintReachesStderrThroughSystemLogger() {
        String loggerName = "org.clostera.test.UserNoticesTest.stderr";
        // Held strongly: java.util.logging keeps its loggers through weak references.
        Logger julLogger = Logger.getLogger(loggerName);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        Handler console;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            // The default java.util.logging set-up: a ConsoleHandler, which writes to System.err as it finds it.
            console = new ConsoleHandler();
        } finally {
            System.setErr(realErr);
        }
        julLogger.setUseParentHandlers(false);
        julLogger.addHandler(console);
        try {
            UserNotices notices = new UserNotices(
                    () -> UserNotices.routesToSlf4j(new NOPLoggerFactory(), false),
                    (name, message) -> fail("must not go to SLF4J: " + message),
                    UserNotices::toSystemLogger);
            notices.warn(loggerName, "kernels.vector-module", KernelsProvider.VECTOR_MODULE_HINT);
            notices.warn(loggerName, "kernels.vector-module", KernelsProvider.VECTOR_MODULE_HINT);
            console.flush();
        } finally {
            julLogger.removeHandler(console);
            julLogger.setUseParentHandlers(true);
            console.close();
        }

        String printed = stderr.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("WARNING: " + KernelsProvider.VECTOR_MODULE_HINT);
        assertThat(printed.indexOf(KernelsProvider.VECTOR_MODULE_HINT))
                .as("printed exactly once")
                .isEqualTo(printed.lastIndexOf(KernelsProvider.VECTOR_MODULE_HINT));
        assertThat(printed).contains("--add-modules jdk.incubator.vector");
    }

    @Test
    void systemLoggerSinkLogsAWarningUnderTheGivenName() {
        String loggerName = "org.clostera.test.UserNoticesTest.level";
        Logger julLogger = Logger.getLogger(loggerName);
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julLogger.setUseParentHandlers(false);
        julLogger.addHandler(capture);
        try {
            UserNotices.toSystemLogger(loggerName, "a {0} brace and 50% stay as written");
        } finally {
            julLogger.removeHandler(capture);
            julLogger.setUseParentHandlers(true);
        }
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getLoggerName()).isEqualTo(loggerName);
        assertThat(new SimpleFormatter().formatMessage(records.get(0)))
                .isEqualTo("a {0} brace and 50% stay as written");
    }
}
