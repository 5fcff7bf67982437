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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.clostera.ProgressListener;
import org.clostera.bench.BenchSupport;
import org.clostera.bench.autok.CachedSampleClusterer;
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
 * sees them (same encoder, codes, sample, seeds and candidate clusterings), the analysis runs four times
 * over one cache of candidate clusterings:
 * <ul>
 *   <li><b>today</b>: the default template, k-means candidates: the K each method selects now;</li>
 *   <li><b>truth</b>: the template plus the true K, where the true K's centers are the true clusters' means of
 *       the sample codes (coding space) instead of a k-means result. The true K is <em>identifiable under a
 *       method</em> when the truth scores strictly better under it than every k-means candidate at another K;</li>
 *   <li><b>k-means truth</b>: as <b>truth</b>, but the true K's clustering is the k-means one started from the
 *       true means (Lloyd and the refinement on the sample codes): the true K is <em>identifiable for a k-means
 *       method</em> when it scores strictly better than every k-means candidate at another K. Where the truth is
 *       not a k-means optimum, this is the best a rule over k-means candidates can hope for;</li>
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
 * {@code --no-dense} (skip the dense run), {@code --neighbour-starts} and {@code --midpoints} (also the selection
 * with that {@code AutoKAnalysis.Search}, reported as {@code selected_k_variant}), {@code --no-truth} (only the
 * selections, for quick comparisons), {@code --label text}.
 */
public final class AutoKIdentifiability {

    private AutoKIdentifiability() {
    }

    public static void main(String[] args) throws IOException {
        BenchSupport.quietLogsByDefault();
        Path output = Path.of("benchmarks/results/autok-identifiability.json");
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 0;
        int caseLimit = Integer.MAX_VALUE;
        String only = null;
        boolean dense = true;
        boolean neighbourStarts = false;
        boolean midpoints = false;
        boolean truth = true;
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
                case "--midpoints" -> midpoints = true;
                case "--no-truth" -> truth = false;
                case "--label" -> label = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: AutoKIdentifiability [--output file]"
                            + " [--threads n] [--seed s] [--cases n] [--only i,j,..] [--no-dense] [--neighbour-starts]"
                            + " [--midpoints]"
                            + " [--no-truth]"
                            + " [--label text]");
                    System.exit(2);
                }
            }
        }
        AutoKAnalysis.Search variant = neighbourStarts || midpoints
                ? new AutoKAnalysis.Search(neighbourStarts, false, midpoints) : null;
        List<QualityCase> all = QualityCase.standard();
        List<Integer> indices = QualityCase.indices(only, caseLimit);
        long start = System.nanoTime();
        List<Map<String, Object>> results = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int index : indices) {
                Map<String, Object> result = runCase(index, all.get(index), seed, threads, dense, variant, truth, pool);
                results.add(result);
                System.out.println(consoleLine(result));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "autok-identifiability");
        report.put("label", label);
        report.put("variant", variant == null ? null : variant.toString());
        report.put("date", Instant.now().toString());
        report.put("machine", Map.of("processors", Runtime.getRuntime().availableProcessors(), "threads", threads,
                "java", System.getProperty("java.version"), "kernels", KernelsProvider.get().name()));
        report.put("settings", Map.of("seed", seed, "encoder", "PQ, library defaults (as fastest(true))",
                "auto_k", "defaults (16384 sample rows, template candidates, the contenders refined)",
                "identifiable", "the truth (true K, centers = true clusters' means of the sample codes) scores "
                        + "strictly better than every refined k-means candidate of the template at another K",
                "kmeans_identifiable", "the k-means clustering started from the true means (Lloyd and the "
                        + "refinement on the sample codes) scores strictly better than every refined k-means "
                        + "candidate of the template at another K"));
        report.put("seconds", (System.nanoTime() - start) / 1e9);
        report.put("summary", summary(results));
        report.put("datasets", results);
        write(report, output);
        System.out.println(markdown(results));
        System.out.println("wrote " + output + String.format(Locale.ROOT, " (%.0f s)", (System.nanoTime() - start) / 1e9));
    }

    static Map<String, Object> runCase(int index, QualityCase c, long seed, int threads, boolean dense,
                                       AutoKAnalysis.Search variant, boolean truthRuns, WorkerPool pool) {
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
        // The sample clusterer PQKMeans gives its candidates (Clusterer defaults, seed), cached per start: the
        // candidates' seeds are nested and every run below has the same largest K, so a K's fit is the same.
        CodeSpaceKMeans.Options sampleOptions = AutoKAnalysis.sampleOptions(CodeSpaceKMeans.Options.defaults()
                .withSeed(seed));
        SampleClusterer kmeans = new CachedSampleClusterer(SampleClusterer.codeSpace(encoder, sampleOptions, pool));
        float[] truthCenters = trueMeans(sampleCodes(codes, sampleRows), sampleLabels, c.k(), encoder);
        // The truth itself: the true clusters' means, never moved.
        SampleClusterer withTruth = new SampleClusterer() {
            @Override
            public Fit cluster(CodeStore sample, int k, float[] seeds) {
                return k == c.k() ? new Fit(truthCenters, 0) : kmeans.cluster(sample, k, seeds);
            }

            @Override
            public Fit refine(CodeStore sample, int k, Fit converged) {
                return k == c.k() ? converged : kmeans.refine(sample, k, converged);
            }
        };
        // The k-means optimum nearest the truth: Lloyd and the refinement started from the true means.
        SampleClusterer fromTruth = new SampleClusterer() {
            @Override
            public Fit cluster(CodeStore sample, int k, float[] seeds) {
                return kmeans.cluster(sample, k, k == c.k() ? truthCenters : seeds);
            }

            @Override
            public Fit refine(CodeStore sample, int k, Fit converged) {
                return kmeans.refine(sample, k, converged);
            }
        };

        // Identifiability compares with the strongest k-means candidates: every one refined.
        AutoKAnalysis.Search strongest = new AutoKAnalysis.Search(false, true, false);
        long todayStart = System.nanoTime();
        KSelection today = AutoKAnalysis.run(codes, encoder, defaults, kmeans, seed, pool, ProgressListener.NONE,
                AutoKAnalysis.Search.DEFAULT).selection();
        double todaySeconds = (System.nanoTime() - todayStart) / 1e9;
        KSelection withNeighbours = null;
        double neighboursSeconds = 0;
        if (variant != null) {
            long neighboursStart = System.nanoTime();
            withNeighbours = AutoKAnalysis.run(codes, encoder, defaults, kmeans, seed, pool, ProgressListener.NONE,
                    variant).selection();
            neighboursSeconds = (System.nanoTime() - neighboursStart) / 1e9;
        }
        int[] truthCandidates = withK(template, c.k());
        // Without the truth runs (--no-truth, for quick comparisons of searches) nothing counts as identifiable.
        KSelection truthRun = truthRuns ? AutoKAnalysis.run(codes, encoder, explicit(truthCandidates), withTruth, seed,
                pool, ProgressListener.NONE, strongest).selection() : null;
        KSelection kmeansTruthRun = truthRuns ? AutoKAnalysis.run(codes, encoder, explicit(truthCandidates), fromTruth,
                seed, pool, ProgressListener.NONE, strongest).selection() : null;
        KSelection denseRun = null;
        if (dense) {
            denseRun = AutoKAnalysis.run(codes, encoder, explicit(withK(denseCandidates(template), c.k())), kmeans,
                    seed, pool, ProgressListener.NONE, strongest).selection();
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
        Map<String, Object> kmeansIdentifiable = new LinkedHashMap<>();
        Map<String, Object> truthScore = new LinkedHashMap<>();
        Map<String, Object> bestOther = new LinkedHashMap<>();
        Map<String, Object> kmeansTruthScore = new LinkedHashMap<>();
        Map<String, Object> kmeansBestOther = new LinkedHashMap<>();
        Map<String, Object> selectedWithTruth = new LinkedHashMap<>();
        int truthIndex = truthRuns ? indexOf(truthRun.candidateKs(), c.k()) : -1;
        for (AutoKMethod method : AutoKMethod.values()) {
            selectedToday.put(method.key(), today.selectedK(method));
            identifiable.put(method.key(), truthRuns
                    && scoresBest(truthRun, method, truthIndex, truthScore, bestOther));
            kmeansIdentifiable.put(method.key(), truthRuns && scoresBest(kmeansTruthRun, method, truthIndex,
                    kmeansTruthScore, kmeansBestOther));
            selectedWithTruth.put(method.key(), truthRuns ? truthRun.selectedK(method) : null);
        }
        result.put("selected_k_today", selectedToday);
        result.put("today_seconds", todaySeconds);
        if (withNeighbours != null) {
            Map<String, Object> selectedNeighbours = new LinkedHashMap<>();
            for (AutoKMethod method : AutoKMethod.values()) {
                selectedNeighbours.put(method.key(), withNeighbours.selectedK(method));
            }
            result.put("selected_k_variant", selectedNeighbours);
            result.put("variant_seconds", neighboursSeconds);
            result.put("variant", withNeighbours.toMap());
        }
        result.put("identifiable", identifiable);
        result.put("kmeans_identifiable", kmeansIdentifiable);
        result.put("truth_score", truthScore);
        result.put("best_other", bestOther);
        result.put("kmeans_truth_score", kmeansTruthScore);
        result.put("kmeans_best_other", kmeansBestOther);
        if (truthRuns) {
            result.put("kmeans_truth_inertia_over_truth", kmeansTruthRun.candidates().get(truthIndex).inertia()
                    / truthRun.candidates().get(truthIndex).inertia());
        }
        result.put("selected_k_with_truth", selectedWithTruth);
        result.put("today", today.toMap());
        if (truthRuns) {
            result.put("with_truth", truthRun.toMap());
            result.put("with_kmeans_truth", kmeansTruthRun.toMap());
        }
        if (denseRun != null) {
            result.put("dense", denseRun.toMap());
        }
        result.put("seconds", (System.nanoTime() - start) / 1e9);
        return result;
    }

    /**
     * Whether candidate {@code own} of {@code run} scores strictly better under {@code method} than every other
     * candidate; records its score and the best other's in the maps.
     */
    private static boolean scoresBest(KSelection run, AutoKMethod method, int own, Map<String, Object> ownScore,
                                      Map<String, Object> bestOther) {
        double[] scores = run.scores(method);
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (i != own && !Double.isNaN(scores[i]) && (best < 0 || better(method, scores[i], scores[best]))) {
                best = i;
            }
        }
        double score = scores[own];
        ownScore.put(method.key(), Double.isNaN(score) ? null : score);
        bestOther.put(method.key(), best < 0 ? null : Map.of("k", run.candidateKs()[best], "score", scores[best]));
        return !Double.isNaN(score) && (best < 0 || better(method, score, scores[best]));
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

    /** The codes of {@code rows} (ascending), in that order. */
    static CodeStore sampleCodes(CodeStore codes, long[] rows) {
        int m = codes.codeBytes();
        byte[] out = new byte[rows.length * m];
        for (int i = 0; i < rows.length; i++) {
            codes.read(rows[i], 1, out, i * m);
        }
        return HeapCodeStore.copyOf(out, m);
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
        Map<String, Object> kmeansIdentifiable = (Map<String, Object>) r.get("kmeans_identifiable");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d %-44s K=%-3d", (int) r.get("index"),
                r.get("name"), (int) r.get("true_k")));
        for (AutoKMethod method : AutoKMethod.values()) {
            line.append(String.format(Locale.ROOT, " %s=%s%s%s", method.key(), today.get(method.key()),
                    (boolean) identifiable.get(method.key()) ? "(id)" : "",
                    (boolean) kmeansIdentifiable.get(method.key()) ? "(km)" : ""));
        }
        Map<String, Object> neighbours = (Map<String, Object>) r.get("selected_k_variant");
        if (neighbours != null) {
            line.append(" | variant:");
            for (AutoKMethod method : AutoKMethod.values()) {
                line.append(' ').append(neighbours.get(method.key()));
            }
        }
        line.append(String.format(Locale.ROOT, "  selection %.1f s, all %.1f s", (double) r.get("today_seconds"),
                (double) r.get("seconds")));
        return line.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(List<Map<String, Object>> results) {
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<AutoKMethod, int[]> counts = new EnumMap<>(AutoKMethod.class);
        for (AutoKMethod method : AutoKMethod.values()) {
            counts.put(method, new int[7]);
        }
        double todaySeconds = 0;
        double neighboursSeconds = 0;
        for (Map<String, Object> r : results) {
            int k = (int) r.get("true_k");
            todaySeconds += (double) r.get("today_seconds");
            neighboursSeconds += r.containsKey("variant_seconds") ? (double) r.get("variant_seconds")
                    : 0;
            Map<String, Object> today = (Map<String, Object>) r.get("selected_k_today");
            Map<String, Object> identifiable = (Map<String, Object>) r.get("identifiable");
            Map<String, Object> kmeansIdentifiable = (Map<String, Object>) r.get("kmeans_identifiable");
            for (AutoKMethod method : AutoKMethod.values()) {
                boolean id = (boolean) identifiable.get(method.key());
                boolean kmeansId = (boolean) kmeansIdentifiable.get(method.key());
                boolean exact = (int) today.get(method.key()) == k;
                int[] c = counts.get(method);
                c[0] += id ? 1 : 0;
                c[1] += exact ? 1 : 0;
                c[2] += id && exact ? 1 : 0;
                c[3] += kmeansId ? 1 : 0;
                c[4] += kmeansId && exact ? 1 : 0;
                Map<String, Object> neighbours = (Map<String, Object>) r.get("selected_k_variant");
                if (neighbours != null) {
                    boolean neighboursExact = (int) neighbours.get(method.key()) == k;
                    c[5] += neighboursExact ? 1 : 0;
                    c[6] += kmeansId && neighboursExact ? 1 : 0;
                }
            }
        }
        for (AutoKMethod method : AutoKMethod.values()) {
            int[] c = counts.get(method);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("datasets", results.size());
            s.put("identifiable", c[0]);
            s.put("exact_today", c[1]);
            s.put("exact_today_identifiable", c[2]);
            s.put("kmeans_identifiable", c[3]);
            s.put("exact_today_kmeans_identifiable", c[4]);
            s.put("exact_variant", c[5]);
            s.put("exact_variant_kmeans_identifiable", c[6]);
            summary.put(method.key(), s);
        }
        summary.put("today_seconds", todaySeconds);
        summary.put("variant_seconds", neighboursSeconds);
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
            Map<String, Object> kmeansIdentifiable = (Map<String, Object>) r.get("kmeans_identifiable");
            out.append(String.format(Locale.ROOT, "| %d | %s | %d | %s |", (int) r.get("index"), r.get("name"), k,
                    (boolean) r.get("true_k_in_template") ? "yes" : "no"));
            for (AutoKMethod method : AutoKMethod.values()) {
                int selected = (int) today.get(method.key());
                String cell = selected == k ? "**" + selected + "**" : Integer.toString(selected);
                out.append(' ').append(yesNo((boolean) identifiable.get(method.key()))).append(" / ")
                        .append(yesNo((boolean) kmeansIdentifiable.get(method.key()))).append(", ")
                        .append(cell).append(" |");
            }
            out.append('\n');
        }
        Map<String, Object> summary = summary(results);
        out.append("| | **identifiable (truth / k-means) / exact (exact on k-means-identifiable)** | | |");
        for (AutoKMethod method : AutoKMethod.values()) {
            Map<String, Object> s = (Map<String, Object>) summary.get(method.key());
            out.append(String.format(Locale.ROOT, " %d / %d / %d (%d) |", (int) s.get("identifiable"),
                    (int) s.get("kmeans_identifiable"), (int) s.get("exact_today"),
                    (int) s.get("exact_today_kmeans_identifiable")));
        }
        out.append('\n');
        return out.toString();
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
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
