package org.clostera.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code clostera} command: {@code generate}, {@code cluster}, {@code predict}, {@code evaluate}, {@code demo}.
 * Exit codes are in {@link ExitCodes}; every error is one line on stderr.
 */
@Command(name = "clostera",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Clusters huge collections of high-dimensional float vectors on one machine: product "
                + "quantization (PQ or OPQ) compresses the vectors, then k-means runs on the codes.",
        subcommands = {
            GenerateCommand.class,
            ClusterCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 a bug, 2 bad usage (incl. an output naming an input), "
                + "3 bad input data or an unusable input/output path.",
            "Run 'clostera COMMAND --help' for the options of a command."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what happens (info level) and print stack traces on errors."
                    + " CLOSTERA_DEBUG=1 does the same with debug logging.")
    boolean verbose;

    /** No command given: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: one of generate, cluster, predict, evaluate, demo");
    }

    /** A fully configured command line (error handlers, exit codes); tests run it in-process. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        ErrorHandler errors = new ErrorHandler(() -> main.verbose || Logging.debugFromEnvironment());
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    /** Runs the command with the given arguments and returns its exit code. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Errors bypass picocli's exception handler; keep the one-line promise for the likely one.
            commandLine.getErr().println(ErrorHandler.PREFIX + ErrorHandler.describe(e));
            commandLine.getErr().flush();
            return ExitCodes.FAILURE;
        }
    }

    public static void main(String[] args) {
        // Before anything creates a logger: slf4j-simple reads its configuration once.
        Logging.configure(Logging.verboseRequested(Arrays.asList(args)), Logging.debugFromEnvironment());
        System.exit(run(args));
    }
}
