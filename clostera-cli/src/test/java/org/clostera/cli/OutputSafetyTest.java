package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs never touch inputs or each other, and all outputs of a run appear together or not at all. */
class OutputSafetyTest {
    /** Above Linux's pid_max (2^22): never a live process. */
    private static final long DEAD_PID = 999_999_999L;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path vectors;
    private static byte[] vectorBytes;

    @BeforeAll
    static void generateDataset() throws IOException {
        Path data = shared.resolve("data");
        CliRun run = CliRun.of("generate", "--distribution", "gaussian", "--rows", "600", "--dim", "8",
                "--clusters", "4", "--seed", "3", "--threads", "2", "--output", data.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        vectors = data.resolve("vectors.npy");
        vectorBytes = Files.readAllBytes(vectors);
    }

    /** Runs {@code cluster} on {@code input} (fast settings) with the extra arguments. */
    static CliRun cluster(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("cluster", input.toString(), "--k", "4", "--fastest",
                "--codebook-size", "16", "--iterations", "3", "--threads", "2", "--quiet"));
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path copyOfVectors(Path folder) throws IOException {
        Files.createDirectories(folder);
        return Files.copy(vectors, folder.resolve("v.npy"));
    }

    private static void assertClash(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly("clostera: error: " + message
                + " (see 'clostera cluster --help')");
    }

    @Test
    void anOutputThatNamesTheInputIsRefusedBeforeAnyWork() throws IOException {
        Path v = copyOfVectors(dir.resolve("d"));
        String in = v.toString();
        assertClash(cluster(v, "--output", in), "--output " + in + " is the same file as the input " + in
                + "; choose another output path");
        Path labels = dir.resolve("labels.npy");
        for (String option : List.of("--report", "--encoder-output", "--codes-output")) {
            assertClash(cluster(v, "--output", labels.toString(), option, in), option + " " + in
                    + " is the same file as the input " + in + "; choose another output path");
        }
        String dotted = dir.resolve("d/../d/v.npy").toString();
        assertClash(cluster(v, "--output", dotted), "--output " + dotted + " is the same file as the input " + in
                + "; choose another output path");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("d"));
        String viaLink = link.resolve("v.npy").toString();
        assertClash(cluster(v, "--output", viaLink), "--output " + viaLink + " is the same file as the input " + in
                + "; choose another output path");
        Path hard = Files.createLink(dir.resolve("hard.npy"), v);
        assertClash(cluster(v, "--output", hard.toString()), "--output " + hard + " is the same file as the input "
                + in + "; choose another output path");
        assertThat(Files.readAllBytes(v)).isEqualTo(vectorBytes);
        assertThat(fileNames(dir)).containsExactly("d", "hard.npy", "link");
        assertThat(fileNames(dir.resolve("d"))).containsExactly("v.npy");
    }

    @Test
    void twoOutputsOnOneFileAreRefused() throws IOException {
        String x = dir.resolve("x.npy").toString();
        assertClash(cluster(vectors, "--output", x, "--report", x),
                "--output " + x + " and --report " + x + " name the same file; give each output its own path");
        String codes = dir.resolve("c.bin").toString();
        String sameCodes = dir.resolve("sub/../c.bin").toString();
        assertClash(cluster(vectors, "--output", x, "--codes-output", codes, "--encoder-output", sameCodes),
                "--codes-output " + codes + " and --encoder-output " + sameCodes
                        + " name the same file; give each output its own path");
        assertThat(fileNames(dir)).isEmpty();
    }

    @Test
    void outputsOntoOrInsideAParquetInputFolderAreRefused() throws IOException {
        Path folder = dir.resolve("parts");
        Files.createDirectories(folder.resolve("k=1"));
        CliRun toParquet = cluster(vectors, "--output", folder.resolve("k=1/part-0.parquet").toString());
        assertThat(toParquet.exitCode()).as(toParquet.err()).isZero();
        Path part = folder.resolve("k=1/part-0.parquet");
        byte[] before = Files.readAllBytes(part);
        assertClash(cluster(folder, "--output", part.toString()), "--output " + part
                + " is the same file as input part " + part + "; choose another output path");
        Path inside = folder.resolve("k=2/labels.parquet");
        assertClash(cluster(folder, "--output", inside.toString()), "--output " + inside
                + " lies inside the input folder " + folder + "; write outputs outside it");
        assertClash(cluster(folder, "--output", dir.resolve("l.npy").toString(), "--max-ram", "1g", "--spill-dir",
                folder.toString()), "--spill-dir " + folder + " lies inside the input folder " + folder
                + "; spill elsewhere");
        assertThat(Files.readAllBytes(part)).isEqualTo(before);
        assertThat(fileNames(folder)).containsExactly("k=1");
        assertThat(fileNames(folder.resolve("k=1"))).containsExactly("part-0.parquet");
    }

    @Test
    void aReportThatCannotBeWrittenLeavesNoOutputAtAll() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Path report = blocker.resolve("report.json");
        CliRun run = cluster(vectors, "--output", out.resolve("labels.npy").toString(),
                "--codes-output", out.resolve("codes.bin").toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("clostera: error: cannot write " + report + ": " + blocker
                + " is a file, not a folder");
        assertThat(fileNames(out)).isEmpty();
        // Folders created for the outputs before the failure are removed again.
        CliRun nested = cluster(vectors, "--output", dir.resolve("made/labels.npy").toString(), "--report",
                report.toString());
        assertThat(nested.exitCode()).as(nested.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dir.resolve("made")).doesNotExist();
    }

    @Test
    void anEncoderThatCannotBeWrittenLeavesNoLabels() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path encoder = Files.createDirectories(dir.resolve("enc.bin"));
        CliRun folderRun = cluster(vectors, "--output", out.resolve("labels.npy").toString(),
                "--encoder-output", encoder.toString());
        assertThat(folderRun.exitCode()).as(folderRun.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folderRun.errLines()).containsExactly("clostera: error: cannot write " + encoder
                + ": is a folder (--encoder-output needs a file name)");
        assertThat(fileNames(out)).isEmpty();
    }

    @Test
    void everyOutputIsCommittedTogetherAndMissingFoldersAreCreated() throws IOException {
        Path labels = dir.resolve("a/labels.npy");
        Path codes = dir.resolve("b/c/codes.bin");
        Path encoder = dir.resolve("d/encoder.bin");
        Path report = dir.resolve("e/report.json");
        CliRun run = cluster(vectors, "--output", labels.toString(), "--codes-output", codes.toString(),
                "--encoder-output", encoder.toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(fileNames(labels.getParent())).containsExactly("labels.npy");
        assertThat(fileNames(codes.getParent())).containsExactly("codes.bin");
        assertThat(fileNames(encoder.getParent())).containsExactly("encoder.bin");
        assertThat(fileNames(report.getParent())).containsExactly("report.json");
        assertThat(Files.readString(report)).contains("\"output\" : \"" + labels + "\"");
        assertThat(Files.size(labels)).isEqualTo(128 + 4 * 600);
    }

    @Test
    void staleTempsOfDeadRunsAreRemovedAtStartAndLiveOnesKept() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path spill = Files.createDirectories(dir.resolve("spill"));
        List<Path> stale = List.of(
                Files.writeString(out.resolve(".labels.npy." + DEAD_PID + "-1.tmp"), "x"),
                Files.writeString(out.resolve("..labels.npy." + DEAD_PID + "-0.tmp." + DEAD_PID + "-2.tmp"), "x"),
                Files.writeString(out.resolve(".codes.bin." + DEAD_PID + "-3.tmp"), "x"),
                Files.writeString(spill.resolve("clostera-codes-" + DEAD_PID + "-1.tmp"), "x"));
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path live = Files.writeString(out.resolve(".labels.npy." + parent + "-1.tmp"), "x");
        Path userFile = Files.writeString(out.resolve("notes.tmp"), "x");
        CliRun run = cluster(vectors, "--output", out.resolve("labels.npy").toString(),
                "--codes-output", out.resolve("codes.bin").toString(), "--spill-dir", spill.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (Path file : stale) {
            assertThat(file).doesNotExist();
        }
        assertThat(fileNames(out)).containsExactly(live.getFileName().toString(), "codes.bin", "labels.npy",
                userFile.getFileName().toString());
        assertThat(fileNames(spill)).isEmpty();
    }

    @Test
    void runOutputsRemoveTheirTempsOnRollback() throws IOException {
        Path out = dir.resolve("new/out");
        RunOutputs outputs = RunOutputs.of(java.util.Map.of("--output", out.resolve("l.npy")), null);
        outputs.open();
        Path stage = outputs.stage("--output");
        Files.writeString(stage, "partial");
        long pid = ProcessHandle.current().pid();
        Files.writeString(out.resolve("." + stage.getFileName() + "." + pid + "-9.tmp"), "writer temp");
        assertThat(outputs.userMessage("cannot write " + out.resolve("." + stage.getFileName() + "." + pid
                + "-9.tmp") + " or " + stage)).isEqualTo("cannot write " + out.resolve("l.npy") + " or "
                + out.resolve("l.npy"));
        outputs.rollback();
        assertThat(dir.resolve("new")).doesNotExist(); // the folders it created, now empty, go too
    }
}
