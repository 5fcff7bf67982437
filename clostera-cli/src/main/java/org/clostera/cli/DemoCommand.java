package org.clostera.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.clostera.ProgressListener;
import org.clostera.io.synthetic.Distribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clostera demo}: generate a synthetic dataset, cluster it, evaluate against the truth, print
 * the report and the metrics. Temporary files are removed unless {@code --output} keeps them.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Generates a synthetic dataset, clusters it with K chosen from the data (--k auto, unless --k "
                + "gives one) and scores the clusters against the true labels. Defaults run in well under a minute on "
                + "two cores (block_mixed 50,000 x 256, 32 true clusters, Ks 64).")
final class DemoCommand implements Callable<Integer> {
    /** Ks unless --codebook-size says otherwise: 64 codewords train several times faster than 256. */
    static final int DEMO_CODEBOOK_SIZE = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--distribution", paramLabel = "NAME", converter = DistributionConverter.class,
            completionCandidates = DistributionConverter.Names.class, defaultValue = "block_mixed",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Distribution distribution;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "50000", description = "Rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "256", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--clusters", paramLabel = "C", defaultValue = "32",
            description = "True clusters of the generated data (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--k", paramLabel = "K", defaultValue = "auto", converter = KValue.Converter.class,
            description = "Clusters to find: an integer, or 'auto' to choose K from the data (default: "
                    + "${DEFAULT-VALUE}).")
    KValue k;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Keep the dataset, labels and report in DIR (default: a temporary directory, removed).")
    Path output;

    /** What the demo prints after the summary: the cluster report and the metrics. */
    @JsonPropertyOrder({"report", "metrics"})
    record Result(@JsonProperty("report") ClusterReport report, @JsonProperty("metrics") Evaluation metrics) {
    }

    @Override
    public Integer call() throws IOException {
        GenerateCommand.DatasetSpec dataset =
                GenerateCommand.dataset(spec, distribution, rows, dim, clusters, seed);
        if (clusterOptions.codebookSize == null) {
            clusterOptions.codebookSize = DEMO_CODEBOOK_SIZE;
        }
        ClusterRun.Settings settings =
                ClusterCommand.settings(spec, k, clusterOptions, seed, threads);
        boolean temporary = output == null;
        Path dir = temporary ? Files.createTempDirectory("clostera-demo-") : output;
        PrintWriter out = spec.commandLine().getOut();
        try {
            ProgressListener progress = ConsoleProgress.create(false);
            DatasetWriter.Files files;
            ClusterReport report;
            long start = System.nanoTime();
            try {
                files = DatasetWriter.write(dataset, settings.threads(), dir, progress);
                out.println(String.format(Locale.ROOT, "generated %s: %,d x %d, %d clusters in %.2f s",
                        distribution, rows, dim, clusters, (System.nanoTime() - start) / 1e9));
                out.flush();
                report = ClusterRun.run(files.vectors(), dir.resolve("predicted.npy"), settings, progress);
            } finally {
                ConsoleProgress.finish(progress);
            }
            Summary.print(out, report);
            Evaluation metrics = Evaluation.of(dir.resolve("predicted.npy"), files.labels());
            out.println(String.format(Locale.ROOT, "  purity %.4f, NMI %.4f, ARI %.4f, V-measure %.4f",
                    metrics.purity(), metrics.nmi(), metrics.ari(), metrics.vMeasure()));
            Result result = new Result(report, metrics);
            if (!temporary) {
                Json.write(dir.resolve("report.json"), result);
                out.println("files kept in " + dir);
            }
            out.println(Json.toJson(result));
            out.println(finalLine(report, clusters));
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    /** The line the demo ends with: the K it clustered into, and how that K came about. */
    static String finalLine(ClusterReport report, int trueClusters) {
        String selection = Summary.kSelection(report);
        String truth = "the data has " + trueClusters + " true clusters";
        return selection != null ? selection.replaceFirst(" \\(", " (" + truth + "; ")
                : "K = " + report.k() + " given with --k (" + truth + ")";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
