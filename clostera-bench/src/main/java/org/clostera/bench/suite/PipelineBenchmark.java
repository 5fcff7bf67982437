package org.clostera.bench.suite;

import static org.clostera.bench.BenchSupport.materialise;
import static org.clostera.bench.BenchSupport.parse;
import static org.clostera.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clostera.ProgressListener;
import org.clostera.cluster.PQKMeans;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.VectorSource;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.metrics.ClusteringMetrics;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.ReconstructionError;

/**
 * End-to-end pipeline benchmark of the fastest path (plain PQ + code-space k-means) on a generated
 * dataset held in memory: training time, encoding throughput (median of repeats), k-means time per
 * iteration (median over iterations, seeding excluded), and quality against the generated labels.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp clostera-bench/target/benchmarks.jar \
 *   org.clostera.bench.suite.PipelineBenchmark --distribution block_mixed --rows 200000 --dim 2048 \
 *   --clusters 64 --subquantizers 64 --codebook-size 64 --threads 2 --output benchmarks/results/pipeline.json
 * </pre>
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = parse(args);
        Distribution distribution = Distribution.fromCliName(opts.getOrDefault("distribution", "block_mixed"));
        long rows = Long.parseLong(opts.getOrDefault("rows", "200000"));
        int dim = Integer.parseInt(opts.getOrDefault("dim", "2048"));
        int clusters = Integer.parseInt(opts.getOrDefault("clusters", "64"));
        int k = Integer.parseInt(opts.getOrDefault("k", String.valueOf(clusters)));
        int m = Integer.parseInt(opts.getOrDefault("subquantizers", "64"));
        int ks = Integer.parseInt(opts.getOrDefault("codebook-size", "64"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
        int trainRows = Integer.parseInt(opts.getOrDefault("train-rows", "32768"));
        int iterations = Integer.parseInt(opts.getOrDefault("iterations", "20"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "0"));
        double separation = Double.parseDouble(opts.getOrDefault("separation", "1"));
        long lookupTableBytes = Long.parseLong(opts.getOrDefault("lookup-table-bytes",
                String.valueOf(CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES)));
        String output = opts.get("output");
        String refinement = opts.getOrDefault("refinement", "on");
        if (!List.of("on", "off", "both").contains(refinement)) {
            throw new IllegalArgumentException("--refinement must be on, off or both, got " + refinement);
        }

        SyntheticDataset dataset = SyntheticDataset.builder().distribution(distribution).rows(rows).dim(dim)
                .clusters(clusters).seed(seed).separation(separation).build();
        float[] data = materialise(dataset, threads);
        int[] truth = new int[(int) rows];
        dataset.labels(0, (int) rows, truth);
        VectorSource source = ArrayVectorSource.of(data, dim);

        long t0 = System.nanoTime();
        PQEncoder encoder = PQEncoder.builder().subquantizers(m).codebookSize(ks).trainRows(trainRows)
                .seed(seed).threads(threads).fit(source);
        double trainSeconds = seconds(t0);

        double[] encodeSeconds = new double[repeats];
        HeapCodeStore codes = null;
        for (int r = 0; r < repeats; r++) {
            codes = new HeapCodeStore(rows, m);
            long start = System.nanoTime();
            encoder.encode(source, codes, ProgressListener.NONE);
            encodeSeconds[r] = seconds(start);
        }
        double encodeMedian = median(encodeSeconds);

        // With --refinement both: off, on, off, on in one JVM (so JIT warm-up does not favour either), figures of
        // every fit in "cluster_stages"; the rest of the report comes from the last fit.
        List<Map<String, Object>> stages = new ArrayList<>();
        IterationClock clock = null;
        PQKMeans kmeans = null;
        double clusterSeconds = 0;
        List<Boolean> runs = switch (refinement) {
            case "both" -> List.of(false, true, false, true);
            case "off" -> List.of(false);
            default -> List.of(true);
        };
        for (boolean refine : runs) {
            clock = new IterationClock();
            long c0 = System.nanoTime();
            kmeans = PQKMeans.builder().k(k).encoder(encoder).iterations(iterations).tolerance(0)
                    .seed(seed).threads(threads).lookupTableBytes(lookupTableBytes).refinement(refine)
                    .progressListener(clock).build().fit(codes);
            clusterSeconds = seconds(c0);
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("refinement", refine);
            stage.put("cluster_s", clusterSeconds);
            stage.put("seeding_s", kmeans.seedingSeconds());
            stage.put("refine_s", kmeans.refineSeconds());
            stage.put("refinement_moves", kmeans.refinementMoves());
            stage.put("iterations_run", kmeans.iterationsRun());
            stage.put("inertia", kmeans.inertia());
            stage.put("purity", ClusteringMetrics.evaluate(truth, kmeans.labels()).purity());
            stages.add(stage);
        }
        // An assignment pass alone, repeated, for a per-iteration figure even when k-means converges early.
        double[] passSeconds = assignmentPasses(codes, encoder, kmeans, threads, repeats);

        ClusteringMetrics.Report quality = ClusteringMetrics.evaluate(truth, kmeans.labels());
        double mse = ReconstructionError.meanSquaredError(encoder, source, 10_000, seed);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "pipeline-pq");
        report.put("machine", machine());
        report.put("kernels", KernelsProvider.get().name());
        report.put("distribution", distribution.cliName());
        report.put("separation", separation);
        report.put("rows", rows);
        report.put("dim", dim);
        report.put("clusters", clusters);
        report.put("k", k);
        report.put("subquantizers", m);
        report.put("codebook_size", ks);
        report.put("threads", threads);
        report.put("lookup_table_bytes", lookupTableBytes);
        report.put("train_rows", trainRows);
        report.put("train_s", trainSeconds);
        report.put("encode_s", Arrays.stream(encodeSeconds).boxed().toList());
        report.put("encode_vectors_per_s_median", rows / encodeMedian);
        report.put("refinement", refinement);
        report.put("cluster_stages", stages);
        report.put("kmeans_total_s", clusterSeconds);
        report.put("kmeans_iterations_run", kmeans.iterationsRun());
        report.put("kmeans_iteration_ms", clock.intervalsMillis());
        report.put("kmeans_iteration_ms_median", median(clock.intervalsMillis().stream()
                .mapToDouble(Double::doubleValue).toArray()));
        report.put("assignment_pass_ms", Arrays.stream(passSeconds).map(s -> s * 1000).boxed().toList());
        report.put("assignment_pass_ms_median", median(passSeconds) * 1000);
        report.put("ns_per_code_per_core", median(passSeconds) * 1e9 * threads / rows);
        report.put("reconstruction_mse", mse);
        report.put("purity", quality.purity());
        report.put("nmi", quality.normalizedMutualInformation());
        report.put("ari", quality.adjustedRandIndex());

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = json.writeValueAsString(report);
        System.out.println(text);
        if (output != null) {
            Path out = Path.of(output);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static double[] assignmentPasses(HeapCodeStore codes, Encoder encoder, PQKMeans kmeans, int threads,
                                             int repeats) {
        double[] seconds = new double[repeats];
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                CodeSpaceKMeans.predict(codes, encoder, kmeans.codingSpaceCenters(), kmeans.k(),
                        kmeans.kmeansSettings().lookupTableBytes(), pool);
                seconds[r] = seconds(start);
            }
        }
        return seconds;
    }

    /** Records the time between successive k-means iterations (the first interval includes no seeding). */
    private static final class IterationClock implements ProgressListener {
        private final List<Double> intervals = new ArrayList<>();
        private long last = -1;

        @Override
        public synchronized void onProgress(String stage, long done, long total) {
            long now = System.nanoTime();
            if (last >= 0) {
                intervals.add((now - last) / 1e6);
            }
            last = now;
        }

        synchronized List<Double> intervalsMillis() {
            return List.copyOf(intervals);
        }
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%s %s, %d cpus, java %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
