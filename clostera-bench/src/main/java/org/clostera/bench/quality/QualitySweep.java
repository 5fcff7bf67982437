package org.clostera.bench.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.bench.BenchSupport;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.VectorSource;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.io.quality.PartitionSse;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.metrics.ClusteringMetrics;

/**
 * Quality of clostera's clusterings on hard generated data ({@link QualityCase#standard()}: 48 datasets,
 * Dirichlet cluster sizes, separations from easy to barely separable, correlated noise off/on). Each
 * dataset is clustered through the public {@link Clusterer} API with PQ and OPQ at the true K, and with
 * auto-K (PQ); for each the raw-space SSE per dimension ({@link PartitionSse}) is compared with the true
 * partition's and with plain dense k-means++ + Lloyd on the raw floats ({@link DenseKMeans}), along with
 * purity, NMI and ARI. JSON under {@code benchmarks/results/}; {@link QualityTable} prints the markdown.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.quality.QualitySweep --label before --output benchmarks/results/quality-sweep-before.json
 * </pre>
 * Options: {@code --threads n} (default all cores), {@code --seed s} (0), {@code --label text} ("run"),
 * {@code --refinement on|off} (on), {@code --refine-raw n|auto} (auto),
 * {@code --cases n} (first n), {@code --only i,j,...} (cases by index), {@code --no-auto-k}.
 */
public final class QualitySweep {

    private QualitySweep() {
    }

    public static void main(String[] args) throws IOException {
        BenchSupport.quietLogsByDefault();
        Path output = Path.of("benchmarks/results/quality-sweep.json");
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 0;
        String label = "run";
        int caseLimit = Integer.MAX_VALUE;
        String only = null;
        boolean autoK = true;
        boolean refinement = true;
        Integer rawIterations = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--label" -> label = args[++i];
                case "--cases" -> caseLimit = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--no-auto-k" -> autoK = false;
                case "--refinement" -> refinement = switch (args[++i]) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--refinement takes on or off, got " + args[i]);
                };
                case "--refine-raw" -> rawIterations = args[++i].equals("auto") ? null : Integer.valueOf(args[i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: QualitySweep [--output file]"
                            + " [--threads n] [--seed s] [--label text] [--cases n] [--only i,j,..] [--no-auto-k]"
                            + " [--refinement on|off] [--refine-raw n|auto]");
                    System.exit(2);
                }
            }
        }
        SweepSettings settings = new SweepSettings(threads, seed, label, refinement, rawIterations);
        List<QualityCase> all = QualityCase.standard();
        List<Integer> indices = QualityCase.indices(only, caseLimit);

        long start = System.nanoTime();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int index : indices) {
            Map<String, Object> result = runCase(index, all.get(index), settings, autoK);
            results.add(result);
            System.out.println(QualityTable.consoleLine(result));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "quality-sweep");
        report.put("label", label);
        report.put("refinement", refinement);
        report.put("refine_raw", rawIterations == null ? "auto" : rawIterations);
        report.put("date", Instant.now().toString());
        report.put("machine", Map.of("processors", Runtime.getRuntime().availableProcessors(), "threads", threads,
                "java", System.getProperty("java.version"), "kernels", KernelsProvider.get().name()));
        report.put("settings", Map.of("seed", seed, "clusterer", "library defaults, k = true K (and null for auto-K)",
                "dense_reference", "greedy k-means++ (2 + ln K trials) + Lloyd to convergence (max "
                        + DenseKMeans.MAX_ITERATIONS + "), one init, seed " + seed,
                "noise_rank", "dim / " + QualityCase.DIMS_PER_NOISE_RANK));
        report.put("seconds", (System.nanoTime() - start) / 1e9);
        report.put("summary", QualityTable.summary(results));
        report.put("datasets", results);
        write(report, output);
        System.out.println(QualityTable.markdown(results, null));
        System.out.println("wrote " + output + String.format(Locale.ROOT, " (%.0f s)", (System.nanoTime() - start) / 1e9));
    }

    static Map<String, Object> runCase(int index, QualityCase c, SweepSettings settings, boolean autoK) {
        SyntheticDataset generator = c.dataset();
        float[] data = new float[c.rows() * c.dim()];
        generator.read(0, c.rows(), data, 0);
        int[] truth = new int[c.rows()];
        generator.labels(0, c.rows(), truth);
        VectorSource source = ArrayVectorSource.of(data, c.dim());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("name", c.name());
        result.put("family", c.family().cliName());
        result.put("true_k", c.k());
        result.put("dim", c.dim());
        result.put("rows", c.rows());
        result.put("center_distance", c.centerDistance());
        result.put("separation", c.separation());
        result.put("size_concentration", c.sizeConcentration());
        result.put("correlated_share", c.correlatedShare());
        result.put("noise_rank", c.correlatedShare() > 0 ? c.noiseRank() : 0);
        result.put("seed", c.seed());
        int[] sizes = new int[c.k()];
        for (int t : truth) {
            sizes[t]++;
        }
        result.put("smallest_cluster", java.util.Arrays.stream(sizes).min().orElse(0));
        result.put("largest_cluster", java.util.Arrays.stream(sizes).max().orElse(0));
        double truthSse = PartitionSse.perDimension(source, truth)[0];
        result.put("truth_sse_per_dim", truthSse);

        long t0 = System.nanoTime();
        DenseKMeans.Result dense = DenseKMeans.fit(data, c.dim(), c.k(), settings.seed(), settings.threads());
        Map<String, Object> denseResult = scores(source, truth, dense.labels(), truthSse);
        denseResult.put("iterations", dense.iterations());
        denseResult.put("seconds", (System.nanoTime() - t0) / 1e9);
        result.put("dense_kmeans", denseResult);
        result.put("truth_beats_dense_kmeans", truthSse < (double) denseResult.get("sse_per_dim"));

        for (SweepSettings.Mode mode : SweepSettings.Mode.values()) {
            long t1 = System.nanoTime();
            ClusteringModel fitted = settings.builder(mode, c.k()).build().fit(source);
            Map<String, Object> scores = scores(source, truth, fitted.labels(), truthSse);
            scores.put("iterations", fitted.inertiaHistory().length);
            scores.put("seconds", (System.nanoTime() - t1) / 1e9);
            scores.put("cluster_seconds", fitted.timings().clusterSeconds());
            result.put(mode.name().toLowerCase(Locale.ROOT), scores);
        }
        if (autoK) {
            long t2 = System.nanoTime();
            ClusteringModel fitted = settings.builder(SweepSettings.Mode.PQ, null).build().fit(source);
            Map<String, Object> auto = new LinkedHashMap<>();
            auto.put("selected_k", fitted.k());
            auto.put("exact", fitted.k() == c.k());
            auto.put("seconds", (System.nanoTime() - t2) / 1e9);
            result.put("auto_k_pq", auto);
        }
        return result;
    }

    private static Map<String, Object> scores(VectorSource source, int[] truth, int[] labels, double truthSse) {
        double sse = PartitionSse.perDimension(source, labels)[0];
        ClusteringMetrics.Report r = ClusteringMetrics.evaluate(truth, labels);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sse_per_dim", sse);
        out.put("sse_ratio_to_truth", sse / truthSse);
        out.put("purity", r.purity());
        out.put("nmi", r.normalizedMutualInformation());
        out.put("ari", r.adjustedRandIndex());
        out.put("clusters_found", r.predictedClusters());
        return out;
    }

    private static void write(Map<String, Object> report, Path output) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path absolute = output.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        json.writeValue(temp.toFile(), report);
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
