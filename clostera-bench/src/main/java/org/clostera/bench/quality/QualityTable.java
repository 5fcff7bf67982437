package org.clostera.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of {@link QualitySweep} results for the bench README: one run, or two runs side by side
 * ("before -> after", matched by dataset name).
 *
 * <pre>
 * java -cp clostera-bench/target/benchmarks.jar org.clostera.bench.quality.QualityTable \
 *     benchmarks/results/quality-sweep-before.json [benchmarks/results/quality-sweep-after.json]
 * </pre>
 */
public final class QualityTable {
    /** A clustering "reaches" the truth's SSE when it is at most this factor above it (issue 10). */
    static final double SSE_TOLERANCE = 1 + 1e-4;
    static final String[] MODES = {"pq", "opq"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private QualityTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: QualityTable RESULT.json [AFTER.json]");
            System.exit(2);
        }
        List<Map<String, Object>> first = read(Path.of(args[0]));
        List<Map<String, Object>> second = args.length == 2 ? read(Path.of(args[1])) : null;
        if (second == null) {
            System.out.println(markdown(first, null));
            System.out.println(summaryMarkdown(summary(first)));
        } else {
            System.out.println(markdown(second, first));
            System.out.println("before:\n" + summaryMarkdown(summary(first)));
            System.out.println("after:\n" + summaryMarkdown(summary(second)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode dataset : root.get("datasets")) {
            out.add(JSON.convertValue(dataset, Map.class));
        }
        return out;
    }

    /** One line per dataset while the sweep runs. */
    static String consoleLine(Map<String, Object> r) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d %-44s truth %.4f  k-means++ %.4f",
                number(r, "index").intValue(), r.get("name"), number(r, "truth_sse_per_dim").doubleValue(),
                ratio(r, "dense_kmeans")));
        for (String mode : MODES) {
            line.append(String.format(Locale.ROOT, "  %s %.4f p=%.3f (%.1f s)", mode, ratio(r, mode), score(r, mode,
                    "purity"), score(r, mode, "seconds")));
        }
        if (r.get("auto_k_pq") instanceof Map<?, ?> auto) {
            line.append("  auto-K ").append(auto.get("selected_k"));
        }
        return line.toString();
    }

    /**
     * The per-dataset table. Ratios are SSE / the truth's SSE (raw space, per dimension); {@code *} marks a
     * dataset where the truth has a lower SSE than dense k-means++ + Lloyd. With {@code before}, clostera's
     * columns show "before -> after".
     */
    public static String markdown(List<Map<String, Object>> results, List<Map<String, Object>> before) {
        Map<String, Map<String, Object>> earlier = new HashMap<>();
        if (before != null) {
            for (Map<String, Object> r : before) {
                earlier.put((String) r.get("name"), r);
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| # | dataset | N | D | K | smallest | truth SSE/dim | k-means++ / truth"
                + " | PQ / truth | PQ purity | OPQ / truth | OPQ purity | auto-K (PQ) |\n");
        table.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : results) {
            Map<String, Object> b = earlier.get((String) r.get("name"));
            boolean truthBeats = Boolean.TRUE.equals(r.get("truth_beats_dense_kmeans"));
            table.append(String.format(Locale.ROOT, "| %d | %s%s | %,d | %d | %d | %d | %.4f | %.4f",
                    number(r, "index").intValue(), r.get("name"), truthBeats ? " *" : "", number(r, "rows").intValue(),
                    number(r, "dim").intValue(), number(r, "true_k").intValue(),
                    number(r, "smallest_cluster").intValue(), number(r, "truth_sse_per_dim").doubleValue(),
                    ratio(r, "dense_kmeans")));
            for (String mode : MODES) {
                table.append(" | ").append(change(b == null ? null : ratio(b, mode), ratio(r, mode), "%.4f"));
                table.append(" | ").append(change(b == null ? null : score(b, mode, "purity"), score(r, mode, "purity"),
                        "%.3f"));
            }
            table.append(" | ").append(b == null ? autoK(r) : autoK(b) + " -> " + autoK(r)).append(" |\n");
        }
        return table.toString();
    }

    private static String autoK(Map<String, Object> r) {
        if (r == null || !(r.get("auto_k_pq") instanceof Map<?, ?> auto)) {
            return "";
        }
        return String.valueOf(auto.get("selected_k"));
    }

    private static String change(Double before, double after, String format) {
        String now = String.format(Locale.ROOT, format, after);
        return before == null ? now : String.format(Locale.ROOT, format, before) + " -> " + now;
    }

    /** Counts over the datasets: where the truth beats k-means++, and how often each mode reaches it. */
    static Map<String, Object> summary(List<Map<String, Object>> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        int truthBeats = 0;
        int autoKRuns = 0;
        int autoKExact = 0;
        for (Map<String, Object> r : results) {
            truthBeats += Boolean.TRUE.equals(r.get("truth_beats_dense_kmeans")) ? 1 : 0;
            if (r.get("auto_k_pq") instanceof Map<?, ?> auto) {
                autoKRuns++;
                autoKExact += Boolean.TRUE.equals(auto.get("exact")) ? 1 : 0;
            }
        }
        s.put("datasets", results.size());
        s.put("truth_beats_dense_kmeans", truthBeats);
        for (String mode : new String[] {"dense_kmeans", "pq", "opq"}) {
            int atTruth = 0;
            int atTruthWhereTruthBeats = 0;
            int pure = 0;
            int pureAtTruth = 0;
            double logRatio = 0;
            for (Map<String, Object> r : results) {
                double ratio = ratio(r, mode);
                boolean reaches = ratio <= SSE_TOLERANCE;
                atTruth += reaches ? 1 : 0;
                if (Boolean.TRUE.equals(r.get("truth_beats_dense_kmeans"))) {
                    atTruthWhereTruthBeats += reaches ? 1 : 0;
                }
                boolean isPure = score(r, mode, "purity") >= 0.99;
                pure += isPure ? 1 : 0;
                pureAtTruth += reaches && isPure ? 1 : 0;
                logRatio += Math.log(ratio);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sse_at_most_truth", atTruth);
            m.put("sse_at_most_truth_where_truth_beats_dense", atTruthWhereTruthBeats);
            m.put("purity_at_least_0_99", pure);
            m.put("purity_at_least_0_99_where_sse_at_most_truth", pureAtTruth);
            m.put("geometric_mean_sse_ratio", Math.exp(logRatio / Math.max(1, results.size())));
            s.put(mode, m);
        }
        s.put("auto_k_exact", autoKExact);
        s.put("auto_k_datasets", autoKRuns);
        return s;
    }

    @SuppressWarnings("unchecked")
    public static String summaryMarkdown(Map<String, Object> s) {
        StringBuilder t = new StringBuilder();
        int n = number(s, "datasets").intValue();
        int beats = number(s, "truth_beats_dense_kmeans").intValue();
        t.append("| | dense k-means++ | PQ | OPQ |\n| --- | ---: | ---: | ---: |\n");
        String[][] rows = {
            {"SSE <= truth x (1 + 1e-4), of " + n, "sse_at_most_truth"},
            {"same, on the " + beats + " where the truth beats k-means++", "sse_at_most_truth_where_truth_beats_dense"},
            {"purity >= 0.99", "purity_at_least_0_99"},
            {"purity >= 0.99 and SSE <= truth", "purity_at_least_0_99_where_sse_at_most_truth"},
        };
        for (String[] row : rows) {
            t.append("| ").append(row[0]);
            for (String mode : new String[] {"dense_kmeans", "pq", "opq"}) {
                t.append(" | ").append(((Map<String, Object>) s.get(mode)).get(row[1]));
            }
            t.append(" |\n");
        }
        t.append("| geometric mean SSE / truth");
        for (String mode : new String[] {"dense_kmeans", "pq", "opq"}) {
            t.append(String.format(Locale.ROOT, " | %.4f",
                    number((Map<String, Object>) s.get(mode), "geometric_mean_sse_ratio").doubleValue()));
        }
        t.append(" |\n");
        if (number(s, "auto_k_datasets").intValue() > 0) { // the suite's subset runs without auto-K
            t.append(String.format(Locale.ROOT, "%nauto-K (PQ) picks the true K on %s of %s datasets.%n",
                    s.get("auto_k_exact"), s.get("auto_k_datasets")));
        }
        return t.toString();
    }

    @SuppressWarnings("unchecked")
    private static double ratio(Map<String, Object> r, String mode) {
        return number((Map<String, Object>) r.get(mode), "sse_ratio_to_truth").doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double score(Map<String, Object> r, String mode, String key) {
        return number((Map<String, Object>) r.get(mode), key).doubleValue();
    }

    private static Number number(Map<String, Object> map, String key) {
        return (Number) map.get(key);
    }
}
