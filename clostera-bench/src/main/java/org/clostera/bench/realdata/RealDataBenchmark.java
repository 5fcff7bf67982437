package org.clostera.bench.realdata;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.metrics.ClusteringMetrics;
import org.clostera.metrics.ClusteringMetrics.Report;

/**
 * Clusters real datasets (digits, sentence embeddings; see {@link LabeledVectors}) through the public
 * {@link Clusterer} API in each {@link RealDataVariant} and several seeds, and scores the labels against the
 * true classes: NMI, ARI, purity, and the raw-space SSE per dimension ({@link PartitionCost}) of the found
 * and of the true partition. Writes {@code realdata-clostera-NAME.json} per dataset; the scikit-learn
 * reference is {@code scripts/realdata/sklearn_baseline.py}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.realdata.RealDataBenchmark --dataset clostera-bench/src/test/resources/realdata/digits \
 *     --dataset benchmarks/data/debian-descriptions
 * </pre>
 * Options: {@code --dataset DIR} (repeatable), {@code --seeds 0,1,2,3,4}, {@code --variants
 * default,fastest,default-autok,fastest-autok,no-refinement,refine-raw}, {@code --threads n} (all cores), {@code --output-dir
 * benchmarks/results}.
 */
public final class RealDataBenchmark {
    private RealDataBenchmark() {
    }

    public static void main(String[] args) {
        List<Path> datasets = new ArrayList<>();
        long[] seeds = {0, 1, 2, 3, 4};
        List<RealDataVariant> variants = RealDataVariant.ALL;
        int threads = Runtime.getRuntime().availableProcessors();
        Path outputDir = Path.of("benchmarks/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dataset" -> datasets.add(Path.of(args[++i]));
                case "--seeds" -> seeds = Arrays.stream(args[++i].split(",")).mapToLong(s -> Long.parseLong(s.trim()))
                        .toArray();
                case "--variants" -> variants = Arrays.stream(args[++i].split(",")).map(String::trim)
                        .map(RealDataVariant::named).toList();
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--output-dir" -> outputDir = Path.of(args[++i]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (datasets.isEmpty()) {
            usage("no --dataset given");
        }
        for (Path folder : datasets) {
            LabeledVectors data = LabeledVectors.read(folder);
            Map<String, Object> report = run(data, variants, seeds, threads);
            report.put("dataset_path", folder.toString());
            Path output = outputDir.resolve("realdata-clostera-" + data.name() + ".json");
            DatasetFolder.writeJson(output, report);
            System.out.println("wrote " + output);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "; usage: RealDataBenchmark --dataset DIR [--dataset DIR ...] [--seeds 0,1,2]"
                + " [--variants default,fastest,default-autok,fastest-autok,no-refinement,refine-raw] [--threads n] [--output-dir DIR]");
        System.exit(2);
    }

    /** Runs every variant with every seed on {@code data}; returns the report. */
    static Map<String, Object> run(LabeledVectors data, List<RealDataVariant> variants, long[] seeds, int threads) {
        int trueK = data.classes();
        double truthSse = PartitionCost.ssePerDim(data.vectors(), data.dim(), data.labels());
        System.out.printf(Locale.ROOT, "%s: %d x %d, K=%d, true partition SSE per dim %.6f%n", data.name(),
                data.rows(), data.dim(), trueK, truthSse);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "realdata-clostera");
        report.put("date", Instant.now().toString());
        report.put("machine", machine(threads));
        report.put("dataset", ordered("name", data.name(), "rows", data.rows(), "dim", data.dim(), "classes", trueK));
        report.put("true_partition", ordered("sse_per_dim", truthSse));
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (RealDataVariant variant : variants) {
            List<Map<String, Object>> variantRuns = new ArrayList<>();
            for (long seed : seeds) {
                Map<String, Object> result = runOnce(data, variant, seed, threads);
                System.out.printf(Locale.ROOT, "  %-14s seed %d: K=%d NMI %.4f ARI %.4f purity %.4f SSE/dim %.6f"
                                + " (%.1f s)%n", variant.name(), seed, (int) result.get("k"), (double) result.get("nmi"),
                        (double) result.get("ari"), (double) result.get("purity"), (double) result.get("sse_per_dim"),
                        (double) result.get("seconds"));
                variantRuns.add(result);
            }
            runs.addAll(variantRuns);
            summary.put(variant.name(), summarize(variantRuns));
        }
        report.put("runs", runs);
        report.put("summary", summary);
        return report;
    }

    /** One fit of {@code variant} with {@code seed}, scored. */
    static Map<String, Object> runOnce(LabeledVectors data, RealDataVariant variant, long seed, int threads) {
        Clusterer clusterer = variant.configure(data.classes(), seed, threads).build();
        long start = System.nanoTime();
        ClusteringModel model = clusterer.fit(data.source());
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] labels = model.labels();
        Report metrics = ClusteringMetrics.evaluate(data.labels(), labels);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("variant", variant.name());
        result.put("fastest", variant.fastest());
        result.put("auto_k", variant.autoK());
        result.put("seed", seed);
        result.put("k", model.k());
        result.put("nmi", metrics.normalizedMutualInformation());
        result.put("ari", metrics.adjustedRandIndex());
        result.put("purity", metrics.purity());
        result.put("sse_per_dim", PartitionCost.ssePerDim(data.vectors(), data.dim(), labels));
        result.put("nonempty_clusters", metrics.predictedClusters());
        result.put("subquantizers", model.encoder().subquantizers());
        result.put("iterations", model.iterationsRun());
        result.put("seconds", seconds);
        ClusteringModel.Timings t = model.timings();
        result.put("timings", ordered("train_s", t.trainSeconds(), "encode_s", t.encodeSeconds(), "cluster_s",
                t.clusterSeconds()));
        return result;
    }

    /** A map that keeps the order of its {@code key, value, key, value, ...} pairs in the JSON. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> summarize(List<Map<String, Object>> runs) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String key : List.of("nmi", "ari", "purity", "sse_per_dim", "seconds")) {
            double[] values = runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray();
            s.put(key + "_min", Arrays.stream(values).min().orElse(Double.NaN));
            s.put(key + "_max", Arrays.stream(values).max().orElse(Double.NaN));
            s.put(key + "_mean", Arrays.stream(values).average().orElse(Double.NaN));
        }
        s.put("k", runs.stream().map(r -> r.get("k")).toList());
        return s;
    }

    static Map<String, Object> machine(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("threads", threads);
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("kernels", KernelsProvider.get().name());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
