package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clostera evaluate --labels PRED.npy --truth TRUTH.npy [--vectors FILE]}: external clustering metrics
 * as JSON, and with the vectors the raw-space k-means objective of both partitions.
 */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Compares predicted cluster labels with true labels and prints purity, NMI, ARI, V-measure, "
                + "homogeneity and completeness as JSON. Both files: integer .npy vectors of the same length. "
                + "With --vectors also the SSE per dimension of the predicted and of the true partition in the raw "
                + "space (each cluster's squared distances to its mean, over rows x dim) and their ratio.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "PRED.npy", description = "Predicted labels (.npy, int32/int64).")
    Path labels;

    @Option(names = "--truth", required = true, paramLabel = "TRUTH.npy", description = "True labels (.npy, int32/int64).")
    Path truth;

    @Option(names = "--vectors", paramLabel = "FILE",
            description = "The clustered vectors (.npy, parquet file or folder, .fvecs/.bvecs), one row per label: adds "
                    + "sse_per_dim, true_sse_per_dim and sse_ratio.")
    Path vectors;

    @Override
    public Integer call() throws IOException {
        Evaluation result = Evaluation.of(labels, truth, vectors);
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.toJson(result));
        out.flush();
        return ExitCodes.OK;
    }
}
