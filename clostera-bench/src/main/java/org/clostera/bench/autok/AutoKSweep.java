package org.clostera.bench.autok;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.KSelection;
import org.clostera.cluster.PQKMeans;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.KMeansRunOptions;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.autok.SampleClusterer;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;

/**
 * Evaluation of automatic K selection: a deterministic sweep of generated datasets with known K (four
 * distribution families, K from 4 to 64, D from 32 to 1024, unequal cluster sizes), each encoded with PQ
 * and clustered with {@code PQKMeans} and {@code k(null)}; reports per method the exact matches and the
 * mean absolute error of the selected K (all methods come from the same analysis), and measures the cost
 * of the selection against the final clustering on a large dataset.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.autok.AutoKSweep --output benchmarks/results/autok-sweep.json
 * </pre>
 * Options: {@code --threads n} (default all cores), {@code --rows n} rows per sweep dataset (24000),
 * {@code --cost-rows n} rows of the cost dataset (2000000; 0 skips it), {@code --cases n} (first n cases),
 * {@code --only i,j,..} (cases by index, for diagnosis),
 * {@code --suite synthetic|sweep} (one suite), {@code --search library|contenders|neighbours|midpoints|neighbours-midpoints|all}
 * (library: the public API; the others run {@code AutoKAnalysis} directly with that search, then the final fit).
 */
public final class AutoKSweep {
    /** Encoder settings of the sweep: the default Ks, a lighter training (it is not what is evaluated). */
    static final int CODEBOOK_SIZE = 256;
    static final int ENCODER_TRAIN_ROWS = 8192;
    static final int ENCODER_ITERATIONS = 10;
    /**
     * A dataset's K counts as identifiable in code space when k-means with the true K, started from the
     * true clusters' means, keeps at least this purity: otherwise no K-selection method can be judged on it.
     */
    static final double IDENTIFIABLE_PURITY = 0.9;

    private AutoKSweep() {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of("benchmarks/results/autok-sweep.json");
        int threads = Runtime.getRuntime().availableProcessors();
        int rows = 24000;
        int costRows = 2_000_000;
        int caseLimit = Integer.MAX_VALUE;
        String only = null;
        String suiteName = null;
        AutoKAnalysis.Search search = null;
        String searchName = "library";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cost-rows" -> costRows = Integer.parseInt(args[++i]);
                case "--cases" -> caseLimit = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--suite" -> suiteName = args[++i];
                case "--search" -> {
                    searchName = args[++i];
                    search = switch (searchName) {
                        case "library" -> null;
                        case "contenders" -> new AutoKAnalysis.Search(false, false, false);
                        case "neighbours" -> new AutoKAnalysis.Search(true, false, false);
                        case "midpoints" -> new AutoKAnalysis.Search(false, false, true);
                        case "neighbours-midpoints" -> new AutoKAnalysis.Search(true, false, true);
                        case "all" -> new AutoKAnalysis.Search(false, true, false);
                        default -> throw new IllegalArgumentException("--search: library, contenders, neighbours,"
                                + " midpoints, neighbours-midpoints or all, not " + searchName);
                    };
                }
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: AutoKSweep [--output file] [--threads n] [--rows n] [--cost-rows n] [--cases n]"
                            + " [--only i,j] [--suite synthetic|sweep] [--search library|contenders|neighbours|midpoints"
                            + "|neighbours-midpoints|all]");
                    System.exit(2);
                }
            }
        }
        Map<String, List<SweepCase>> suites = new LinkedHashMap<>();
        if (suiteName == null || suiteName.equals(SweepCase.SYNTHETIC)) {
            suites.put(SweepCase.SYNTHETIC, SweepCase.synthetic(rows));
        }
        if (suiteName == null || suiteName.equals(SweepCase.SWEEP)) {
            suites.put(SweepCase.SWEEP, SweepCase.standard(rows));
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "autok-sweep");
        report.put("date", Instant.now().toString());
        report.put("machine", machine(threads));
        report.put("settings", Map.of("rows_per_dataset", rows, "codebook_size", CODEBOOK_SIZE,
                "encoder_train_rows", ENCODER_TRAIN_ROWS, "encoder_iterations", ENCODER_ITERATIONS,
                "identifiable_oracle_purity", IDENTIFIABLE_PURITY,
                "auto_k", "defaults (template candidates, 16384 sample rows, centroid_silhouette)",
                "search", searchName));
        Map<String, Object> suiteReports = new LinkedHashMap<>();
        for (Map.Entry<String, List<SweepCase>> suite : suites.entrySet()) {
            List<SweepCase> cases = new ArrayList<>(suite.getValue().subList(0,
                    Math.min(caseLimit, suite.getValue().size())));
            if (only != null) {
                List<SweepCase> picked = new ArrayList<>();
                for (String index : only.split(",")) {
                    picked.add(cases.get(Integer.parseInt(index.trim())));
                }
                cases = picked;
            }
            System.out.println("suite " + suite.getKey());
            Map<String, Object> suiteReport = runSuite(cases, threads, search);
            suiteReports.put(suite.getKey(), suiteReport);
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) suiteReport.get("summary");
            System.out.println(markdownTable(summary));
        }
        report.put("suites", suiteReports);
        if (costRows > 0) {
            Map<String, Object> cost = measureCost(costRows, threads);
            report.put("cost", cost);
            System.out.println("cost: " + cost);
        }
        write(report, output);
        System.out.println("wrote " + output);
    }

    /** Runs the cases of one generator; returns {@code datasets} and a per-method {@code summary}. */
    static Map<String, Object> runSuite(List<SweepCase> cases, int threads, AutoKAnalysis.Search search) {
        List<Map<String, Object>> results = new ArrayList<>();
        Map<AutoKMethod, int[]> exact = new EnumMap<>(AutoKMethod.class);
        Map<AutoKMethod, double[]> absoluteError = new EnumMap<>(AutoKMethod.class);
        Map<AutoKMethod, int[]> exactIdentifiable = new EnumMap<>(AutoKMethod.class);
        Map<AutoKMethod, double[]> errorIdentifiable = new EnumMap<>(AutoKMethod.class);
        int identifiable = 0;
        for (AutoKMethod m : AutoKMethod.values()) {
            exact.put(m, new int[1]);
            absoluteError.put(m, new double[1]);
            exactIdentifiable.put(m, new int[1]);
            errorIdentifiable.put(m, new double[1]);
        }
        for (SweepCase c : cases) {
            Map<String, Object> result = runCase(c, threads, search);
            results.add(result);
            @SuppressWarnings("unchecked")
            Map<String, Integer> byMethod = (Map<String, Integer>) result.get("selected_k_by_method");
            boolean isIdentifiable = (boolean) result.get("identifiable");
            identifiable += isIdentifiable ? 1 : 0;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s K=%-3d oracle=%.3f",
                    c.name(), c.k(), (double) result.get("oracle_purity")));
            for (AutoKMethod m : AutoKMethod.values()) {
                int selected = byMethod.get(m.key());
                exact.get(m)[0] += selected == c.k() ? 1 : 0;
                absoluteError.get(m)[0] += Math.abs(selected - c.k());
                if (isIdentifiable) {
                    exactIdentifiable.get(m)[0] += selected == c.k() ? 1 : 0;
                    errorIdentifiable.get(m)[0] += Math.abs(selected - c.k());
                }
                line.append(String.format(Locale.ROOT, " %s=%d", m.key(), selected));
            }
            line.append(String.format(Locale.ROOT, "  (selection %.2f s, cpu %.2f s, final fit %.2f s)",
                    (double) result.get("selection_seconds"),
                    (double) result.getOrDefault("selection_cpu_seconds", Double.NaN),
                    (double) result.get("final_fit_seconds")));
            System.out.println(line);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        for (AutoKMethod m : AutoKMethod.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("exact", exact.get(m)[0]);
            s.put("datasets", cases.size());
            s.put("mean_absolute_error", absoluteError.get(m)[0] / Math.max(1, cases.size()));
            s.put("exact_identifiable", exactIdentifiable.get(m)[0]);
            s.put("identifiable_datasets", identifiable);
            s.put("mean_absolute_error_identifiable", errorIdentifiable.get(m)[0] / Math.max(1, identifiable));
            summary.put(m.key(), s);
        }
        Map<String, Object> suite = new LinkedHashMap<>();
        suite.put("datasets", results);
        suite.put("summary", summary);
        return suite;
    }

    static Map<String, Object> runCase(SweepCase c, int threads, AutoKAnalysis.Search search) {
        LabeledData data = c.dataset();
        AutoKFit fit = AutoKFit.run(data, c.seed(), threads, search);
        PQEncoder encoder = fit.encoder();
        HeapCodeStore codes = fit.codes();
        PQKMeans kmeans = fit.kmeans();
        double encodeSeconds = fit.encodeSeconds();
        double fitSeconds = fit.fitSeconds();
        KSelection selection = fit.selection();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", c.name());
        result.put("generator", c.generator());
        result.put("family", c.family());
        result.put("true_k", c.k());
        result.put("dim", c.dim());
        result.put("rows", c.rows());
        result.put("subquantizers", encoder.subquantizers());
        result.put("separation", c.separation());
        int[] sizes = data.clusterSizes();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int size : sizes) {
            smallest = Math.min(smallest, size);
            largest = Math.max(largest, size);
        }
        result.put("smallest_cluster", smallest);
        result.put("largest_cluster", largest);
        result.put("seed", c.seed());
        double oracle = oraclePurity(data, encoder, codes, threads);
        result.put("oracle_purity", oracle);
        result.put("identifiable", oracle >= IDENTIFIABLE_PURITY);
        result.put("selected_k", selection.selectedK());
        Map<String, Object> byMethod = new LinkedHashMap<>();
        for (AutoKMethod m : AutoKMethod.values()) {
            byMethod.put(m.key(), selection.selectedK(m));
        }
        result.put("selected_k_by_method", byMethod);
        result.put("final_purity", purity(data, kmeans.labels(), kmeans.k()));
        result.put("encode_seconds", encodeSeconds);
        result.put("selection_seconds", selection.seconds());
        if (!Double.isNaN(fit.selectionCpuSeconds())) {
            result.put("selection_cpu_seconds", fit.selectionCpuSeconds());
        }
        result.put("final_fit_seconds", fitSeconds - selection.seconds());
        result.put("k_selection", selection.toMap());
        return result;
    }

    /** A dataset PQ-encoded and clustered with auto-K, with the time of each step. */
    record AutoKFit(PQEncoder encoder, HeapCodeStore codes, PQKMeans kmeans, KSelection selection,
            double encodeSeconds, double fitSeconds, double selectionCpuSeconds) {
        /**
         * {@code search} null: the public API ({@code PQKMeans} with {@code k(null)}); otherwise the same analysis
         * with that search, run directly, and the final fit with the selected K.
         */
        static AutoKFit run(LabeledData data, long seed, int threads, AutoKAnalysis.Search search) {
            long start = System.nanoTime();
            PQEncoder encoder = PQEncoder.builder().codebookSize(CODEBOOK_SIZE).trainRows(ENCODER_TRAIN_ROWS)
                    .iterations(ENCODER_ITERATIONS).seed(seed).threads(threads).fit(data.source());
            HeapCodeStore codes = new HeapCodeStore(data.source().rows(), encoder.subquantizers());
            encoder.encode(data.source(), codes, ProgressListener.NONE);
            double encodeSeconds = (System.nanoTime() - start) / 1e9;
            long fitStart = System.nanoTime();
            PQKMeans kmeans = PQKMeans.builder().k(null).encoder(encoder).seed(seed).threads(threads).build();
            if (search == null) {
                kmeans.fit(codes);
                return new AutoKFit(encoder, codes, kmeans, kmeans.kSelection(), encodeSeconds,
                        (System.nanoTime() - fitStart) / 1e9, Double.NaN);
            }
            KSelection selection;
            long cpuStart = processCpuNanos();
            try (WorkerPool pool = new WorkerPool(threads)) {
                SampleClusterer clusterer = SampleClusterer.codeSpace(encoder,
                        AutoKAnalysis.sampleOptions(KMeansRunOptions.of(kmeans.kmeansSettings(),
                                kmeans.splitMerge(), kmeans.seed(), ProgressListener.NONE)), pool);
                selection = AutoKAnalysis.run(codes, encoder, kmeans.autoKOptions(), clusterer, seed, pool,
                        ProgressListener.NONE, search).selection();
            }
            double selectionCpu = (processCpuNanos() - cpuStart) / 1e9;
            PQKMeans fixed = PQKMeans.builder().k(selection.selectedK()).encoder(encoder).seed(seed).threads(threads)
                    .build();
            fixed.fit(codes);
            return new AutoKFit(encoder, codes, fixed, selection, encodeSeconds, (System.nanoTime() - fitStart) / 1e9,
                    selectionCpu);
        }
    }

    /**
     * CPU time of this process so far (all threads, JIT and GC included): on a machine shared with other runs the
     * wall time of a step says little, its CPU time says what it costs.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Cost of the selection (default template, 16384 sample codes) against the final clustering. */
    static Map<String, Object> measureCost(int rows, int threads) {
        SweepCase c = new SweepCase(SweepCase.SWEEP, "gaussian", 64, 128, rows, 0.75, 4, 77L);
        LabeledData data = c.dataset();
        AutoKFit fit = AutoKFit.run(data, c.seed(), threads, null);
        KSelection selection = fit.selection();
        double finalSeconds = fit.fitSeconds() - selection.seconds();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("dataset", c.name() + "-n" + rows);
        cost.put("rows", rows);
        cost.put("dim", c.dim());
        cost.put("subquantizers", fit.encoder().subquantizers());
        cost.put("true_k", c.k());
        cost.put("selected_k", fit.kmeans().selectedK());
        cost.put("candidates", selection.candidateKs().length);
        cost.put("sample_rows", selection.sampleRows());
        cost.put("encode_seconds", fit.encodeSeconds());
        cost.put("selection_seconds", selection.seconds());
        cost.put("final_fit_seconds", finalSeconds);
        cost.put("final_iterations", fit.kmeans().iterationsRun());
        cost.put("selection_over_final_fit", selection.seconds() / finalSeconds);
        cost.put("selection_over_encode_plus_fit", selection.seconds() / (fit.encodeSeconds() + fit.fitSeconds()));
        return cost;
    }

    /**
     * Purity of code-space k-means with the true K started from the true clusters' means (decoded codes
     * averaged per true label): how well the clusters survive quantisation, whatever K selection does.
     */
    static double oraclePurity(LabeledData data, PQEncoder encoder, HeapCodeStore codes, int threads) {
        int rows = (int) data.source().rows();
        int dim = encoder.dim();
        int m = encoder.subquantizers();
        int k = data.k();
        double[] sums = new double[k * dim];
        long[] counts = new long[k];
        int batch = 4096;
        byte[] buffer = new byte[batch * m];
        for (int first = 0; first < rows; first += batch) {
            int n = Math.min(batch, rows - first);
            codes.read(first, n, buffer, 0);
            float[] decoded = encoder.decode(buffer, n);
            for (int i = 0; i < n; i++) {
                int label = data.label(first + i);
                counts[label]++;
                for (int j = 0; j < dim; j++) {
                    sums[label * dim + j] += decoded[i * dim + j];
                }
            }
        }
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (sums[i] / Math.max(1, counts[i / dim]));
        }
        try (WorkerPool pool = new WorkerPool(threads)) {
            CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(codes, encoder, k, centers,
                    CodeSpaceKMeans.Options.defaults(), pool);
            return purity(data, r.labels(), k);
        }
    }

    /** Fraction of rows whose cluster's majority true label is their own. */
    static double purity(LabeledData data, int[] labels, int k) {
        int[][] counts = new int[k][data.k()];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][data.label(i)]++;
        }
        long majority = 0;
        for (int[] row : counts) {
            int max = 0;
            for (int v : row) {
                max = Math.max(max, v);
            }
            majority += max;
        }
        return majority / (double) labels.length;
    }

    static String markdownTable(Map<String, Object> summary) {
        StringBuilder sb = new StringBuilder("| method | exact K (all) | MAE (all) | exact K (identifiable) |"
                + " MAE (identifiable) |\n| --- | --- | --- | --- | --- |\n");
        summary.forEach((method, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) value;
            sb.append(String.format(Locale.ROOT, "| %s | %d / %d | %.2f | %d / %d | %.2f |%n", method,
                    (int) s.get("exact"), (int) s.get("datasets"), (double) s.get("mean_absolute_error"),
                    (int) s.get("exact_identifiable"), (int) s.get("identifiable_datasets"),
                    (double) s.get("mean_absolute_error_identifiable")));
        });
        return sb.toString();
    }

    private static Map<String, Object> machine(int threads) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("threads", threads);
        machine.put("java", System.getProperty("java.version"));
        machine.put("kernels", KernelsProvider.get().name());
        machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        return machine;
    }

    private static void write(Map<String, Object> report, Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, output.getFileName().toString(), ".tmp");
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), report);
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
