package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs against {@code clostera cluster}, in-process, with fixed seeds: byte flips and truncations
 * of {@code .npy} headers and bodies and of parquet files, and output paths that name an input or each
 * other. Every run must end with exit 0, 2 or 3 (never 1, a bug), one line on stderr without exception
 * class names or temporary names, the input unchanged, and in the output folder either every output or
 * nothing.
 */
class CliFuzzTest {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b");
    private static final Pattern TEMP_NAME = Pattern.compile("\\.tmp\\b|clostera-codes-");
    /** A DuckDB-written parquet file of 300 x 8 floats (clostera-io's fixture). */
    private static final Path PARQUET = Path.of("../clostera-io/src/test/resources/parquet/list_float_snappy.parquet");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static byte[] npy;
    private static byte[] parquet;

    @BeforeAll
    static void inputs() throws IOException {
        Path data = shared.resolve("data");
        CliRun run = CliRun.of("generate", "--distribution", "gaussian", "--rows", "300", "--dim", "8",
                "--clusters", "4", "--seed", "11", "--threads", "2", "--output", data.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        npy = Files.readAllBytes(data.resolve("vectors.npy"));
        parquet = Files.readAllBytes(PARQUET);
    }

    @Test
    void mutatedNpyFiles() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203L);
        int[] exits = new int[4];
        for (int i = 0; i < 60; i++) {
            byte[] mutated = mutate(npy, random, 128);
            exits[runOn("case" + i + ".npy", mutated, i)]++;
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        assertThat(exits[0]).isPositive();
        assertThat(exits[3]).isPositive();
        assertThat(exits[1]).isZero();
    }

    @Test
    void mutatedParquetFiles() throws IOException {
        SplittableRandom random = new SplittableRandom(42L);
        int[] exits = new int[4];
        for (int i = 0; i < 40; i++) {
            byte[] mutated = mutate(parquet, random, 0);
            exits[runOn("case" + i + ".parquet", mutated, i)]++;
        }
        assertThat(exits[3]).isPositive();
        assertThat(exits[1]).isZero();
    }

    @Test
    void outputPathsThatClash() throws IOException {
        SplittableRandom random = new SplittableRandom(7L);
        Path inputDir = Files.createDirectories(dir.resolve("in"));
        Path input = Files.write(inputDir.resolve("v.npy"), npy);
        Files.createSymbolicLink(dir.resolve("alias"), inputDir);
        List<String> spellings = List.of(input.toString(), dir.resolve("in/../in/v.npy").toString(),
                dir.resolve("alias/v.npy").toString(), dir.resolve("./in/./v.npy").toString());
        List<String> options = List.of("--output", "--report", "--codes-output", "--encoder-output");
        for (int i = 0; i < 16; i++) {
            String option = options.get(random.nextInt(options.size()));
            String target = spellings.get(random.nextInt(spellings.size()));
            List<String> args = new ArrayList<>(List.of("--output", dir.resolve("out/labels.npy").toString()));
            if (option.equals("--output")) {
                args.set(1, target);
            } else {
                args.addAll(List.of(option, target));
            }
            CliRun run = OutputSafetyTest.cluster(input, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(option + " " + target + ": " + run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.errLines().get(0)).contains(option + " " + target, "the input " + input);
            assertThat(Files.readAllBytes(input)).isEqualTo(npy);
            assertThat(OutputSafetyTest.fileNames(inputDir)).containsExactly("v.npy");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    /** Runs {@code cluster} on the bytes as file {@code name}; checks the invariants and returns the exit code. */
    private int runOn(String name, byte[] content, int index) throws IOException {
        Path input = Files.write(dir.resolve(name), content);
        Path out = dir.resolve("out" + index);
        Path labels = out.resolve("labels.npy");
        Path report = out.resolve("report.json");
        CliRun run = OutputSafetyTest.cluster(input, "--output", labels.toString(), "--report", report.toString());
        String what = name + " (" + content.length + " bytes): " + run.err();
        assertThat(run.exitCode()).as(what).isIn(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.BAD_INPUT);
        if (run.exitCode() == ExitCodes.OK) {
            assertThat(OutputSafetyTest.fileNames(out)).as(what).containsExactly("labels.npy", "report.json");
        } else {
            assertThat(run.errLines()).as(what).hasSize(1);
            String line = run.errLines().get(0);
            assertThat(line).as(what).startsWith(ErrorHandler.PREFIX).doesNotContain("internal error");
            assertThat(CLASS_NAME.matcher(line).find()).as(what).isFalse();
            assertThat(TEMP_NAME.matcher(line).find()).as(what).isFalse();
            assertThat(out).as(what).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(),
                    p -> assertThat(p).isEmptyDirectory());
        }
        assertThat(Files.readAllBytes(input)).as(what).isEqualTo(content);
        assertThat(OutputSafetyTest.fileNames(dir)).as(what).allMatch(f -> !TEMP_NAME.matcher(f).find());
        return run.exitCode();
    }

    /**
     * One of: flip 1..4 bytes in the first {@code headerBytes} (the whole file when 0), flip bytes anywhere,
     * truncate, overwrite the tail, or append garbage.
     */
    private static byte[] mutate(byte[] original, SplittableRandom random, int headerBytes) {
        byte[] bytes = original.clone();
        int kind = random.nextInt(5);
        switch (kind) {
            case 0 -> {
                int span = headerBytes > 0 ? Math.min(headerBytes, bytes.length) : bytes.length;
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    bytes[random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                int from = bytes.length - 1 - random.nextInt(Math.min(bytes.length, 256));
                for (int p = from; p < bytes.length; p++) {
                    bytes[p] = (byte) random.nextInt(256);
                }
            }
            default -> {
                bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(64));
                for (int p = original.length; p < bytes.length; p++) {
                    bytes[p] = (byte) random.nextInt(256);
                }
            }
        }
        return bytes;
    }
}
