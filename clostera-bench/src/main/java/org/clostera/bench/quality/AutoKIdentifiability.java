package org.clostera.bench.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KSelection;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.CodeStore;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.VectorSource;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.autok.SampleClusterer;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.quantize.PQEncoder;

/**
 * Is the true K of each quality-sweep dataset ({@link QualityCase#standard()}) identifiable by auto-K at all?
 * Per dataset, with PQ and the default auto-K sample exactly as {@code Clusterer.builder().fastest(true).k(null)}
 * sees them (same encoder, codes, sample, seeds and candidate clusterings), the analysis runs three times
 * over one cache of candidate clusterings:
 * <ul>
 *   <li><b>today</b>: the default template, k-means candidates: the K each method selects now;</li>
 *   <li><b>truth</b>: the template plus the true K, where the true K's centers are the true clusters' means of
 *       the sample codes (coding space) instead of a k-means result. The true K is <em>identifiable under a
 *       method</em> when the truth scores strictly better under it than every k-means candidate at another K;</li>
 *   <li><b>dense</b>: the template, the midpoints between its neighbours (5, 7, 10, 14, 20, 28, 40, ...) and the
 *       true K, all k-means: every method's full report, so selection rules can be compared offline.</li>
 * </ul>
 * Writes JSON ({@code --output}, default {@code benchmarks/results/autok-identifiability.json}) and prints a
 * markdown table for AUTOK.md.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.quality.AutoKIdentifiability --threads 2
 * </pre>
 * Options: {@code --threads n}, {@code --seed s} (0, as the quality sweep), {@code --cases n}, {@code --only i,j},
 * {@code --no-dense} (skip the dense run), {@code --neighbour-starts} (the experiment of
 * {@code AutoKAnalysis.run(..., neighbourStarts)} in every run), {@code --label text}.
 */
public final class AutoKIdentifiability {

    private AutoKIdentifiability() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path output = Path.of("benchmarks/results/autok-identifiability.json");
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 0;
        int caseLimit = Integer.MAX_VALUE;
        String only = null;
        boolean dense = true;
        boolean neighbourStarts = false;
        String label = "run";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--cases" -> caseLimit = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--no-dense" -> dense = false;
                case "--neighbour-starts" -> neighbourStarts = true;
                case "--label" -> label = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: AutoKIdentifiability [--output file]"
                            + " [--threads n] [--seed s] [--cases n] [--only i,j,..] [--no-dense] [--neighbour-starts]"
                            + " [--label text]");
                    System.exit(2);
                }
            }
        }
        List<QualityCase> all = QualityCase.standard();
        List<Integer> indices = QualityCase.indices(only, caseLimit);
        long start = System.nanoTime();
        List<Map<String, Object>> results = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int index : indices) {
                Map<String, Object> result = runCase(index, all.get(index), seed, threads, dense, neighbourStarts, pool);
                results.add(result);
                System.out.println(consoleLine(result));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "autok-identifiability");
        report.put("label", label);
        report.put("neighbour_starts", neighbourStarts);
        report.put("date", Instant.now().toString());
        report.put("machine", Map.of("processors", Runtime.getRuntime().availableProcessors(), "threads", threads,
                "java", System.getProperty("java.version"), "kernels", KernelsProvider.get().name()));
        report.put("settings", Map.of("seed", seed, "encoder", "PQ, library defaults (as fastest(true))",
                "auto_k", "defaults (16384 sample rows, template candidates), candidates refined by the k-means engine",
                "identifiable", "the truth (true K, centers = true clusters' means of the sample codes) scores "
                        + "strictly better than every k-means candidate of the template at another K"));
        report.put("seconds", (System.nanoTime() - start) / 1e9);
        report.put("summary", summary(results));
        report.put("datasets", results);
        write(report, output);
        System.out.println(markdown(results));
        System.out.println("wrote " + output + String.format(Locale.ROOT, " (%.0f s)", (System.nanoTime() - start) / 1e9));
    }

    static Map<String, Object> runCase(int index, QualityCase c, long seed, int threads, boolean dense,
                                       boolean neighbourStarts, WorkerPool pool) {
        long start = System.nanoTime();
        SyntheticDataset generator = c.dataset();
        float[] data = new float[c.rows() * c.dim()];
        generator.read(0, c.rows(), data, 0);
        int[] truth = new int[c.rows()];
        generator.labels(0, c.rows(), truth);
        VectorSource source = ArrayVectorSource.of(data, c.dim());
        // As Clusterer.builder().fastest(true).seed(seed): a PQ encoder with the library defaults.
        PQEncoder encoder = PQEncoder.builder().seed(seed).threads(threads).fit(source);
        HeapCodeStore codes = new HeapCodeStore(c.rows(), encoder.subquantizers());
        encoder.encode(source, codes, ProgressListener.NONE);

        AutoKOptions defaults = AutoKOptions.defaults();
        int[] template = AutoKAnalysis.validate(defaults, c.rows()).ks();
        long[] sampleRows = AutoKAnalysis.sampleRows(c.rows(), defaults, seed);
        int[] sampleLabels = new int[sampleRows.length];
        for (int i = 0; i < sampleRows.length; i++) {
            sampleLabels[i] = truth[(int) sampleRows[i]];
        }
        // The k-means options PQKMeans gives its candidates (Clusterer defaults, seed), cached per K: the
        // candidates' seeds are nested and every run below has the same largest K, so a K's fit is the same.
        CodeSpaceKMeans.Options sampleOptions = AutoKAnalysis.sampleOptions(CodeSpaceKMeans.Options.defaults()
                .withSeed(seed));
        Map<String, SampleClusterer.Fit> cache = new HashMap<>();
        SampleClusterer kmeans = (sample, k, seeds) -> cache.computeIfAbsent(k + ":" + Arrays.hashCode(seeds), key -> {
            CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(sample, encoder, k, seeds, sampleOptions, pool);
            return new SampleClusterer.Fit(r.centers(), r.iterationsRun());
        });
        SampleClusterer withTruth = (sample, k, seeds) -> k == c.k()
                ? new SampleClusterer.Fit(trueMeans(sample, sampleLabels, c.k(), encoder), 0)
                : kmeans.cluster(sample, k, seeds);

        KSelection today = AutoKAnalysis.run(codes, encoder, defaults, kmeans, seed, pool, ProgressListener.NONE,
                neighbourStarts).selection();
        int[] truthCandidates = withK(template, c.k());
        KSelection truthRun = AutoKAnalysis.run(codes, encoder, explicit(truthCandidates), withTruth, seed, pool,
                ProgressListener.NONE, neighbourStarts).selection();
        KSelection denseRun = null;
        if (dense) {
            denseRun = AutoKAnalysis.run(codes, encoder, explicit(withK(denseCandidates(template), c.k())), kmeans,
                    seed, pool, ProgressListener.NONE, neighbourStarts).selection();
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("name", c.name());
        result.put("true_k", c.k());
        result.put("rows", c.rows());
        result.put("dim", c.dim());
        result.put("subquantizers", encoder.subquantizers());
        result.put("sample_rows", sampleRows.length);
        result.put("template", template);
        result.put("true_k_in_template", contains(template, c.k()));
        Map<String, Object> selectedToday = new LinkedHashMap<>();
        Map<String, Object> identifiable = new LinkedHashMap<>();
        Map<String, Object> truthScore = new LinkedHashMap<>();
        Map<String, Object> bestOther = new LinkedHashMap<>();
        Map<String, Object> selectedWithTruth = new LinkedHashMap<>();
        int truthIndex = indexOf(truthRun.candidateKs(), c.k());
        for (AutoKMethod method : AutoKMethod.values()) {
            selectedToday.put(method.key(), today.selectedK(method));
            double[] scores = truthRun.scores(method);
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (i != truthIndex && !Double.isNaN(scores[i])
                        && (best < 0 || better(method, scores[i], scores[best]))) {
                    best = i;
                }
            }
            double own = scores[truthIndex];
            identifiable.put(method.key(), !Double.isNaN(own) && (best < 0 || better(method, own, scores[best])));
            truthScore.put(method.key(), Double.isNaN(own) ? null : own);
            bestOther.put(method.key(), best < 0 ? null
                    : Map.of("k", truthRun.candidateKs()[best], "score", scores[best]));
            selectedWithTruth.put(method.key(), truthRun.selectedK(method));
        }
        result.put("selected_k_today", selectedToday);
        result.put("identifiable", identifiable);
        result.put("truth_score", truthScore);
        result.put("best_other", bestOther);
        result.put("selected_k_with_truth", selectedWithTruth);
        result.put("today", today.toMap());
        result.put("with_truth", truthRun.toMap());
        if (denseRun != null) {
            result.put("dense", denseRun.toMap());
        }
        result.put("seconds", (System.nanoTime() - start) / 1e9);
        return result;
    }

    private static boolean better(AutoKMethod method, double a, double b) {
        return method.higherIsBetter() ? a > b : a < b;
    }

    /** Midpoints above this are left out of the dense run: the sweep's true K is at most 32 (and they cost most). */
    static final int DENSE_LIMIT = 64;

    /**
     * The template and the integer midpoint between each pair of neighbours up to {@link #DENSE_LIMIT} (4, 5, 6,
     * 7, 8, 10, 12, 14, ..., 56, 64, 96, 128).
     */
    static int[] denseCandidates(int[] template) {
        TreeSet<Integer> values = new TreeSet<>();
        for (int i = 0; i < template.length; i++) {
            values.add(template[i]);
            if (i + 1 < template.length && template[i + 1] <= DENSE_LIMIT) {
                values.add((template[i] + template[i + 1]) / 2);
            }
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] withK(int[] ks, int k) {
        TreeSet<Integer> values = new TreeSet<>();
        for (int v : ks) {
            values.add(v);
        }
        values.add(k);
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static AutoKOptions explicit(int[] candidates) {
        return AutoKOptions.builder().candidates(candidates).build();
    }

    private static boolean contains(int[] ks, int k) {
        return indexOf(ks, k) >= 0;
    }

    private static int indexOf(int[] ks, int k) {
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] == k) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The true clusters' means of the sample codes' reconstructions ({@code k x D}, coding space, from the
     * codebooks); an empty true cluster gets the mean of the whole sample.
     */
    static float[] trueMeans(CodeStore sample, int[] labels, int k, PQEncoder encoder) {
        int n = (int) sample.rows();
        int m = encoder.subquantizers();
        int dim = encoder.dim();
        byte[] codes = new byte[n * m];
        sample.read(0, n, codes, 0);
        double[] sums = new double[(k + 1) * dim];
        long[] counts = new long[k + 1];
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            counts[label]++;
            counts[k]++;
            for (int s = 0; s < m; s++) {
                int width = encoder.layout().width(s);
                int offset = encoder.layout().offset(s);
                float[] codebook = encoder.codebook(s);
                int code = codes[i * m + s] & 0xFF;
                for (int j = 0; j < width; j++) {
                    double v = codebook[code * width + j];
                    sums[label * dim + offset + j] += v;
                    sums[k * dim + offset + j] += v;
                }
            }
        }
        float[] means = new float[k * dim];
        for (int c = 0; c < k; c++) {
            int from = counts[c] > 0 ? c : k;
            for (int j = 0; j < dim; j++) {
                means[c * dim + j] = (float) (sums[from * dim + j] / counts[from]);
            }
        }
        return means;
    }

    @SuppressWarnings("unchecked")
    private static String consoleLine(Map<String, Object> r) {
        Map<String, Object> today = (Map<String, Object>) r.get("selected_k_today");
        Map<String, Object> identifiable = (Map<String, Object>) r.get("identifiable");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d %-44s K=%-3d", (int) r.get("index"),
                r.get("name"), (int) r.get("true_k")));
        for (AutoKMethod method : AutoKMethod.values()) {
            line.append(String.format(Locale.ROOT, " %s=%s%s", method.key(), today.get(method.key()),
                    (boolean) identifiable.get(method.key()) ? "(id)" : ""));
        }
        line.append(String.format(Locale.ROOT, "  %.1f s", (double) r.get("seconds")));
        return line.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(List<Map<String, Object>> results) {
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<AutoKMethod, int[]> counts = new EnumMap<>(AutoKMethod.class);
        for (AutoKMethod method : AutoKMethod.values()) {
            counts.put(method, new int[3]);
        }
        for (Map<String, Object> r : results) {
            int k = (int) r.get("true_k");
            Map<String, Object> today = (Map<String, Object>) r.get("selected_k_today");
            Map<String, Object> identifiable = (Map<String, Object>) r.get("identifiable");
            for (AutoKMethod method : AutoKMethod.values()) {
                boolean id = (boolean) identifiable.get(method.key());
                boolean exact = (int) today.get(method.key()) == k;
                int[] c = counts.get(method);
                c[0] += id ? 1 : 0;
                c[1] += exact ? 1 : 0;
                c[2] += id && exact ? 1 : 0;
            }
        }
        for (AutoKMethod method : AutoKMethod.values()) {
            int[] c = counts.get(method);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("datasets", results.size());
            s.put("identifiable", c[0]);
            s.put("exact_today", c[1]);
            s.put("exact_today_identifiable", c[2]);
            summary.put(method.key(), s);
        }
        return summary;
    }

    @SuppressWarnings("unchecked")
    static String markdown(List<Map<String, Object>> results) {
        StringBuilder out = new StringBuilder();
        out.append("| # | dataset | K | K in template | silhouette | Davies-Bouldin | elbow | BIC |\n");
        out.append("| ---: | --- | ---: | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> r : results) {
            int k = (int) r.get("true_k");
            Map<String, Object> today = (Map<String, Object>) r.get("selected_k_today");
            Map<String, Object> identifiable = (Map<String, Object>) r.get("identifiable");
            out.append(String.format(Locale.ROOT, "| %d | %s | %d | %s |", (int) r.get("index"), r.get("name"), k,
                    (boolean) r.get("true_k_in_template") ? "yes" : "no"));
            for (AutoKMethod method : AutoKMethod.values()) {
                int selected = (int) today.get(method.key());
                String cell = selected == k ? "**" + selected + "**" : Integer.toString(selected);
                out.append(' ').append((boolean) identifiable.get(method.key()) ? "yes" : "no").append(", ")
                        .append(cell).append(" |");
            }
            out.append('\n');
        }
        Map<String, Object> summary = summary(results);
        out.append("| | **identifiable / exact today (exact on identifiable)** | | |");
        for (AutoKMethod method : AutoKMethod.values()) {
            Map<String, Object> s = (Map<String, Object>) summary.get(method.key());
            out.append(String.format(Locale.ROOT, " %d / %d (%d) |", (int) s.get("identifiable"),
                    (int) s.get("exact_today"), (int) s.get("exact_today_identifiable")));
        }
        out.append('\n');
        return out.toString();
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
