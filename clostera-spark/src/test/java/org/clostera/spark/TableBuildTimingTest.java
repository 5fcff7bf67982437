package org.clostera.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.CodeSpaceStep;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What building the centers' distance tables once per executor and pass ({@link ExecutorCache#tables}) instead
 * of once per code block saves (not part of the default build): the CPU time of one table build and of one
 * block's assignment, in the calling thread (thread CPU time, so other jobs on the machine matter less than for
 * wall time), median of 5, written to {@code target/spark-table-timing.txt}.
 *
 * <pre>
 * ./mvnw -q -B -pl clostera-spark -am verify -Dtest=TableBuildTimingTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dclostera.spark.tableTiming=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "clostera.spark.tableTiming", matches = "true")
class TableBuildTimingTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void timesTableBuildsAgainstBlockAssignment() throws IOException {
        List<String> report = new ArrayList<>();
        // The scaling run of the README (a block per partition), and the 1-billion-row projection's shape.
        report.add(measure(128, 32, 256, 62_500));
        report.add(measure(1024, 64, 1000, CodeBlock.MAX_ROWS));
        Files.write(Path.of("target", "spark-table-timing.txt"), report);
        report.forEach(System.out::println);
    }

    private static String measure(int dim, int m, int k, int blockRows) {
        SplittableRandom random = new SplittableRandom(7);
        float[] train = new float[1024 * dim];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) random.nextGaussian();
        }
        PQEncoder encoder = PQEncoder.builder().subquantizers(m).codebookSize(256).iterations(2).seed(1).threads(2)
                .fit(train, dim);
        byte[] codes = new byte[blockRows * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(256);
        }
        float[] centers = new float[k * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) random.nextGaussian();
        }
        CodeSpaceStep step = CodeSpaceStep.of(encoder);
        long tableBytes = CodeSpaceKMeans.Options.DEFAULT_LOOKUP_TABLE_BYTES;
        double[] build = new double[5];
        double[] assign = new double[5];
        for (int r = 0; r < build.length; r++) {
            long start = CPU.getCurrentThreadCpuTime();
            CodeSpaceStep.Tables tables = step.tables(centers, k, tableBytes);
            long built = CPU.getCurrentThreadCpuTime();
            CodeSpaceStep.Slice slice = step.assign(codes, blockRows, tables);
            long end = CPU.getCurrentThreadCpuTime();
            assertThat(slice.labels()).hasSize(blockRows);
            build[r] = (built - start) / 1e6;
            assign[r] = (end - built) / 1e6;
        }
        double b = median(build);
        double a = median(assign);
        return String.format("D = %d, M = %d, Ks = 256, K = %d, block of %,d codes: table build %.1f ms CPU, block "
                        + "assignment %.1f ms CPU: a build per block costs %.1f%% of the block's work", dim, m, k,
                blockRows, b, a, 100 * b / (a + b));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
