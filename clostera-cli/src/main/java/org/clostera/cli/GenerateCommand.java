package org.clostera.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.io.synthetic.SyntheticWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--separation", paramLabel = "S", defaultValue = "1.0",
            description = "Scales the distance between cluster centers: about S x (8 + 1.5 sqrt(D)) noise standard "
                    + "deviations apart; 1 is easy, below 1 harder, at 5 / (8 + 1.5 sqrt(D)) barely separable "
                    + "(default: ${DEFAULT-VALUE}).")
    double separation;

    @Option(names = "--size-concentration", paramLabel = "A",
            description = "Draws the cluster sizes from a symmetric Dirichlet with concentration A (1: flat; below 1: "
                    + "a few large clusters and many small ones) instead of sizes up to 3x apart.")
    Double sizeConcentration;

    @Option(names = "--min-cluster-fraction", paramLabel = "F",
            description = "With --size-concentration: the smallest cluster's share of the rows (default: "
                    + "min(0.002, 0.5 / K)).")
    Double minClusterFraction;

    @Option(names = "--correlated-noise", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of the noise variance, in [0, 1), in a random per-cluster low-rank factor, so that "
                    + "clusters are elongated along --noise-rank directions (default: ${DEFAULT-VALUE}, off).")
    double correlatedNoise;

    @Option(names = "--noise-rank", paramLabel = "R", defaultValue = "8",
            description = "Rank of the correlated noise factor, 1..min(D, 256) (default: ${DEFAULT-VALUE}).")
    int noiseRank;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        DatasetSpec dataset = dataset(spec, new DatasetSpec(distribution, rows, dim, clusters, seed, separation,
                sizeConcentration, minClusterFraction, correlatedNoise, noiseRank));
        requireSpace(spec, output, SyntheticWriter.outputBytes(rows, dim));
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

    /** Validated dataset parameters with the default shape (usage errors before any work). */
    static DatasetSpec dataset(CommandSpec spec, Distribution distribution, long rows, int dim, int clusters, long seed) {
        return dataset(spec, new DatasetSpec(distribution, rows, dim, clusters, seed, 1.0, null, null, 0, 8));
    }

    /**
     * Checks every parameter (usage errors, exit 2, before any file or folder is created): the ranges, the
     * file size (rows x dim must fit in a file), and the generator's own checks.
     */
    static DatasetSpec dataset(CommandSpec spec, DatasetSpec dataset) {
        Checks.atLeast(spec, "--rows", dataset.rows(), 1);
        Checks.atLeast(spec, "--dim", dataset.dim(), 1);
        Checks.atLeast(spec, "--clusters", dataset.clusters(), 1);
        if (dataset.clusters() > dataset.rows()) {
            throw new ParameterException(spec.commandLine(),
                    "--clusters (" + dataset.clusters() + ") must not exceed --rows (" + dataset.rows() + ")");
        }
        if (!(dataset.separation() > 0) || Double.isInfinite(dataset.separation())) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--separation': must be a "
                    + "finite number > 0, got " + dataset.separation());
        }
        if (dataset.minClusterFraction() != null && dataset.sizeConcentration() == null) {
            throw new ParameterException(spec.commandLine(), "--min-cluster-fraction needs --size-concentration");
        }
        if (!(dataset.correlatedNoise() >= 0 && dataset.correlatedNoise() < 1)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--correlated-noise': must be "
                    + "in [0, 1), got " + dataset.correlatedNoise());
        }
        try {
            SyntheticWriter.outputBytes(dataset.rows(), dataset.dim());
            dataset.toSynthetic();
        } catch (InvalidParameterException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return dataset;
    }

    /** Rejects a dataset larger than the free space where {@code output} is (or would be) created. */
    static void requireSpace(CommandSpec spec, Path output, long bytes) throws IOException {
        Path existing = output.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (bytes > usable) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "the dataset needs %,d bytes (%s) but %s has %,d bytes free; use fewer --rows or a smaller --dim",
                    bytes, humanBytes(bytes), existing, usable));
        }
    }

    private static String humanBytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** What to generate; {@code sizeConcentration} null = the default sizes, {@code minClusterFraction} null = default. */
    record DatasetSpec(Distribution distribution, long rows, int dim, int clusters, long seed, double separation,
                       Double sizeConcentration, Double minClusterFraction, double correlatedNoise, int noiseRank) {

        /** The generator for these parameters (validates them). */
        SyntheticDataset toSynthetic() {
            SyntheticDataset.Builder builder = SyntheticDataset.builder()
                    .distribution(distribution)
                    .rows(rows)
                    .dim(dim)
                    .clusters(clusters)
                    .seed(seed)
                    .separation(separation)
                    .correlatedNoise(correlatedNoise, noiseRank);
            if (sizeConcentration != null) {
                builder.sizeConcentration(sizeConcentration);
            }
            if (minClusterFraction != null) {
                builder.minClusterFraction(minClusterFraction);
            }
            return builder.build();
        }
    }
}
