package org.clostera.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.clostera.ClusteringModel;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;
import org.clostera.io.BudgetedSources;
import org.clostera.io.LabelSinks;
import org.clostera.io.OpenOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clostera predict --model MODEL INPUT --output LABELS}: labels new rows with a saved model. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Assigns every row of a vector file to the nearest cluster of a model saved by 'clostera cluster "
                + "--save-model', streamed in batches (any row count). The rows a model was fitted on get the labels "
                + "the fit gave them. Inputs: every format 'cluster' reads.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model file written by 'clostera cluster --save-model'.")
    Path model;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Input vectors: .npy (N, D) in C order, a parquet "
            + "file or folder, .fvecs/.bvecs, or raw float32 (.f32/.bin/.raw, needs --dim); D must be the model's.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "LABELS.npy",
            description = "Where to write the labels: int32 .npy, shape (N,), .parquet (one INT32 column 'label') or "
                    + ".csv (a header line 'label', one label per line). Written under a temporary name and renamed "
                    + "when complete; missing folders are created; an output that names an input is refused.")
    Path output;

    @Mixin
    InputOptions inputOptions;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() {
        int threadCount = Checks.threads(spec, threads);
        OpenOptions open = inputOptions.validate(spec);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--output", output);
        // A clash first: an output naming the model is refused as such, whatever its extension.
        String clash = OutputClashes.find(input, Map.of("--model", model), outputs, null);
        if (clash != null) {
            throw new ParameterException(spec.commandLine(), clash);
        }
        try {
            LabelSinks.requireSupportedName(output);
        } catch (InvalidParameterException e) {
            throw new ParameterException(spec.commandLine(), "--output: " + e.getMessage());
        }
        InputFiles.requireReadable(model, "model file");
        InputFiles.requireReadableFileOrDirectory(input, "input file");
        long start = System.nanoTime();
        ClusteringModel fitted = ClusteringModel.load(model, threadCount);
        RunOutputs run = RunOutputs.of(outputs, null);
        long rows;
        int dim;
        try {
            run.open();
            try (VectorSource source = BudgetedSources.open(input, open, null)) {
                rows = source.rows();
                dim = source.dim();
                fitted.predict(source, LabelSinks.create(output, run.stage("--output"), rows));
            }
            run.commit();
        } catch (RuntimeException | Error e) {
            run.rollback();
            throw new RunFailure(run.userMessage(ErrorHandler.describe(e)), ErrorHandler.exitCode(e), e);
        }
        if (!quiet) {
            double seconds = (System.nanoTime() - start) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "predicted %,d x %d into %d clusters in %.2f s (%,.0f rows/s; "
                            + "model %s: %s, M=%d, Ks=%d)", rows, dim, fitted.k(), seconds,
                    seconds > 0 ? rows / seconds : 0, model, fitted.encoder().rotated() ? "opq" : "pq",
                    fitted.encoder().subquantizers(), fitted.encoder().codebookSize()));
            out.println("labels: " + output);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
