package org.clostera.spark.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.clostera.spark.ClosteraKMeans;
import org.clostera.spark.ClosteraKMeansModel;
import org.clostera.spark.ClosteraKMeansSummary;

/**
 * Clusters the vectors of a parquet folder with {@link ClosteraKMeans} and writes the labels and the model:
 *
 * <pre>
 * spark-submit --class org.clostera.spark.examples.ClusterParquet clostera-spark.jar \
 *     INPUT_PARQUET OUTPUT_DIR [--k K] [--features COLUMN] [--fastest] [--subquantizers M] [--seed S]
 * </pre>
 *
 * Writes {@code OUTPUT_DIR/labels} (parquet: the input's columns but the features, plus {@code prediction})
 * and {@code OUTPUT_DIR/model} (the Spark ML model, with the clostera model file inside), and prints one line
 * with K, the inertia and the timings. Without {@code --k}, K is chosen automatically.
 */
public final class ClusterParquet {
    private static final String USAGE = "usage: ClusterParquet INPUT_PARQUET OUTPUT_DIR [--k K] [--features COLUMN] "
            + "[--fastest] [--subquantizers M] [--seed S]";

    private ClusterParquet() {
    }

    public static void main(String[] args) throws IOException {
        ClosteraKMeans kmeans;
        List<String> paths = new ArrayList<>();
        try {
            kmeans = parse(args, paths);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        boolean ownSession = SparkSession.getActiveSession().isEmpty();
        SparkSession spark = SparkSession.builder().appName("clostera ClusterParquet").getOrCreate();
        try {
            System.out.println(run(spark, kmeans, paths.get(0), paths.get(1)));
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** Fits, writes labels and model, and returns the summary line. */
    static String run(SparkSession spark, ClosteraKMeans kmeans, String input, String output) throws IOException {
        Dataset<Row> vectors = spark.read().parquet(input);
        ClosteraKMeansModel model = kmeans.fit(vectors);
        model.transform(vectors).drop(kmeans.getFeaturesCol()).write().mode(SaveMode.Overwrite)
                .parquet(output + "/labels");
        model.write().overwrite().save(output + "/model");
        ClosteraKMeansSummary s = model.summary();
        double[] perIteration = s.iterationSeconds();
        return String.format("clustered %d rows (%d partitions) into k=%d%s: inertia %.6g after %d iterations; "
                        + "train %.1f s, encode %.1f s, seeding %.1f s, Lloyd %.1f s (%.3f s per iteration)",
                s.rows(), s.partitions(), s.k(), s.kSelected() ? " (chosen automatically)" : "", s.inertia(),
                s.iterations(), s.trainSeconds(), s.encodeSeconds(), s.seedingSeconds(), s.lloydSeconds(),
                Arrays.stream(perIteration).skip(1).average().orElse(perIteration[0]));
    }

    private static ClosteraKMeans parse(String[] args, List<String> paths) {
        ClosteraKMeans kmeans = new ClosteraKMeans();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--k" -> kmeans.setK(intValue(args, ++i, arg));
                case "--features" -> kmeans.setFeaturesCol(value(args, ++i, arg));
                case "--fastest" -> kmeans.setFastest(true);
                case "--subquantizers" -> kmeans.setNumSubquantizers(intValue(args, ++i, arg));
                case "--seed" -> kmeans.setSeed(Long.parseLong(value(args, ++i, arg)));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    paths.add(arg);
                }
            }
        }
        if (paths.size() != 2) {
            throw new IllegalArgumentException("expected INPUT_PARQUET and OUTPUT_DIR, got " + paths);
        }
        return kmeans;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer, got '" + v + "'");
        }
    }
}
