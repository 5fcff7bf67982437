package org.clostera.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.clostera.data.RowSampler;
import org.clostera.io.npy.NpyWriter;

/**
 * Peer: faiss PQ and OPQ through {@code clostera-bench/scripts/faiss_opq_reference.py}, when {@code python3}
 * can import faiss (Debian's {@code python3-faiss}); otherwise the report says it was skipped and why. The
 * rows go to the script as {@code .npy} files with clostera's training sample (32,768 rows, seed 0) and the
 * same reconstruction-error rows as clostera's.
 */
public final class FaissPq {
    static final String SCRIPT = "clostera-bench/scripts/faiss_opq_reference.py";
    private static final int TRAIN_ROWS = 32_768;
    private static Boolean available;

    private FaissPq() {
    }

    /** One line per quantizer of the script (PQ, OPQ), or a {@code skipped} report. */
    public static Map<String, Object> run(float[] rows, int dim, int subquantizers, int codebookSize, int threads,
                                          int mseSampleRows, long seed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "faiss (python3-faiss, " + SCRIPT + ")");
        Path script = locate();
        if (script == null || !faissImportable()) {
            r.put("status", "skipped");
            r.put("reason", script == null ? SCRIPT + " not found from " + Path.of("").toAbsolutePath()
                    : "python3 cannot import faiss (apt-get install python3-faiss python3-numpy)");
            return r;
        }
        if (Integer.bitCount(codebookSize) != 1) {
            r.put("status", "skipped");
            r.put("reason", "faiss needs Ks to be a power of two, got " + codebookSize);
            return r;
        }
        if (dim % subquantizers != 0) {
            r.put("status", "skipped");
            r.put("reason", "faiss needs D to be a multiple of M, got D = " + dim + ", M = " + subquantizers);
            return r;
        }
        int n = rows.length / dim;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("clostera-faiss");
            String prefix = dir.resolve("suite").toString();
            try (NpyWriter writer = NpyWriter.createFloat32(Path.of(prefix + "_data.npy"), n, dim)) {
                writer.writeFloats(0, rows, 0, n);
            }
            writeIndices(Path.of(prefix + "_train_idx.npy"), RowSampler.sample(n, TRAIN_ROWS, 0));
            writeIndices(Path.of(prefix + "_eval_idx.npy"), RowSampler.sample(n, mseSampleRows, seed));
            ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), "--prefix", prefix, "--m",
                    String.valueOf(subquantizers), "--ks", String.valueOf(codebookSize), "--threads",
                    String.valueOf(threads)).redirectError(ProcessBuilder.Redirect.INHERIT);
            // faiss runs its own OpenMP threads; OpenBLAS threads inside them and spinning idle OpenMP workers
            // oversubscribe the cores (Debian's faiss 1.7.3 on 2 cores: 98 s -> 52 s for PQ + OPQ on 40,000 x 128).
            // A caller's own settings win.
            builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
            builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.HOURS)) {
                process.destroyForcibly();
                r.put("status", "failed");
                r.put("reason", "the script ran for more than 2 hours");
                return r;
            }
            if (process.exitValue() != 0) {
                r.put("status", "failed");
                r.put("reason", "the script exited with " + process.exitValue() + " (its stderr is above)");
                return r;
            }
            List<Object> quantizers = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : out.split("\n")) {
                if (line.startsWith("{")) {
                    quantizers.add(json.readValue(line, Map.class));
                }
            }
            r.put("status", "ran");
            r.put("quantizers", quantizers);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("faiss peer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("faiss peer interrupted", e);
        } finally {
            delete(dir);
        }
    }

    private static void writeIndices(Path file, long[] rows) {
        int[] indices = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            indices[i] = Math.toIntExact(rows[i]);
        }
        try (NpyWriter writer = NpyWriter.createInt32(file, indices.length)) {
            writer.writeInts(0, indices, 0, indices.length);
        }
    }

    /** The script from the working directory or its parent (the repository root or clostera-bench). */
    private static Path locate() {
        for (Path base : new Path[] {Path.of(""), Path.of("..")}) {
            Path candidate = base.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static synchronized boolean faissImportable() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("python3", "-c", "import faiss, numpy")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp folder left behind is not worth failing the suite for
        }
    }
}
