package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.synthetic.Distribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate -> cluster -> evaluate in-process on small data, and the failure paths on bad input. */
class CliEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path data;

    /** One small gaussian dataset (5000 x 32, 8 clusters) shared by the tests. */
    @BeforeAll
    static void generateDataset() {
        data = shared.resolve("data");
        CliRun run = CliRun.of("generate", "--distribution", "gaussian", "--rows", "5000", "--dim", "32",
                "--clusters", "8", "--seed", "7", "--threads", "2", "--output", data.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("vectors: " + data.resolve("vectors.npy"));
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void generateWritesVectorsAndLabels() throws IOException {
        assertThat(fileNames(data)).containsExactly("labels.npy", "vectors.npy");
        try (NpyVectorSource vectors = NpyVectorSource.open(data.resolve("vectors.npy"))) {
            assertThat(vectors.rows()).isEqualTo(5000);
            assertThat(vectors.dim()).isEqualTo(32);
        }
        int[] labels = NpyLabels.read(data.resolve("labels.npy"));
        assertThat(labels).hasSize(5000);
        assertThat(java.util.Arrays.stream(labels).allMatch(l -> l >= 0 && l < 8)).isTrue();
        assertThat(java.util.Arrays.stream(labels).distinct().count()).isEqualTo(8);
    }

    @Test
    void clusterThenEvaluateFindsTheTrueClusters() throws IOException {
        Path predicted = dir.resolve("pred.npy");
        Path report = dir.resolve("report.json");
        CliRun cluster = CliRun.of("cluster", data.resolve("vectors.npy").toString(), "--k", "8", "--seed", "0",
                "--threads", "2", "--output", predicted.toString(), "--report", report.toString());
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("clustered 5,000 x 32 into 8 clusters", "labels: " + predicted,
                "report: " + report);
        assertThat(fileNames(dir)).containsExactly("pred.npy", "report.json");

        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("rows").asLong()).isEqualTo(5000);
        assertThat(json.get("dim").asInt()).isEqualTo(32);
        assertThat(json.get("k").asInt()).isEqualTo(8);
        // Default = OPQ when the library provides it; the report states what was trained.
        String mode = json.get("mode").asText();
        assertThat(mode).isIn("opq", "pq");
        assertThat(json.get("timings").has("rotation_s")).isEqualTo(mode.equals("opq"));
        assertThat(json.get("seed").asLong()).isZero();
        assertThat(json.get("threads").asInt()).isEqualTo(2);
        assertThat(json.get("subquantizers").asInt()).isPositive();
        assertThat(json.get("codebook_size").asInt()).isBetween(2, 256);
        for (String key : List.of("train_s", "encode_s", "cluster_s", "seeding_s", "total_s", "write_s", "reconstruction_s",
                "wall_s")) {
            assertThat(json.get("timings").get(key).asDouble()).as(key).isGreaterThanOrEqualTo(0);
        }
        int iterationsRun = json.get("iterations_run").asInt();
        assertThat(iterationsRun).isPositive();
        assertThat(json.get("inertia_history").size()).isPositive();
        assertThat(json.get("reconstruction_mse").asDouble()).isPositive();
        assertThat(json.get("reconstruction_sample_rows").asInt()).isEqualTo(5000);
        long total = 0;
        for (JsonNode size : json.get("cluster_sizes")) {
            total += size.asLong();
        }
        assertThat(total).isEqualTo(5000);
        assertThat(json.get("kernels").asText()).isNotBlank();

        int[] labels = NpyLabels.read(predicted);
        assertThat(labels).hasSize(5000);
        assertThat(java.util.Arrays.stream(labels).allMatch(l -> l >= 0 && l < 8)).isTrue();

        CliRun evaluate = CliRun.of("evaluate", "--labels", predicted.toString(),
                "--truth", data.resolve("labels.npy").toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode metrics = JSON.readTree(evaluate.out());
        assertThat(metrics.get("rows").asLong()).isEqualTo(5000);
        assertThat(metrics.get("purity").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(metrics.get("nmi").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.get("ari").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.get("v_measure").asDouble()).isEqualTo(metrics.get("nmi").asDouble(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(metrics.has("homogeneity")).isTrue();
        assertThat(metrics.has("completeness")).isTrue();
    }

    @Test
    void kAutoSelectsTheTrueNumberOfClustersAndReportsTheSelection() throws IOException {
        Path predicted = dir.resolve("pred.npy");
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("cluster", data.resolve("vectors.npy").toString(), "--k", "auto", "--fastest",
                "--codebook-size", "64", "--auto-k-candidates", "4,6,8,12,16", "--threads", "2",
                "--output", predicted.toString(), "--report", report.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("selected_k").asInt()).isEqualTo(8);
        assertThat(json.get("k").asInt()).isEqualTo(8);
        JsonNode selection = json.get("k_selection");
        assertThat(selection.get("method").asText()).isEqualTo("centroid_silhouette");
        assertThat(selection.get("selected_k").asInt()).isEqualTo(8);
        assertThat(selection.get("candidates")).hasSize(5);
        assertThat(selection.get("scores").size()).isEqualTo(4);
        assertThat(json.get("cluster_sizes")).hasSize(8);
    }

    @Test
    void budgetedRunWithFileCodesGivesTheSameLabelsAsAnUnbudgetedRun() throws IOException {
        String[] common = {"--k", "8", "--fastest", "--subquantizers", "16", "--codebook-size", "64",
            "--train-rows", "256", "--threads", "2", "--quiet"};
        Path plain = dir.resolve("plain.npy");
        CliRun unbudgeted = CliRun.of(concat(new String[] {"cluster", data.resolve("vectors.npy").toString(),
            "--output", plain.toString()}, common));
        assertThat(unbudgeted.exitCode()).as(unbudgeted.err()).isZero();

        // 140,000 bytes: the 256-row training sample still fits its quarter of the budget (so the encoder is
        // the same), but 5000 x 16 code bytes do not fit the row-data share: the codes live in a file
        // (here the --codes-output file; the spill directory must be left empty).
        Path spill = Files.createDirectory(dir.resolve("spill"));
        Path budgetedLabels = dir.resolve("budgeted.npy");
        Path codes = dir.resolve("codes.bin");
        Path encoder = dir.resolve("encoder.bin");
        Path report = dir.resolve("report.json");
        CliRun budgeted = CliRun.of(concat(new String[] {"cluster", data.resolve("vectors.npy").toString(),
            "--output", budgetedLabels.toString(), "--max-ram", "140000", "--spill-dir", spill.toString(),
            "--codes-output", codes.toString(), "--encoder-output", encoder.toString(),
            "--report", report.toString()}, common));
        assertThat(budgeted.exitCode()).as(budgeted.err()).isZero();

        assertThat(NpyLabels.read(budgetedLabels)).containsExactly(NpyLabels.read(plain));
        assertThat(fileNames(spill)).isEmpty();
        assertThat(Files.size(codes)).isGreaterThanOrEqualTo(5000L * 16);
        assertThat(Files.size(encoder)).isPositive();
        assertThat(JSON.readTree(report.toFile()).get("max_ram_bytes").asLong()).isEqualTo(140_000);
        assertThat(fileNames(dir)).containsExactly("budgeted.npy", "codes.bin", "encoder.bin", "plain.npy",
                "report.json", "spill");
    }

    @Test
    void fastestUsesPlainPqAndQuietPrintsNothing() throws IOException {
        Path predicted = dir.resolve("pred.npy");
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("cluster", data.resolve("vectors.npy").toString(), "--k", "8", "--fastest",
                "--subquantizers", "8", "--codebook-size", "64", "--iterations", "10", "--threads", "1",
                "--output", predicted.toString(), "--report", report.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("mode").asText()).isEqualTo("pq");
        assertThat(json.get("subquantizers").asInt()).isEqualTo(8);
        assertThat(json.get("codebook_size").asInt()).isEqualTo(64);
        assertThat(json.get("max_iterations").asInt()).isEqualTo(10);
        assertThat(json.get("iterations_run").asInt()).isBetween(1, 10);
        assertThat(json.get("timings").has("rotation_s")).isFalse();
    }

    @Test
    void generateIsDeterministicForAnyThreadCount() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Path other = dir.resolve("other");
        String[] common = {"generate", "--distribution", "block_mixed", "--rows", "3000", "--dim", "24",
            "--clusters", "6", "--quiet"};
        assertThat(CliRun.of(concat(common, "--seed", "11", "--threads", "1", "--output", one.toString())).exitCode())
                .isZero();
        assertThat(CliRun.of(concat(common, "--seed", "11", "--threads", "2", "--output", two.toString())).exitCode())
                .isZero();
        assertThat(CliRun.of(concat(common, "--seed", "12", "--threads", "2", "--output", other.toString())).exitCode())
                .isZero();
        for (String name : List.of("vectors.npy", "labels.npy")) {
            assertThat(Files.readAllBytes(two.resolve(name))).as(name).isEqualTo(Files.readAllBytes(one.resolve(name)));
        }
        assertThat(Files.readAllBytes(other.resolve("vectors.npy")))
                .isNotEqualTo(Files.readAllBytes(one.resolve("vectors.npy")));
    }

    @Test
    void everyDistributionGenerates() throws IOException {
        for (Distribution distribution : Distribution.values()) {
            Path out = dir.resolve(distribution.cliName());
            CliRun run = CliRun.of("generate", "--distribution", distribution.cliName(), "--rows", "500", "--dim", "8",
                    "--clusters", "4", "--output", out.toString(), "--quiet");
            assertThat(run.exitCode()).as(distribution + ": " + run.err()).isZero();
            assertThat(fileNames(out)).containsExactly("labels.npy", "vectors.npy");
        }
    }

    // --- bad input: exit 3, one line naming the file, nothing written ---------------------------------

    /** An .npy header (version 1.0) for the given dtype, order and shape, padded as numpy pads it. */
    private static byte[] npyHeader(String descr, boolean fortranOrder, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }

    private static Path npyFile(Path file, String descr, boolean fortranOrder, int rows, int dim, int dataRows)
            throws IOException {
        byte[] header = npyHeader(descr, fortranOrder, "(" + rows + ", " + dim + ")");
        ByteBuffer data = ByteBuffer.allocate(dataRows * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < dataRows * dim; i++) {
            data.putFloat(i % 7);
        }
        byte[] bytes = new byte[header.length + data.capacity()];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(data.array(), 0, bytes, header.length, data.capacity());
        return Files.write(file, bytes);
    }

    private CliRun clusterInto(Path out, Path input) {
        return CliRun.of("cluster", input.toString(), "--k", "4", "--codebook-size", "16", "--output",
                out.resolve("labels.npy").toString(), "--report", out.resolve("report.json").toString());
    }

    private void assertBadInput(CliRun run, Path input, String fragment) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("clostera: error: " + input).contains(fragment);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void truncatedInputIsBadInput() throws IOException {
        Path input = npyFile(dir.resolve("truncated.npy"), "<f4", false, 100, 8, 60);
        Path out = Files.createDirectory(dir.resolve("out"));
        assertBadInput(clusterInto(out, input), input, "truncated");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void fortranOrderInputIsBadInput() throws IOException {
        Path input = npyFile(dir.resolve("fortran.npy"), "<f4", true, 100, 8, 100);
        Path out = Files.createDirectory(dir.resolve("out"));
        assertBadInput(clusterInto(out, input), input, "Fortran");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void notAnNpyFileIsBadInput() throws IOException {
        Path input = Files.writeString(dir.resolve("text.npy"), "just some text, not numpy\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        assertBadInput(clusterInto(out, input), input, "");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void nanValueIsBadInputNamingTheRow() throws IOException {
        Path input = npyFile(dir.resolve("nan.npy"), "<f4", false, 300, 4, 300);
        byte[] bytes = Files.readAllBytes(input);
        int offset = bytes.length - 300 * 4 * 4 + (217 * 4 + 2) * 4;   // row 217, column 2
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, Float.NaN);
        Files.write(input, bytes);
        Path out = Files.createDirectory(dir.resolve("out"));
        assertBadInput(clusterInto(out, input), input, "row 217");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void evaluateRejectsLabelFilesOfDifferentLengths() throws IOException {
        Path shorter = dir.resolve("short.npy");
        NpyLabels.write(shorter, new int[] {0, 1, 1});
        CliRun run = CliRun.of("evaluate", "--labels", shorter.toString(), "--truth",
                data.resolve("labels.npy").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("clostera: error: ").contains("3", "5000");
    }

    @Test
    void kLargerThanRowsIsAUsageError() throws IOException {
        Path input = npyFile(dir.resolve("small.npy"), "<f4", false, 10, 4, 10);
        Path out = Files.createDirectory(dir.resolve("out"));
        CliRun run = CliRun.of("cluster", input.toString(), "--k", "11", "--output",
                out.resolve("labels.npy").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void failedLabelWriteLeavesNoTemporaryFiles() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path occupied = Files.createDirectories(out.resolve("labels.npy").resolve("occupied"));
        CliRun run = CliRun.of("cluster", data.resolve("vectors.npy").toString(), "--k", "8", "--fastest",
                "--codebook-size", "16", "--output", out.resolve("labels.npy").toString(), "--report", out.resolve("report.json").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("clostera: error: cannot write " + out.resolve("labels.npy")
                + ": is a folder (--output needs a file name)");
        assertThat(fileNames(out)).containsExactly("labels.npy");
        assertThat(occupied).isEmptyDirectory();
    }

    @Test
    void demoRunsAndKeepsItsFilesOnlyWhenAsked() throws IOException {
        Path out = dir.resolve("demo");
        CliRun run = CliRun.of("demo", "--rows", "4000", "--dim", "16", "--clusters", "4", "--distribution",
                "gaussian", "--codebook-size", "32", "--threads", "2", "--output", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fileNames(out)).containsExactly("labels.npy", "predicted.npy", "report.json", "vectors.npy");
        JsonNode result = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(result.get("report").get("rows").asLong()).isEqualTo(4000);
        assertThat(result.get("metrics").get("purity").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(run.out()).contains("purity", "\"metrics\"");
        // Auto-K by default; the demo ends naming the K it found.
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("K = \\d+ selected by centroid silhouette from 4\\.\\.\\d+ "
                + "\\(the data has 4 true clusters; \\d+ candidates on 4,000 sampled rows\\)");
        assertThat(result.get("report").get("selected_k").asInt()).isEqualTo(result.get("report").get("k").asInt());

        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> before = demoDirs(tmp);
        CliRun temporary = CliRun.of("demo", "--rows", "2000", "--dim", "8", "--clusters", "4", "--k", "4", "--fastest",
                "--codebook-size", "16", "--threads", "1");
        assertThat(temporary.exitCode()).as(temporary.err()).isZero();
        assertThat(temporary.out()).endsWith("K = 4 given with --k (the data has 4 true clusters)"
                + System.lineSeparator());
        assertThat(demoDirs(tmp)).isEqualTo(before);
    }

    private static List<String> demoDirs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("clostera-demo-")).sorted()
                    .toList();
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
