package org.clostera.bench.scale;

import static org.clostera.bench.BenchSupport.materialise;
import static org.clostera.bench.BenchSupport.parse;
import static org.clostera.bench.BenchSupport.processCpuNanos;
import static org.clostera.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.metrics.ClusteringMetrics;
import org.clostera.quantize.PQEncoder;

/**
 * The cost of the cluster stage as K grows (issue 12): one generated dataset, one PQ encoder and one set of
 * codes, then code-space k-means ({@link PQKMeans} with the library defaults unless an option says otherwise)
 * at every K of {@code --k-list}. Per K: seeding, refinement (the split/merge search on the sample and on all
 * codes), the main Lloyd run and its seconds per assignment pass, the whole stage, iterations, inertia and
 * purity against the generated labels. The first K is fitted once more before the timed fits, so the JIT warm-up
 * is not charged to it. JSON on stdout and in {@code --output}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp clostera-bench/target/benchmarks.jar \
 *   org.clostera.bench.scale.KSweep --distribution block_mixed --rows 200000 --dim 2048 --clusters 64 \
 *   --subquantizers 64 --codebook-size 64 --k-list 16,32,64,128,256 --threads 2 --label after \
 *   --output benchmarks/results/k-sweep-block_mixed-200k-2048-after.json
 * </pre>
 * Options: {@code --iterations} (default 20), {@code --tolerance} (default the library's),
 * {@code --refinement on|off} (default on), {@code --repeats} (fits per K, median stage reported; default 1),
 * {@code --seed}, {@code --separation}, {@code --train-rows}, {@code --seeding-only true} (time only the
 * seeding a fit would start from, {@link CodeSpaceKMeans#initialCenters}, and the earlier restarted one,
 * {@link CodeSpaceKMeans#restartedCenters}, up to {@code --restarted-max-k}), {@code --warmup false} (no
 * warm-up fit).
 */
public final class KSweep {
    private KSweep() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = parse(args);
        Distribution distribution = Distribution.fromCliName(opts.getOrDefault("distribution", "block_mixed"));
        long rows = Long.parseLong(opts.getOrDefault("rows", "200000"));
        int dim = Integer.parseInt(opts.getOrDefault("dim", "2048"));
        int clusters = Integer.parseInt(opts.getOrDefault("clusters", "64"));
        int m = Integer.parseInt(opts.getOrDefault("subquantizers", "64"));
        int ks = Integer.parseInt(opts.getOrDefault("codebook-size", "64"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        int trainRows = Integer.parseInt(opts.getOrDefault("train-rows", "32768"));
        int iterations = Integer.parseInt(opts.getOrDefault("iterations", "20"));
        double tolerance = Double.parseDouble(opts.getOrDefault("tolerance",
                String.valueOf(CodeSpaceKMeans.Options.DEFAULT_TOLERANCE)));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "1"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "0"));
        double separation = Double.parseDouble(opts.getOrDefault("separation", "1"));
        boolean refinement = !"off".equals(opts.getOrDefault("refinement", "on"));
        int[] kList = Arrays.stream(opts.getOrDefault("k-list", "16,32,64,128,256").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();

        long t0 = System.nanoTime();
        SyntheticDataset dataset = SyntheticDataset.builder().distribution(distribution).rows(rows).dim(dim)
                .clusters(clusters).seed(seed).separation(separation).build();
        float[] data = materialise(dataset, threads);
        int[] truth = new int[(int) rows];
        dataset.labels(0, (int) rows, truth);
        double generateSeconds = seconds(t0);
        ArrayVectorSource source = ArrayVectorSource.of(data, dim);
        long t1 = System.nanoTime();
        PQEncoder encoder = PQEncoder.builder().subquantizers(m).codebookSize(ks).trainRows(trainRows)
                .seed(seed).threads(threads).fit(source);
        double trainSeconds = seconds(t1);
        HeapCodeStore codes = new HeapCodeStore(rows, m);
        long t2 = System.nanoTime();
        encoder.encode(source, codes, ProgressListener.NONE);
        double encodeSeconds = seconds(t2);
        data = null;
        source = null;

        List<Map<String, Object>> results = new ArrayList<>();
        boolean seedingOnly = Boolean.parseBoolean(opts.getOrDefault("seeding-only", "false"));
        int restartedMaxK = Integer.parseInt(opts.getOrDefault("restarted-max-k", String.valueOf(Integer.MAX_VALUE)));
        if (!seedingOnly && Boolean.parseBoolean(opts.getOrDefault("warmup", "true"))) {
            fit(codes, encoder, kList[0], iterations, tolerance, seed, threads, refinement, truth); // JIT warm-up
        }
        for (int k : kList) {
            List<Map<String, Object>> fits = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                fits.add(seedingOnly ? seeding(codes, encoder, k, seed, threads, refinement, restartedMaxK)
                        : fit(codes, encoder, k, iterations, tolerance, seed, threads, refinement, truth));
            }
            fits.sort((a, b) -> Double.compare((double) a.get("cluster_s"), (double) b.get("cluster_s")));
            Map<String, Object> median = new LinkedHashMap<>(fits.get(fits.size() / 2));
            median.put("cluster_s_all", fits.stream().map(f -> f.get("cluster_s")).toList());
            results.add(median);
            System.err.println(median);
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "k-sweep");
        report.put("label", opts.getOrDefault("label", ""));
        report.put("machine", String.format(Locale.ROOT, "%s %s, %d cpus, java %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        report.put("kernels", KernelsProvider.get().name());
        report.put("distribution", distribution.cliName());
        report.put("separation", separation);
        report.put("rows", rows);
        report.put("dim", dim);
        report.put("clusters", clusters);
        report.put("subquantizers", m);
        report.put("codebook_size", ks);
        report.put("threads", threads);
        report.put("iterations", iterations);
        report.put("tolerance", tolerance);
        report.put("refinement", refinement);
        report.put("seed", seed);
        report.put("generate_s", generateSeconds);
        report.put("train_s", trainSeconds);
        report.put("encode_s", encodeSeconds);
        report.put("fits", results);
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        System.out.println(text);
        String output = opts.get("output");
        if (output != null) {
            Path out = Path.of(output);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Map<String, Object> fit(HeapCodeStore codes, PQEncoder encoder, int k, int iterations,
                                           double tolerance, long seed, int threads, boolean refinement,
                                           int[] truth) {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        PQKMeans kmeans = PQKMeans.builder().k(k).encoder(encoder).iterations(iterations).tolerance(tolerance)
                .seed(seed).threads(threads).refinement(refinement).build().fit(codes);
        double cluster = seconds(start);
        double lloyd = cluster - kmeans.seedingSeconds() - kmeans.refineSeconds();
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("k", k);
        fit.put("cluster_s", cluster);
        fit.put("cpu_s", (processCpuNanos() - cpu) / 1e9);
        fit.put("seeding_s", kmeans.seedingSeconds());
        fit.put("seeding_share", kmeans.seedingSeconds() / cluster);
        fit.put("refine_s", kmeans.refineSeconds());
        fit.put("lloyd_s", lloyd);
        fit.put("iterations_run", kmeans.iterationsRun());
        // The main Lloyd run is iterationsRun + 1 assignment passes (the first one assigns the seeds).
        fit.put("ms_per_pass", 1000 * lloyd / (kmeans.iterationsRun() + 1));
        fit.put("refinement_moves", kmeans.refinementMoves());
        fit.put("inertia", kmeans.inertia());
        fit.put("purity", ClusteringMetrics.evaluate(truth, kmeans.labels()).purity());
        return fit;
    }

    /**
     * The seeding alone, as the fit would run it ({@code seeding_s} wall, {@code cpu_s} process CPU), after the
     * earlier restarted seeding ({@code restarted_seeding_s}, {@code restarted_cpu_s}).
     */
    private static Map<String, Object> seeding(HeapCodeStore codes, PQEncoder encoder, int k, long seed, int threads,
                                               boolean refinement, int restartedMaxK) {
        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withSeed(seed).withRefinement(refinement);
        try (WorkerPool pool = new WorkerPool(threads)) {
            // The earlier seeding (restarts and repair at every K) first, then today's, in the same process.
            Map<String, Object> fit = new LinkedHashMap<>();
            fit.put("k", k);
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            if (k <= restartedMaxK) {
                CodeSpaceKMeans.restartedCenters(codes, encoder, k, options, pool);
                fit.put("restarted_seeding_s", seconds(start));
                fit.put("restarted_cpu_s", (processCpuNanos() - cpu) / 1e9);
            }
            cpu = processCpuNanos();
            start = System.nanoTime();
            CodeSpaceKMeans.initialCenters(codes, encoder, k, options, pool);
            fit.put("cluster_s", seconds(start));
            fit.put("seeding_s", seconds(start));
            fit.put("cpu_s", (processCpuNanos() - cpu) / 1e9);
            return fit;
        }
    }
}
