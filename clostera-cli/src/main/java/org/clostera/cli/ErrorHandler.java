package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.io.IoReasons;
import org.clostera.io.OutputFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr ({@code clostera: error: ...}) and an exit code
 * ({@link ExitCodes}). Stack traces only with {@code --verbose} or {@code CLOSTERA_DEBUG=1}.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String PREFIX = "clostera: error: ";
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private final BooleanSupplier showStackTraces;

    ErrorHandler(BooleanSupplier showStackTraces) {
        this.showStackTraces = showStackTraces;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String help = "see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
        err.println(PREFIX + oneLine(ex.getMessage()) + " (" + help + ")");
        printTrace(err, ex);
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + (ex instanceof RunFailure ? oneLine(ex.getMessage()) : describe(ex)));
        printTrace(err, ex);
        err.flush();
        return exitCode(ex);
    }

    /**
     * The exit code for an exception thrown by a command: 2 bad option value, 3 bad data or an unusable
     * input/output path (every I/O failure), 1 only for what must be a bug (or out of memory).
     */
    static int exitCode(Throwable thrown) {
        if (thrown instanceof RunFailure f) {
            return f.exitCode();
        }
        Throwable ex = unwrap(thrown);
        if (ex instanceof InvalidParameterException || ex instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof InvalidDataException || ex instanceof OutputFileException || ioCause(ex) != null) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    /** The one-line message for an exception: the user's paths and the reason in words, no class names. */
    static String describe(Throwable thrown) {
        Throwable ex = unwrap(thrown);
        if (ex instanceof ClosteraException || ex instanceof ParameterException) {
            String message = oneLine(ex.getMessage());
            IOException io = ioCause(ex.getCause());
            if (io != null) {
                // Writers append the exception itself ("...: java.nio.file.AccessDeniedException: /x"): say why instead.
                message = message.replace(oneLine(io.toString()), IoReasons.reason(io));
            }
            return withoutClassNames(message);
        }
        if (ex instanceof FileSystemException e && e.getFile() != null) {
            return "cannot use " + e.getFile() + (e.getOtherFile() != null ? " or " + e.getOtherFile() : "") + ": "
                    + IoReasons.reason(e);
        }
        if (ex instanceof IOException e) {
            return withoutClassNames(IoReasons.reason(e));
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (e.g. JAVA_OPTS=-Xmx16g) or use fewer rows";
        }
        if (ex instanceof StackOverflowError) {
            return "internal error: stack overflow (set " + Logging.DEBUG_ENV + "=1 for the stack trace)";
        }
        return "internal error: " + ex.getClass().getName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                + " (set " + Logging.DEBUG_ENV + "=1 for the stack trace)";
    }

    /** Looks through the wrappers that carry no message of their own (concurrency, unchecked I/O). */
    private static Throwable unwrap(Throwable ex) {
        Throwable e = ex;
        while (e.getCause() != null && e.getCause() != e
                && (e instanceof UncheckedIOException || e instanceof CompletionException
                || e instanceof ExecutionException || e instanceof InvocationTargetException
                || e.getClass() == RuntimeException.class)) {
            e = e.getCause();
        }
        return e;
    }

    /** The first I/O exception in the cause chain (the thrown one included), or null. */
    private static IOException ioCause(Throwable ex) {
        for (Throwable e = ex; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** Drops fully qualified exception class names ("java.nio.file.NoSuchFileException: ") from a message. */
    static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("");
    }

    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private void printTrace(PrintWriter err, Throwable ex) {
        if (showStackTraces.getAsBoolean()) {
            ex.printStackTrace(err);
        }
    }
}
