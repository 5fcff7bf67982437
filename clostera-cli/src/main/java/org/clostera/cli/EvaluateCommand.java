package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clostera evaluate --labels PRED.npy --truth TRUTH.npy}: external clustering metrics as JSON. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Compares predicted cluster labels with true labels and prints purity, NMI, ARI, V-measure, "
                + "homogeneity and completeness as JSON. Both files: integer .npy vectors of the same length.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "PRED.npy", description = "Predicted labels (.npy, int32/int64).")
    Path labels;

    @Option(names = "--truth", required = true, paramLabel = "TRUTH.npy", description = "True labels (.npy, int32/int64).")
    Path truth;

    @Override
    public Integer call() throws IOException {
        Evaluation result = Evaluation.of(labels, truth);
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.toJson(result));
        out.flush();
        return ExitCodes.OK;
    }
}
