package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.io.IoReasons;
import org.clostera.io.LabelSinks;
import org.clostera.io.OutputFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clostera cluster INPUT --k K --output LABELS.npy [--save-model MODEL] [--report REPORT.json]}. */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Clusters the rows of a vector file (N x D) into K clusters and writes one int32 label per row. "
                + "Inputs: .npy (float32/float64), parquet (a file or a folder of part files; a list column or "
                + "numeric columns), .fvecs/.bvecs, raw little-endian float32 (.f32/.bin/.raw with --dim). "
                + "Default: OPQ encoder (learned rotation + PQ); --fastest: plain PQ.")
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Input vectors: .npy (N, D) in C order, a parquet "
            + "file or folder, .fvecs/.bvecs, or raw float32 (.f32/.bin/.raw, needs --dim).")
    Path input;

    @Option(names = "--k", required = true, paramLabel = "K", converter = KValue.Converter.class,
            description = "Number of clusters: an integer >= 1, or 'auto' to choose K from the data "
                    + "(scored on a sample of the codes; see --auto-k-method, --auto-k-candidates).")
    KValue k;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--output", required = true, paramLabel = "LABELS.npy",
            description = "Where to write the labels: int32 .npy, shape (N,), .parquet (one INT32 column "
                    + "'label') or .csv (a header line 'label', one label per line). Every output of the run is written under a temporary name and renamed only "
                    + "when all are complete; an output that names an input (or another output) is refused.")
    Path output;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "Also write a JSON report of the run.")
    Path report;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success (no summary, no progress).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        ClusterRun.Settings settings = settings(spec, k, clusterOptions, seed, threads);
        InputFiles.requireReadableFileOrDirectory(input, "input file");
        settings = settings.withData(dataOptions.validate(spec));
        ClusterRun.Data data = settings.data();
        try {
            LabelSinks.requireSupportedName(output);
        } catch (InvalidParameterException e) {
            throw new ParameterException(spec.commandLine(), "--output: " + e.getMessage());
        }
        Map<String, Path> outputPaths = new LinkedHashMap<>();
        outputPaths.put("--output", output);
        outputPaths.put("--report", report);
        outputPaths.put("--codes-output", data.codesOutput());
        outputPaths.put("--encoder-output", data.encoderOutput());
        outputPaths.put("--save-model", data.modelOutput());
        String clash = OutputClashes.find(input, outputPaths, data.spillDir());
        if (clash != null) {
            throw new ParameterException(spec.commandLine(), clash);
        }
        RunOutputs outputs = RunOutputs.of(outputPaths, data.needsFileStore() ? data.spillDirectory() : null);
        ClusterReport result;
        try {
            outputs.open();
            result = runAndCommit(settings, outputs);
        } catch (RuntimeException | IOException | Error e) {
            outputs.rollback();
            throw new RunFailure(outputs.userMessage(ErrorHandler.describe(e)), ErrorHandler.exitCode(e), e);
        }
        if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            Summary.print(out, result);
            out.println("labels: " + output);
            if (data.modelOutput() != null) {
                out.println("model: " + data.modelOutput());
            }
            if (report != null) {
                out.println("report: " + report);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Runs the fit writing every output to its staged name, then commits them all. */
    private ClusterReport runAndCommit(ClusterRun.Settings settings, RunOutputs outputs) throws IOException {
        ProgressListener progress = ConsoleProgress.create(quiet);
        ClusterReport result;
        try {
            result = ClusterRun.run(input, output, settings, progress, outputs::stage);
        } finally {
            ConsoleProgress.finish(progress);
        }
        if (report != null) {
            Path stage = outputs.stage("--report");
            try {
                Files.writeString(stage, Json.toJson(result) + System.lineSeparator());
            } catch (IOException e) {
                throw new OutputFileException(report, IoReasons.reason(e), e);
            }
        }
        outputs.commit();
        return result;
    }

    /** Validated settings from the command-line values (usage errors before any work). */
    static ClusterRun.Settings settings(CommandSpec spec, KValue k, ClusterOptions options, long seed, Integer threads) {
        options.validate(spec);
        if (!k.isAuto() && (options.autoKMethod != null || options.autoKCandidates != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--auto-k-method and --auto-k-candidates need --k auto");
        }
        int threadCount = Checks.threads(spec, threads);
        return new ClusterRun.Settings(k.clusters(), options.autoKMethod(spec), options.autoKCandidates(spec),
                options.fastest, options.subquantizers, options.codebookSize,
                options.iterations, options.opqIterations, options.trainRows, seed, threadCount, options.refinement,
                options.refineRawIterations(spec), options.metric(spec), null);
    }
}
