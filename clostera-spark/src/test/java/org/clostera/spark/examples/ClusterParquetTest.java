package org.clostera.spark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.clostera.spark.ClosteraKMeansModel;
import org.clostera.spark.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterParquetTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SharedSpark.session();
    }

    @Test
    void clustersAParquetFolder(@TempDir Path dir) throws Exception {
        // 900 rows of dimension 8 around 3 centers, with their true cluster, in a parquet folder of 3 files.
        SplittableRandom random = new SplittableRandom(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            int cluster = i % 3;
            float[] v = new float[8];
            for (int j = 0; j < 8; j++) {
                v[j] = 20f * cluster * (j % 3 == cluster ? 1 : -1) + (float) random.nextGaussian();
            }
            rows.add(RowFactory.create((long) i, cluster, v));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("truth", DataTypes.IntegerType)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType));
        String input = dir.resolve("vectors").toString();
        spark.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(rows, 3),
                schema).write().parquet(input);
        String output = dir.resolve("out").toString();

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ClusterParquet.main(new String[] {input, output, "--k", "3", "--features", "embedding", "--fastest",
                "--subquantizers", "4", "--seed", "1"});
        } finally {
            System.setOut(stdout);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("clustered 900 rows (")
                .contains(" partitions) into k=3: inertia ");
        Dataset<Row> labels = spark.read().parquet(output + "/labels");
        assertThat(labels.columns()).containsExactly("id", "truth", "prediction");
        assertThat(labels.count()).isEqualTo(900);
        // Every true cluster is one predicted cluster.
        java.util.Map<Integer, java.util.Set<Integer>> predicted = new java.util.HashMap<>();
        for (Row r : labels.select("truth", "prediction").collectAsList()) {
            predicted.computeIfAbsent(r.getInt(0), t -> new java.util.HashSet<>()).add(r.getInt(1));
        }
        assertThat(predicted).hasSize(3).allSatisfy((truth, clusters) -> assertThat(clusters).hasSize(1));
        assertThat(ClosteraKMeansModel.load(output + "/model").numClusters()).isEqualTo(3);
    }
}
