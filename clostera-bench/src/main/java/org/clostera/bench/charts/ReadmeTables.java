package org.clostera.bench.charts;

import static org.clostera.bench.charts.SuiteResults.list;
import static org.clostera.bench.charts.SuiteResults.map;
import static org.clostera.bench.charts.SuiteResults.number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clostera.bench.quality.QualityTable;

/**
 * The README's benchmark tables, made from the suite's JSON and written between marker comments
 * ({@code <!-- suite:NAME -->} ... {@code <!-- /suite:NAME -->}), so the text never drifts from the results.
 * Regenerating from the same JSON gives the same file. Tables: {@code headline} and {@code peer-wins}
 * ({@link PeerComparison}), {@code peers} (clostera against each peer per dataset), {@code faiss} (against faiss PQ
 * and OPQ per dataset, when the optional peer ran), {@code datasets} (every figure
 * per dataset and mode), {@code quality-sweep}, {@code k-sweep}, {@code n-sweep}, {@code auto-k}, {@code kernels},
 * {@code machine}.
 */
public final class ReadmeTables {
    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- suite:([a-z-]+) -->\\n)(.*?)(<!-- /suite:\\2 -->)", Pattern.DOTALL);

    private ReadmeTables() {
    }

    /** Every table the results allow, by marker name. */
    public static Map<String, String> tables(SuiteResults results) {
        Map<String, String> tables = new LinkedHashMap<>();
        Map<String, Object> anyFile = results.datasets() != null ? results.datasets() : results.nSweep();
        if (anyFile != null) {
            tables.put("machine", machine(map(anyFile, "machine"), results));
        }
        if (results.datasets() != null) {
            tables.put("headline", PeerComparison.headline(results.datasetList()));
            tables.put("peer-wins", PeerComparison.peerWins(results.datasetList()));
            tables.put("peers", peers(results.datasetList()));
            tables.put("faiss", faiss(results.datasetList()));
            tables.put("datasets", datasets(results.datasetList()));
        }
        if (results.qualitySweep() != null) {
            tables.put("quality-sweep", qualitySweep(results.qualitySweep()));
        }
        if (!results.kSweeps().isEmpty()) {
            tables.put("k-sweep", kSweeps(results.kSweeps()));
        }
        if (results.nSweep() != null) {
            tables.put("n-sweep", nSweep(results.nSweep()));
        }
        if (results.autoK() != null) {
            tables.put("auto-k", autoK(results.autoK()));
        }
        if (results.kernels() != null) {
            tables.put("kernels", kernels(results.kernels()));
        }
        return tables;
    }

    /**
     * Replaces the body of every marker pair in {@code file} with its table; fails naming the marker when the
     * results have no such table. Returns the number of blocks replaced; the file is rewritten only if it changed.
     */
    public static int regenerate(Path file, Map<String, String> tables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Matcher m = BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        int replaced = 0;
        while (m.find()) {
            String table = tables.get(m.group(2));
            if (table == null) {
                throw new IllegalArgumentException(file + ": marker <!-- suite:" + m.group(2) + " --> names no table"
                        + " of these results; known: " + String.join(", ", tables.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + table + m.group(4)));
            replaced++;
        }
        m.appendTail(out);
        if (!out.toString().equals(text)) {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                Files.writeString(temp, out, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        return replaced;
    }

    static String machine(Map<String, Object> machine, SuiteResults results) {
        return String.format(Locale.ROOT, "Measured on %s, %s cores, %s threads; %s; kernels %s; BLAS %s (%s).%n",
                machine.get("cpu"), machine.get("cores"), machine.get("threads"), machine.get("jdk"),
                machine.get("kernels"), machine.get("blas"), machine.get("date"));
    }

    /** Per dataset: clostera's throughput and time ratios against each peer, and the quality of each. */
    static String peers(List<Map<String, Object>> datasets) {
        StringBuilder t = new StringBuilder("| dataset | encode: fastest / JVector PQ | PQ error: clostera / JVector"
                + " | OPQ error / PQ error | s per iteration: Tribuo / fastest | Tribuo / quality"
                + " | Commons Math / fastest | NMI fastest | NMI quality | NMI Tribuo | NMI Commons Math |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> d : datasets) {
            t.append(String.format(Locale.ROOT, "| %s | %.2fx | %.3f | %.3f | %.1fx | %.1fx | %.1fx | %.3f | %.3f"
                            + " | %.3f%s | %.3f%s |%n",
                    d.get("name"),
                    number(d, "clostera.fastest.encode_vectors_per_s") / number(d, "peers.jvector_pq.encode_vectors_per_s"),
                    number(d, "clostera.fastest.reconstruction_mse") / number(d, "peers.jvector_pq.reconstruction_mse"),
                    number(d, "clostera.quality.reconstruction_mse") / number(d, "clostera.fastest.reconstruction_mse"),
                    number(d, "peers.tribuo_kmeans.s_per_iteration") / number(d, "clostera.fastest.s_per_iteration"),
                    number(d, "peers.tribuo_kmeans.s_per_iteration") / number(d, "clostera.quality.s_per_iteration"),
                    number(d, "peers.dense_kmeans.s_per_iteration") / number(d, "clostera.fastest.s_per_iteration"),
                    number(d, "clostera.fastest.nmi"), number(d, "clostera.quality.nmi"),
                    number(d, "peers.tribuo_kmeans.nmi"), subsample(d, "tribuo_kmeans"),
                    number(d, "peers.dense_kmeans.nmi"), subsample(d, "dense_kmeans")));
        }
        return t.toString();
    }

    /**
     * Per dataset, clostera against the optional faiss peer (run in the same suite when {@code python3} imports faiss):
     * encode throughput and reconstruction error, fastest against faiss PQ and quality against faiss OPQ at the same
     * M and Ks. A dataset where faiss did not run says why.
     */
    static String faiss(List<Map<String, Object>> datasets) {
        StringBuilder t = new StringBuilder("| dataset | encode: fastest / faiss PQ | PQ error: clostera / faiss"
                + " | encode: quality / faiss OPQ | OPQ error: clostera / faiss | train s: fastest, faiss PQ"
                + " | train s: quality, faiss OPQ |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> d : datasets) {
            Map<String, Object> peer = map(d, "peers.faiss");
            Map<String, Object> pq = null;
            Map<String, Object> opq = null;
            if ("ran".equals(peer.get("status"))) {
                for (Map<String, Object> q : list(peer, "quantizers")) {
                    String name = String.valueOf(q.get("quantizer"));
                    if (name.contains("OPQ")) {
                        opq = q;
                    } else {
                        pq = q;
                    }
                }
            }
            if (pq == null || opq == null) {
                String reason = String.valueOf(peer.getOrDefault("reason", "no PQ and OPQ results"));
                t.append(String.format(Locale.ROOT, "| %s | faiss %s: %s | | | | | |%n", d.get("name"),
                        peer.get("status"), reason.replace('|', '/')));
                continue;
            }
            t.append(String.format(Locale.ROOT, "| %s | %.1fx | %.3f | %.1fx | %.3f | %.2f, %.2f | %.2f, %.2f |%n",
                    d.get("name"),
                    number(d, "clostera.fastest.encode_vectors_per_s") / number(pq, "encode_vectors_per_s"),
                    number(d, "clostera.fastest.reconstruction_mse") / number(pq, "reconstruction_mse"),
                    number(d, "clostera.quality.encode_vectors_per_s") / number(opq, "encode_vectors_per_s"),
                    number(d, "clostera.quality.reconstruction_mse") / number(opq, "reconstruction_mse"),
                    number(d, "clostera.fastest.train_s"), number(pq, "train_s"),
                    number(d, "clostera.quality.train_s"), number(opq, "train_s")));
        }
        return t.toString();
    }

    private static String subsample(Map<String, Object> d, String peer) {
        return Boolean.TRUE.equals(map(d, "peers." + peer).get("subsampled")) ? " (subsample)" : "";
    }

    /** The quality sweep's subset: each dataset's SSE against the truth's, then the counts. */
    static String qualitySweep(Map<String, Object> sweep) {
        return QualityTable.markdown(list(sweep, "datasets"), null) + "\n"
                + QualityTable.summaryMarkdown(map(sweep, "summary"));
    }

    static String datasets(List<Map<String, Object>> datasets) {
        StringBuilder t = new StringBuilder("| dataset | N x D, K | mode | M x Ks | train s | encode s | cluster s"
                + " | vectors/s | s/iteration | recon. MSE | purity | ARI | NMI | V | assigned-center MSE |\n"
                + "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> d : datasets) {
            for (String mode : List.of("fastest", "quality")) {
                Map<String, Object> r = map(d, "clostera." + mode);
                t.append(String.format(Locale.ROOT, "| %s | %,d x %d, %d | %s | %d x %d | %.2f | %.2f | %.2f | %,.0f"
                                + " | %.4f | %.4g | %.3f | %.3f | %.3f | %.3f | %.5g |%n", d.get("name"),
                        (long) number(d, "rows"), (long) number(d, "dim"), (long) number(d, "k"), mode,
                        (long) number(r, "subquantizers"), (long) number(r, "codebook_size"), number(r, "train_s"),
                        number(r, "encode_s"), number(r, "cluster_s"), number(r, "encode_vectors_per_s"),
                        number(r, "s_per_iteration"), number(r, "reconstruction_mse"), number(r, "purity"),
                        number(r, "ari"), number(r, "nmi"), number(r, "v_measure"), number(r, "assigned_center_mse")));
            }
        }
        return t.toString();
    }

    static String kSweeps(List<Map<String, Object>> sweeps) {
        StringBuilder t = new StringBuilder("| data | K | cluster stage s | seeding s | ms per pass | iterations"
                + " | purity |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> s : sweeps) {
            String data = String.format(Locale.ROOT, "%s %,d x %d, M=%d, Ks=%d", s.get("distribution"),
                    (long) number(s, "rows"), (long) number(s, "dim"), (long) number(s, "subquantizers"),
                    (long) number(s, "codebook_size"));
            for (Map<String, Object> f : list(s, "fits")) {
                t.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | %d | %.3f |%n", data,
                        (long) number(f, "k"), number(f, "cluster_s"), number(f, "seeding_s"), number(f, "ms_per_pass"),
                        (long) number(f, "iterations_run"), number(f, "purity")));
            }
        }
        return t.toString();
    }

    static String nSweep(Map<String, Object> sweep) {
        StringBuilder t = new StringBuilder("| N | D | K | train s | encode vectors/s (median) | ms per iteration"
                + " (median) | assignment pass ms (median) | purity |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : list(sweep, "runs")) {
            double iteration = number(r, "kmeans_iteration_ms_median");
            t.append(String.format(Locale.ROOT, "| %,d | %d | %d | %.2f | %,.0f | %s | %.1f | %.3f |%n",
                    (long) number(r, "rows"), (long) number(r, "dim"), (long) number(r, "k"), number(r, "train_s"),
                    number(r, "encode_vectors_per_s_median"),
                    Double.isNaN(iteration) ? "- (converged at once)" : String.format(Locale.ROOT, "%.1f", iteration),
                    number(r, "assignment_pass_ms_median"), number(r, "purity")));
        }
        return t.toString();
    }

    static String kernels(Map<String, Object> kernels) {
        StringBuilder t = new StringBuilder("| benchmark | parameters | score | unit |\n| --- | --- | ---: | --- |\n");
        for (Map<String, Object> r : list(kernels, "results")) {
            String name = (String) r.get("benchmark");
            Object params = r.getOrDefault("params", Map.of());
            t.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s |%n", name.substring(name.lastIndexOf('.') + 1),
                    params.toString().replaceAll("[{}]", ""), number(r, "primaryMetric.score"),
                    map(r, "primaryMetric").get("scoreUnit")));
        }
        return t.toString();
    }

    static String autoK(Map<String, Object> autoK) {
        StringBuilder t = new StringBuilder("| suite | method | exact | datasets | mean absolute error |\n"
                + "| --- | --- | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Object> suite : map(autoK, "suites").entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) suite.getValue()).get("summary");
            for (Map.Entry<String, Object> method : summary.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) method.getValue();
                t.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f |%n", suite.getKey(), method.getKey(),
                        (long) number(s, "exact"), (long) number(s, "datasets"), number(s, "mean_absolute_error")));
            }
        }
        return t.toString();
    }
}
