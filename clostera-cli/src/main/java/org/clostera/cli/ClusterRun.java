package org.clostera.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.clostera.ClosteraException;
import org.clostera.Clusterer;
import org.clostera.Metric;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.KSelection;
import org.clostera.ClusteringModel;
import org.clostera.data.VectorSource;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.data.RamBudget;
import org.clostera.io.BudgetedSources;
import org.clostera.io.IoReasons;
import org.clostera.io.LabelSinks;
import org.clostera.io.OutputFileException;
import org.clostera.io.OpenOptions;
import org.clostera.io.store.MappedFileCodeStoreFactory;
import org.clostera.quantize.EncoderFiles;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.ReconstructionError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clusters the rows of an .npy file with {@link Clusterer}, writes the labels and builds the report. */
final class ClusterRun {
    /** Rows sampled for the reconstruction error in the report. */
    static final int RECONSTRUCTION_SAMPLE_ROWS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRun.class);

    /** Validated settings; null fields mean the library default. */
    record Settings(Integer k, AutoKMethod autoKMethod, int[] autoKCandidates, boolean fastest, Integer subquantizers, Integer codebookSize, Integer iterations,
            Integer opqIterations, Integer trainRows, long seed, int threads, boolean refinement, Integer refineRaw,
            Metric metric, Data data) {

        Settings withData(Data newData) {
            return new Settings(k, autoKMethod, autoKCandidates, fastest, subquantizers, codebookSize, iterations,
                    opqIterations, trainRows, seed, threads, refinement, refineRaw, metric, newData);
        }
    }

    /**
     * How the input is opened and where large data goes.
     *
     * @param open          columns / dim / batch size for the input reader
     * @param budget        memory budget, or null for unlimited
     * @param spillDir      directory for spilled codes, or null for the system temp directory
     * @param codesOutput   file to keep the codes in, or null
     * @param encoderOutput file to save the trained encoder to, or null
     * @param modelOutput   file to save the fitted model to ({@code --save-model}), or null
     */
    record Data(OpenOptions open, RamBudget budget, Path spillDir, Path codesOutput, Path encoderOutput,
                Path modelOutput) {
        static final Data DEFAULTS = new Data(OpenOptions.defaults(), null, null, null, null, null);

        boolean needsFileStore() {
            return budget != null || codesOutput != null;
        }

        /** Where spill files go: the given folder or the system temp folder. */
        Path spillDirectory() {
            return spillDir != null ? spillDir : Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    private ClusterRun() {
    }

    /**
     * Clusters {@code input} (float .npy, N x D), writes the labels to {@code output} (int32 .npy,
     * temporary name then rename) and returns the report.
     */
    static ClusterReport run(Path input, Path output, Settings settings, ProgressListener progress) throws IOException {
        return run(input, output, settings, progress, option -> null);
    }

    /**
     * Like {@link #run(Path, Path, Settings, ProgressListener)}, but each output goes to
     * {@code staging.apply(option)} ({@code --output}, {@code --codes-output}, {@code --encoder-output}) when
     * ({@code --save-model}) that is not null, for the caller to rename into place together; the report still names the real paths.
     */
    static ClusterReport run(Path input, Path output, Settings settings, ProgressListener progress,
                             Function<String, Path> staging) throws IOException {
        long start = System.nanoTime();
        Data data = settings.data() == null ? Data.DEFAULTS : settings.data();
        Path labelsPath = orElse(staging.apply("--output"), output);
        Path codesPath = orElse(staging.apply("--codes-output"), data.codesOutput());
        Path encoderPath = orElse(staging.apply("--encoder-output"), data.encoderOutput());
        Path modelPath = orElse(staging.apply("--save-model"), data.modelOutput());
        try (VectorSource source = BudgetedSources.open(input, data.open(), data.budget())) {
            LOG.info("clustering {}: {} rows x {} dimensions into {} clusters", input, source.rows(), source.dim(),
                    settings.k() == null ? "auto" : settings.k());
            Clusterer clusterer = builder(settings, data, codesPath, progress).build();
            ClusteringModel model = clusterer.fit(source, LabelSinks.create(output, labelsPath, source.rows()));
            ClusteringModel.Timings timings = model.timings();

            long writeStart = System.nanoTime();
            if (encoderPath != null) {
                save(() -> EncoderFiles.save(model.encoder(), encoderPath), data.encoderOutput());
            }
            if (modelPath != null) {
                save(() -> model.save(modelPath), data.modelOutput());
            }
            double writeSeconds = seconds(System.nanoTime() - writeStart);

            long mseStart = System.nanoTime();
            int sampleRows = (int) Math.min(RECONSTRUCTION_SAMPLE_ROWS, source.rows());
            double mse = ReconstructionError.meanSquaredError(model.encoder(), source, sampleRows, settings.seed());
            double mseSeconds = seconds(System.nanoTime() - mseStart);

            Encoder encoder = model.encoder();
            Clusterer.Config config = clusterer.config();
            double[] inertia = model.inertiaHistory();
            int iterationsRun = model.iterationsRun();
            KSelection selection = model.kSelection();
            double[] rawErrors = model.rawErrorHistory();
            // The mode is what was trained, not what was asked: OPQ when the coding space is rotated.
            boolean rotated = encoder.rotated();
            ClusterReport.Timings reportTimings = new ClusterReport.Timings(
                    timings.trainSeconds(),
                    rotated ? timings.rotationSeconds() : null,
                    timings.encodeSeconds(),
                    timings.clusterSeconds(),
                    selection == null ? null : timings.autoKSeconds(),
                    timings.seedingSeconds(),
                    timings.refineSeconds(),
                    rawErrors.length > 0 ? timings.rawRefineSeconds() : null,
                    timings.totalSeconds(),
                    writeSeconds,
                    mseSeconds,
                    seconds(System.nanoTime() - start));
            return new ClusterReport(
                    input.toString(),
                    output.toString(),
                    source.rows(),
                    source.dim(),
                    model.k(),
                    rotated ? "opq" : "pq",
                    encoder.subquantizers(),
                    encoder.codebookSize(),
                    rotated ? config.encoder().opqIterations() : null,
                    (int) Math.min(config.encoder().trainRows(), source.rows()),
                    config.kmeans().iterations(),
                    iterationsRun,
                    config.seed(),
                    config.threads(),
                    KernelsProvider.get().name(),
                    reportTimings,
                    mse,
                    sampleRows,
                    inertia,
                    model.prunedFractionHistory(),
                    inertia.length == 0 ? Double.NaN : inertia[inertia.length - 1],
                    model.clusterSizes(),
                    timings.encodeSeconds() > 0 ? source.rows() / timings.encodeSeconds() : 0,
                    iterationsRun > 0 ? 1000 * timings.lloydSeconds() / iterationsRun : 0,
                    model.refinementMoves(),
                    rawErrors.length > 0 ? rawErrors : null,
                    VersionProvider.version(),
                    Runtime.version().toString(),
                    selection == null ? null : model.k(),
                    selection == null ? null : selection.toMap(),
                    data.budget() == null ? null : data.budget().bytes(),
                    model.metric().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Runs a library save, turning an I/O failure into one naming the user's path. */
    private static void save(Runnable save, Path userPath) {
        try {
            save.run();
        } catch (ClosteraException e) {
            if (e.getCause() instanceof IOException io) {
                throw new OutputFileException(userPath, IoReasons.reason(io), e);
            }
            throw e;
        }
    }

    private static Path orElse(Path staged, Path path) {
        return staged != null ? staged : path;
    }

    private static Clusterer.Builder builder(Settings s, Data data, Path codesPath, ProgressListener progress) {
        Clusterer.Builder builder = Clusterer.builder()
                .k(s.k())
                .fastest(s.fastest())
                .seed(s.seed())
                .threads(s.threads())
                .refinement(s.refinement())
                .metric(s.metric() == null ? Metric.L2 : s.metric())
                .progressListener(progress);
        if (s.refineRaw() != null) {
            builder.rawRefinementIterations(s.refineRaw());
        }
        if (data.budget() != null) {
            builder.ramBudget(data.budget());
        }
        if (data.needsFileStore()) {
            builder.codeStoreFactory(new MappedFileCodeStoreFactory(data.spillDirectory()));
        }
        if (codesPath != null) {
            builder.codesOutputPath(codesPath);
        }
        if (s.autoKMethod() != null) {
            builder.autoKMethod(s.autoKMethod());
        }
        if (s.autoKCandidates() != null) {
            builder.autoKCandidates(s.autoKCandidates());
        }
        if (s.subquantizers() != null) {
            builder.subquantizers(s.subquantizers());
        }
        if (s.codebookSize() != null) {
            builder.codebookSize(s.codebookSize());
        }
        if (s.iterations() != null) {
            builder.iterations(s.iterations());
        }
        if (s.opqIterations() != null) {
            builder.opqIterations(s.opqIterations());
        }
        if (s.trainRows() != null) {
            builder.trainRows(s.trainRows());
        }
        return builder;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
