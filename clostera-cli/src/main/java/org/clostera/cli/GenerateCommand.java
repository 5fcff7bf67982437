package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clostera.ProgressListener;
import org.clostera.io.synthetic.Distribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clostera generate}: a synthetic clustered dataset as {@code vectors.npy} + {@code labels.npy}. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes a synthetic clustered dataset: DIR/vectors.npy (float32, N x D) and DIR/labels.npy "
                + "(int32, N; the true cluster of each row). Deterministic for a seed, whatever the thread count; "
                + "streamed to disk, so N may exceed the RAM.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--distribution", paramLabel = "NAME", converter = DistributionConverter.class,
            completionCandidates = DistributionConverter.Names.class, defaultValue = "gaussian",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Distribution distribution;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "Number of rows.")
    long rows;

    @Option(names = "--dim", required = true, paramLabel = "D", description = "Vector dimension.")
    int dim;

    @Option(names = "--clusters", required = true, paramLabel = "K", description = "Number of true clusters.")
    int clusters;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        DatasetSpec dataset = dataset(spec, distribution, rows, dim, clusters, seed);
        int threadCount = Checks.threads(spec, threads);
        ProgressListener progress = ConsoleProgress.create(quiet);
        long start = System.nanoTime();
        DatasetWriter.Files files;
        try {
            files = DatasetWriter.write(dataset, threadCount, output, progress);
        } finally {
            ConsoleProgress.finish(progress);
        }
        if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "generated %s: %,d x %d, %d clusters, seed %d in %.2f s",
                    distribution, rows, dim, clusters, seed, (System.nanoTime() - start) / 1e9));
            out.println("vectors: " + files.vectors());
            out.println("labels: " + files.labels());
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Validated dataset parameters (usage errors before any work). */
    static DatasetSpec dataset(CommandSpec spec, Distribution distribution, long rows, int dim, int clusters, long seed) {
        Checks.atLeast(spec, "--rows", rows, 1);
        Checks.atLeast(spec, "--dim", dim, 1);
        Checks.atLeast(spec, "--clusters", clusters, 1);
        if (clusters > rows) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--clusters (" + clusters + ") must not exceed --rows (" + rows + ")");
        }
        return new DatasetSpec(distribution, rows, dim, clusters, seed);
    }

    /** What to generate. */
    record DatasetSpec(Distribution distribution, long rows, int dim, int clusters, long seed) {
    }
}
