package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.clostera.data.VectorSource;
import org.clostera.io.VectorSources;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyVectorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster --save-model}, then {@code predict --model}: same labels, every output format, exit codes. */
class PredictCommandTest {
    private static final int ROWS = 3_000;
    private static final int DIM = 16;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path vectors;
    private static Path model;
    private static int[] fitLabels;

    /** One small dataset (3000 x 16, 5 gaussian clusters), clustered once with its model saved. */
    @BeforeAll
    static void clusterAndSaveTheModel() {
        Path data = shared.resolve("data");
        CliRun generate = CliRun.of("generate", "--distribution", "gaussian", "--rows", String.valueOf(ROWS), "--dim",
                String.valueOf(DIM), "--clusters", "5", "--seed", "5", "--threads", "2", "--output", data.toString(),
                "--quiet");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        vectors = data.resolve("vectors.npy");
        model = shared.resolve("models/fit.model");
        Path labels = shared.resolve("fit.npy");
        CliRun cluster = CliRun.of("cluster", vectors.toString(), "--k", "5", "--fastest", "--codebook-size", "16",
                "--threads", "2", "--output", labels.toString(), "--save-model", model.toString());
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("labels: " + labels, "model: " + model);
        fitLabels = NpyLabels.read(labels);
    }

    private static CliRun predict(Path input, Path output, String... extra) {
        String[] base = {"predict", "--model", model.toString(), input.toString(), "--output", output.toString(),
            "--threads", "2"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void predictGivesTheFitLabelsAsNpy() throws IOException {
        Path out = dir.resolve("labels.npy");
        CliRun run = predict(vectors, out);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("predicted 3,000 x 16 into 5 clusters in ")
                .contains("model " + model + ": pq, M=4, Ks=16)", "labels: " + out);
        assertThat(NpyLabels.read(out)).isEqualTo(fitLabels);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        assertThat(fileNames(dir)).containsExactly("labels.npy");
    }

    @Test
    void aCosineModelPredictsItsFitLabelsAndTheReportSaysCosine() throws IOException {
        Path labels = dir.resolve("cosine.npy");
        Path cosineModel = dir.resolve("cosine.model");
        Path report = dir.resolve("report.json");
        CliRun cluster = CliRun.of("cluster", vectors.toString(), "--k", "5", "--fastest", "--codebook-size", "16",
                "--metric", "cosine", "--threads", "2", "--output", labels.toString(), "--save-model",
                cosineModel.toString(), "--report", report.toString(), "--quiet");
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(Files.readString(report)).contains("\"metric\" : \"cosine\"");
        Path out = dir.resolve("predicted.npy");
        CliRun run = CliRun.of("predict", "--model", cosineModel.toString(), vectors.toString(), "--output",
                out.toString(), "--threads", "2", "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(NpyLabels.read(out)).isEqualTo(NpyLabels.read(labels));
        CliRun wrong = CliRun.of("cluster", vectors.toString(), "--k", "5", "--metric", "manhattan", "--output",
                dir.resolve("x.npy").toString());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("Invalid value for option '--metric': expected l2 or cosine, got 'manhattan'");
    }

    @Test
    void csvAndParquetOutputsHoldTheSameLabels() throws IOException {
        Path csv = dir.resolve("labels.csv");
        assertThat(predict(vectors, csv, "--quiet").exitCode()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(ROWS + 1);
        assertThat(lines.get(0)).isEqualTo("label");
        assertThat(lines.stream().skip(1).mapToInt(Integer::parseInt).toArray()).isEqualTo(fitLabels);

        Path parquet = dir.resolve("labels.parquet");
        CliRun run = predict(vectors, parquet, "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        try (VectorSource back = VectorSources.open(parquet)) {
            float[] values = new float[ROWS];
            back.read(0, ROWS, values, 0);
            int[] labels = new int[ROWS];
            for (int i = 0; i < ROWS; i++) {
                labels[i] = (int) values[i];
            }
            assertThat(labels).isEqualTo(fitLabels);
        }
    }

    @Test
    void anyInputFormatTheClusterCommandReadsWorks() throws IOException {
        Path raw = dir.resolve("vectors.f32");
        try (NpyVectorSource source = NpyVectorSource.open(vectors)) {
            float[] all = new float[ROWS * DIM];
            source.read(0, ROWS, all, 0);
            ByteBuffer bytes = ByteBuffer.allocate(4 * all.length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(all);
            Files.write(raw, bytes.array());
        }
        Path out = dir.resolve("from-raw.npy");
        CliRun run = predict(raw, out, "--dim", "16", "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(NpyLabels.read(out)).isEqualTo(fitLabels);
    }

    @Test
    void autoKModelsSayKWasSelectedAndPredictTheirLabels() throws IOException {
        Path labels = dir.resolve("auto.csv");
        Path autoModel = dir.resolve("auto.model");
        CliRun cluster = CliRun.of("cluster", vectors.toString(), "--k", "auto", "--auto-k-candidates", "3,5,8",
                "--fastest", "--codebook-size", "16", "--threads", "2", "--output", labels.toString(), "--save-model",
                autoModel.toString());
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("into 5 clusters",
                "  K = 5 selected by centroid silhouette from 3..8 (3 candidates on 3,000 sampled rows)",
                "cluster ", "(auto-K ");
        Path predicted = dir.resolve("predicted.npy");
        CliRun run = CliRun.of("predict", "--model", autoModel.toString(), vectors.toString(), "--output",
                predicted.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        int[] fitted = Files.readAllLines(labels).stream().skip(1).mapToInt(Integer::parseInt).toArray();
        assertThat(fitted).hasSize(ROWS);
        assertThat(NpyLabels.read(predicted)).isEqualTo(fitted);
    }

    @Test
    void missingOutputFoldersAreCreatedAndABlockedOneIsExit3() throws IOException {
        Path nested = dir.resolve("a/b/labels.npy");
        assertThat(predict(vectors, nested, "--quiet").exitCode()).isZero();
        assertThat(NpyLabels.read(nested)).isEqualTo(fitLabels);

        Path blocker = Files.writeString(dir.resolve("file"), "x");
        CliRun blocked = predict(vectors, blocker.resolve("labels.npy"));
        assertThat(blocked.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(blocked.errLines()).containsExactly("clostera: error: cannot write " + blocker.resolve("labels.npy")
                + ": " + blocker + " is a file, not a folder");
    }

    @Test
    void usageErrorsAreExit2() {
        CliRun noModel = CliRun.of("predict", vectors.toString(), "--output", dir.resolve("l.npy").toString());
        assertThat(noModel.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noModel.errLines()).containsExactly("clostera: error: Missing required option: '--model=MODEL' "
                + "(see 'clostera predict --help')");

        CliRun badName = predict(vectors, dir.resolve("labels.txt"));
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("the file name must end in .npy, .parquet or .csv");

        CliRun overModel = predict(vectors, model);
        assertThat(overModel.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(overModel.errLines()).containsExactly("clostera: error: --output " + model
                + " is the same file as --model " + model + "; choose another output path (see 'clostera predict "
                + "--help')");
        CliRun overInput = predict(vectors, vectors);
        assertThat(overInput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(overInput.err()).contains("is the same file as the input");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void badModelsAndDataAreExit3WithAPlainMessage() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;
        Path corrupt = Files.write(dir.resolve("corrupt.model"), bytes);
        Path out = dir.resolve("out/labels.npy");
        CliRun flipped = CliRun.of("predict", "--model", corrupt.toString(), vectors.toString(), "--output",
                out.toString());
        assertThat(flipped.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(flipped.errLines()).containsExactly("clostera: error: " + corrupt
                + ": checksum mismatch: the file is corrupt");

        CliRun foreign = CliRun.of("predict", "--model", vectors.toString(), vectors.toString(), "--output",
                out.toString());
        assertThat(foreign.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(foreign.errLines()).containsExactly("clostera: error: " + vectors
                + ": not a clostera model file (it does not start with the model magic)");

        CliRun missing = CliRun.of("predict", "--model", dir.resolve("none.model").toString(), vectors.toString(),
                "--output", out.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.errLines()).containsExactly("clostera: error: " + dir.resolve("none.model")
                + ": model file not found");

        Path wide = dir.resolve("wide.f32");
        Files.write(wide, new byte[4 * 8 * 10]);
        CliRun wrongDim = predict(wide, out, "--dim", "8");
        assertThat(wrongDim.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrongDim.errLines()).containsExactly("clostera: error: " + wide
                + ": vectors have dimension 8 but the model expects 16");
        assertThat(fileNames(dir)).containsExactly("corrupt.model", "wide.f32");
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
