package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate}'s hard-data options and size checks, and {@code evaluate --vectors}. */
class HardDataCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private void assertUsageError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("clostera: error: ").contains(fragments);
    }

    /** The 5 rows of PartitionSseTest: truth SSE 14/3, prediction's 145.5, over 5 x 2 values. */
    @Test
    void evaluateWithVectorsAddsTheRawSseOfBothPartitions() throws IOException {
        Path vectors = dir.resolve("v.npy");
        try (NpyWriter writer = NpyWriter.createFloat32(vectors, 5, 2)) {
            writer.writeFloats(0, new float[] {0, 0, 2, 0, 10, 10, 10, 12, 11, 11}, 0, 5);
        }
        Path predicted = dir.resolve("pred.npy");
        Path truth = dir.resolve("truth.npy");
        NpyLabels.write(predicted, new int[] {7, 3, 3, 3, 3});
        NpyLabels.write(truth, new int[] {0, 0, 1, 1, 1});

        CliRun run = CliRun.of("evaluate", "--labels", predicted.toString(), "--truth", truth.toString(),
                "--vectors", vectors.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("rows").asLong()).isEqualTo(5);
        assertThat(json.get("purity").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(json.get("sse_per_dim").asDouble()).isCloseTo(14.55, within(1e-12));
        assertThat(json.get("true_sse_per_dim").asDouble()).isCloseTo(14.0 / 30, within(1e-12));
        assertThat(json.get("sse_ratio").asDouble()).isCloseTo(14.55 / (14.0 / 30), within(1e-9));

        CliRun plain = CliRun.of("evaluate", "--labels", predicted.toString(), "--truth", truth.toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(JSON.readTree(plain.out()).has("sse_per_dim")).isFalse();
        assertThat(JSON.readTree(plain.out()).get("purity").asDouble()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void evaluateRejectsVectorsOfAnotherLength() throws IOException {
        Path vectors = dir.resolve("v.npy");
        try (NpyWriter writer = NpyWriter.createFloat32(vectors, 3, 2)) {
            writer.writeFloats(0, new float[6], 0, 3);
        }
        Path labels = dir.resolve("l.npy");
        NpyLabels.write(labels, new int[] {0, 1});
        CliRun run = CliRun.of("evaluate", "--labels", labels.toString(), "--truth", labels.toString(),
                "--vectors", vectors.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("clostera: error: " + vectors + ": has 3 rows but the labels "
                + labels + " have 2");
    }

    /** Issue 11: an impossible size is a usage error before any folder or file is created. */
    @Test
    void generateRejectsImpossibleSizesBeforeCreatingAnything() {
        Path output = dir.resolve("out").resolve("nested");
        assertUsageError(CliRun.of("generate", "--rows", "9223372036854775807", "--dim", "8", "--clusters", "4",
                "--output", output.toString()), "rows x dim = 9223372036854775807 x 8", "more bytes than a file can hold");
        assertUsageError(CliRun.of("generate", "--rows", "1000000000000", "--dim", "2048", "--clusters", "4",
                "--output", output.toString()), "the dataset needs 8,196,000,000,000,512 bytes (8.2 PB) but " + dir,
                "bytes free; use fewer --rows or a smaller --dim");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void hardOptionsAreValidated() {
        String[] base = {"generate", "--rows", "100", "--dim", "8", "--clusters", "4", "--output",
                dir.resolve("o").toString()};
        assertUsageError(CliRun.of(concat(base, "--separation", "0")), "--separation", "finite number > 0");
        assertUsageError(CliRun.of(concat(base, "--correlated-noise", "1")), "--correlated-noise", "[0, 1)");
        assertUsageError(CliRun.of(concat(base, "--min-cluster-fraction", "0.01")),
                "--min-cluster-fraction needs --size-concentration");
        assertUsageError(CliRun.of(concat(base, "--size-concentration", "1", "--min-cluster-fraction", "0.3")),
                "min cluster fraction must be >= 0 and below 1 / clusters = 0.25, got 0.3");
        assertUsageError(CliRun.of(concat(base, "--correlated-noise", "0.5", "--noise-rank", "9")),
                "noise rank must be in 1..8");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void generateWritesHardDataIdenticallyForAnyThreadCount() throws IOException {
        String[] common = {"generate", "--distribution", "anisotropic", "--rows", "4000", "--dim", "16",
            "--clusters", "12", "--seed", "3", "--separation", "0.25", "--size-concentration", "0.2",
            "--correlated-noise", "0.5", "--noise-rank", "3", "--quiet", "--output"};
        CliRun one = CliRun.of(concat(common, dir.resolve("t1").toString(), "--threads", "1"));
        CliRun two = CliRun.of(concat(common, dir.resolve("t2").toString(), "--threads", "2"));
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(two.exitCode()).as(two.err()).isZero();
        for (String file : new String[] {"vectors.npy", "labels.npy"}) {
            assertThat(Files.readAllBytes(dir.resolve("t2").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("t1").resolve(file)));
        }
        int[] counts = new int[12];
        for (int label : NpyLabels.read(dir.resolve("t1").resolve("labels.npy"))) {
            counts[label]++;
        }
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int c : counts) {
            smallest = Math.min(smallest, c);
            largest = Math.max(largest, c);
        }
        assertThat(smallest).isLessThan(40);     // a floor of 0.2% = 8 rows plus a small Dirichlet share
        assertThat(largest).isGreaterThan(600);  // uniform sizes would give ~333
        assertThat(CliRun.of("generate", "--help").out()).contains("--separation", "--size-concentration",
                "--min-cluster-fraction", "--correlated-noise", "--noise-rank");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
