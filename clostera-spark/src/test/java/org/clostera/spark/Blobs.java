package org.clostera.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Well-separated gaussian blobs with their true cluster, as float rows and as a Spark dataset. */
record Blobs(float[][] vectors, int[] truth) {

    /** {@code rows} rows of dimension {@code dim} around {@code clusters} centers in [-10, 10)^dim, unit spread. */
    static Blobs generate(int rows, int dim, int clusters, long seed) {
        return generate(rows, dim, clusters, seed, 1.0);
    }

    /** The same with noise of standard deviation {@code spread} (about 4 makes neighbouring blobs overlap). */
    static Blobs generate(int rows, int dim, int clusters, long seed, double spread) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centers = new float[clusters][dim];
        for (float[] c : centers) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) (random.nextDouble() * 20 - 10);
            }
        }
        float[][] vectors = new float[rows][dim];
        int[] truth = new int[rows];
        for (int i = 0; i < rows; i++) {
            truth[i] = random.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                vectors[i][j] = centers[truth[i]][j] + (float) (spread * gaussian(random));
            }
        }
        return new Blobs(vectors, truth);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    /** Columns id (the row index) and features (array<float>), in row order over {@code partitions} partitions. */
    Dataset<Row> dataset(SparkSession spark, int partitions) {
        return dataset(spark, vectors, partitions);
    }

    static Dataset<Row> dataset(SparkSession spark, float[][] vectors, int partitions) {
        List<Row> rows = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            rows.add(RowFactory.create((long) i, vectors[i]));
        }
        return spark.createDataFrame(
                new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                SCHEMA);
    }
}
