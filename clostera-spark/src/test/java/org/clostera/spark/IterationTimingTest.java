package org.clostera.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The scaling measurement of the README (not part of the default build): time per distributed Lloyd iteration
 * on local[1] and local[2] for generated data, written to {@code target/spark-iteration-timing.txt}.
 *
 * <pre>
 * ./mvnw -q -B -pl clostera-spark -am verify -Dtest=IterationTimingTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dclostera.spark.timingRows=1000000
 * </pre>
 */
@EnabledIfSystemProperty(named = "clostera.spark.timingRows", matches = "\\d+")
class IterationTimingTest {
    private static final int DIM = 128;
    private static final int CLUSTERS = 256;
    private static final int M = 32;
    private static final int ITERATIONS = 10;

    @Test
    void timesIterationsOnOneAndTwoCores() throws IOException {
        long rows = Long.parseLong(System.getProperty("clostera.spark.timingRows"));
        List<String> report = new ArrayList<>();
        report.add(String.format("%d rows x %d dims, K = %d, M = %d, Ks = 256 (PQ), %d Lloyd iterations, 8 partitions",
                rows, DIM, CLUSTERS, M, ITERATIONS));
        double[] perIteration = new double[2];
        for (int cores = 1; cores <= 2; cores++) {
            SparkSession.getActiveSession().foreach(s -> {
                s.stop();
                return null;
            });
            SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("clostera timing")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                ClosteraKMeansModel model = new ClosteraKMeans().setK(CLUSTERS).setFastest(true).setNumSubquantizers(M)
                        .setMaxIter(ITERATIONS).setTol(0).setRefinement(false).setSeed(1).fit(generated(spark, rows));
                ClosteraKMeansSummary s = model.summary();
                double[] seconds = s.iterationSeconds();
                perIteration[cores - 1] = Arrays.stream(seconds).skip(1).average().orElse(Double.NaN);
                double kernel = Arrays.stream(s.assignSeconds()).skip(1).average().orElse(Double.NaN);
                report.add(String.format("local[%d]: train %.1f s, encode %.1f s, seeding %.1f s, first assignment "
                                + "%.3f s, %.3f s per iteration over %d iterations (of which %.3f task-seconds in the "
                                + "assignment kernel; each iteration: %s)", cores, s.trainSeconds(),
                        s.encodeSeconds(), s.seedingSeconds(), seconds[0], perIteration[cores - 1], s.iterations(),
                        kernel, Arrays.toString(Arrays.stream(seconds).skip(1).map(v -> Math.round(v * 1000) / 1000.0)
                                .toArray())));
            } finally {
                spark.stop();
            }
        }
        report.add(String.format("speed-up local[1] -> local[2]: %.2fx", perIteration[0] / perIteration[1]));
        Files.write(Path.of("target", "spark-iteration-timing.txt"), report);
        report.forEach(System.out::println);
        assertThat(perIteration[0]).isPositive();
        assertThat(perIteration[1]).isPositive();
    }

    /** Rows around {@value #CLUSTERS} centers, each row drawn from its id: the same data on every read. */
    private static Dataset<Row> generated(SparkSession spark, long rows) {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false));
        MapPartitionsFunction<Row, Row> make = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next().getLong(0);
                int cluster = (int) (id % CLUSTERS);
                SplittableRandom center = new SplittableRandom(cluster);
                SplittableRandom noise = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
                float[] v = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    v[j] = (float) (center.nextDouble() * 8 - 4 + 4 * noise.nextGaussian()); // overlapping: Lloyd keeps moving
                }
                return RowFactory.create(scala.collection.immutable.ArraySeq.unsafeWrapArray(v)); // the row encoder wants a Seq
            }
        };
        return spark.range(0, rows, 1, 8).toDF("id").mapPartitions(make, Encoders.row(schema));
    }
}
