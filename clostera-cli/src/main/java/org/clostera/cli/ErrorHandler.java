package org.clostera.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
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
        err.println(PREFIX + describe(ex));
        printTrace(err, ex);
        err.flush();
        return exitCode(ex);
    }

    /** The exit code for an exception thrown by a command. */
    static int exitCode(Throwable ex) {
        if (ex instanceof InvalidParameterException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof InvalidDataException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    /** The one-line message for an exception. */
    static String describe(Throwable ex) {
        if (ex instanceof ClosteraException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return describe(ex.getCause());
        }
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof FileSystemException e) {
            return oneLine(e.getMessage());
        }
        if (ex instanceof FileNotFoundException || ex instanceof IOException) {
            return "I/O error: " + oneLine(ex.getMessage());
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (e.g. JAVA_OPTS=-Xmx16g) or use fewer rows";
        }
        return "internal error: " + ex.getClass().getName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                + " (set " + Logging.DEBUG_ENV + "=1 for the stack trace)";
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
