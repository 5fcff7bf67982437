package org.clostera.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.metrics.ClusteringMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosteraKMeansTest {
    private static final Blobs BLOBS = Blobs.generate(3000, 16, 8, 42);
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SharedSpark.session();
    }

    private static ClosteraKMeans small() {
        return new ClosteraKMeans().setK(8).setFastest(true).setNumSubquantizers(4).setCodebookSize(32).setSeed(3);
    }

    private static Clusterer.Builder singleMachine() {
        return Clusterer.builder().k(8).fastest(true).subquantizers(4).codebookSize(32).seed(3).refinement(false)
                .rawRefinementIterations(0).threads(2);
    }

    /** The prediction column in row order (the id column is the row index). */
    private static int[] predictions(Dataset<Row> labelled) {
        List<Row> rows = labelled.orderBy("id").select("prediction").collectAsList();
        return rows.stream().mapToInt(r -> r.getInt(0)).toArray();
    }

    @Test
    void clustersSeparatedBlobs() {
        ClosteraKMeansModel model = small().fit(BLOBS.dataset(spark, 3));
        int[] labels = predictions(model.transform(BLOBS.dataset(spark, 3)));
        assertThat(ClusteringMetrics.purity(BLOBS.truth(), labels)).isGreaterThan(0.99);
        assertThat(model.numClusters()).isEqualTo(8);
        ClosteraKMeansSummary summary = model.summary();
        assertThat(summary.rows()).isEqualTo(3000);
        assertThat(summary.partitions()).isEqualTo(3);
        assertThat(summary.clusterSizes()).hasSize(8);
        assertThat(java.util.Arrays.stream(summary.clusterSizes()).sum()).isEqualTo(3000);
        assertThat(summary.inertiaHistory()).hasSize(summary.iterations() + 1);
        assertThat(summary.kSelected()).isFalse();
    }

    @Test
    void equalsTheSingleMachineFitForAnyPartitioning() {
        ClusteringModel reference = singleMachine().fit(BLOBS.vectors());
        for (int partitions : new int[] {1, 7}) {
            ClosteraKMeansModel model = small().setRefinement(false).fit(BLOBS.dataset(spark, partitions));
            ClusteringModel fitted = model.clusteringModel();
            assertThat(fitted.codingSpaceCenters()).as("%d partitions", partitions)
                    .isEqualTo(reference.codingSpaceCenters());
            assertThat(fitted.clusterSizes()).isEqualTo(reference.clusterSizes());
            assertThat(model.summary().iterations()).isEqualTo(reference.iterationsRun());
            assertThat(model.summary().inertia()).isCloseTo(reference.inertia(),
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(predictions(model.transform(BLOBS.dataset(spark, partitions))))
                    .isEqualTo(reference.labels());
        }
    }

    @Test
    void opqAndAutoKWithRefinementEqualTheSingleMachineFit() {
        ClusteringModel reference = Clusterer.builder().k(null).subquantizers(4).codebookSize(32).seed(5)
                .rawRefinementIterations(0).threads(2).fit(BLOBS.vectors());
        ClosteraKMeansModel model = new ClosteraKMeans().setNumSubquantizers(4).setCodebookSize(32).setSeed(5)
                .fit(BLOBS.dataset(spark, 4));
        assertThat(model.summary().kSelected()).isTrue();
        assertThat(model.summary().k()).isEqualTo(reference.k()).isEqualTo(8);
        assertThat(model.clusteringModel().codingSpaceCenters()).isEqualTo(reference.codingSpaceCenters());
        assertThat(predictions(model.transform(BLOBS.dataset(spark, 4)))).isEqualTo(reference.labels());
    }

    @Test
    void vectorColumnAndCosineEqualTheSingleMachineFit() {
        ClusteringModel reference = singleMachine().metric(org.clostera.Metric.COSINE).fit(BLOBS.vectors());
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < BLOBS.vectors().length; i++) {
            double[] v = new double[16];
            for (int j = 0; j < 16; j++) {
                v[j] = BLOBS.vectors()[i][j];
            }
            rows.add(org.apache.spark.sql.RowFactory.create((long) i, org.apache.spark.ml.linalg.Vectors.dense(v)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", org.apache.spark.sql.types.DataTypes.LongType)
                .add("features", new org.apache.spark.ml.linalg.VectorUDT());
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(1).sortWithinPartitions("id");
        ClosteraKMeansModel model = small().setMetric("cosine").setRefinement(false).fit(data);
        assertThat(model.clusteringModel().metric()).isEqualTo(org.clostera.Metric.COSINE);
        assertThat(model.clusteringModel().codingSpaceCenters()).isEqualTo(reference.codingSpaceCenters());
        assertThat(predictions(model.transform(data))).isEqualTo(reference.labels());
    }

    @Test
    void doubleArraysGiveTheModelOfFloatArrays() {
        Dataset<Row> floats = BLOBS.dataset(spark, 2);
        Dataset<Row> doubles = floats.selectExpr("id", "cast(features as array<double>) as features");
        ClosteraKMeansModel model = small().fit(doubles);
        assertThat(model.clusteringModel().codingSpaceCenters())
                .isEqualTo(small().fit(floats).clusteringModel().codingSpaceCenters());
        assertThat(predictions(model.transform(doubles))).isEqualTo(predictions(model.transform(floats)));
    }

    @Test
    void refinedFitEqualsTheSingleMachineFitForAnyPartitioning() {
        // The refinement on (the default) as on one machine; the dense passes over the raw rows are not run.
        ClusteringModel reference = singleMachine().refinement(true).fit(BLOBS.vectors());
        for (int partitions : new int[] {2, 5}) {
            ClosteraKMeansModel model = small().fit(BLOBS.dataset(spark, partitions));
            assertThat(model.clusteringModel().codingSpaceCenters()).as("%d partitions", partitions)
                    .isEqualTo(reference.codingSpaceCenters());
            assertThat(model.summary().refinementMoves()).isEqualTo(reference.refinementMoves());
            assertThat(predictions(model.transform(BLOBS.dataset(spark, partitions))))
                    .isEqualTo(reference.labels());
        }
        assertThat(ClusteringMetrics.purity(BLOBS.truth(), reference.labels())).isGreaterThan(0.99);
    }

    @Test
    void savesAndLoadsTheModel(@TempDir Path dir) throws Exception {
        ClosteraKMeansModel model = small().setPredictionCol("cluster").fit(BLOBS.dataset(spark, 2));
        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        ClosteraKMeansModel loaded = ClosteraKMeansModel.load(path);
        assertThat(loaded.getPredictionCol()).isEqualTo("cluster");
        assertThat(loaded.uid()).isEqualTo(model.uid());
        assertThat(loaded.hasSummary()).isFalse();
        assertThat(loaded.clusterCenters()).isEqualTo(model.clusterCenters());
        Dataset<Row> data = BLOBS.dataset(spark, 2);
        assertThat(loaded.transform(data).orderBy("id").select("cluster").collectAsList())
                .isEqualTo(model.transform(data).orderBy("id").select("cluster").collectAsList());
        // The clostera model file inside is the single-machine format.
        ClusteringModel file = ClusteringModel.load(dir.resolve("model").resolve(ClosteraKMeansModel.MODEL_FILE));
        assertThat(file.codingSpaceCenters()).isEqualTo(model.clusteringModel().codingSpaceCenters());
        // The estimator's params round-trip too.
        String estimatorPath = dir.resolve("estimator").toString();
        small().setMaxIter(7).write().save(estimatorPath);
        ClosteraKMeans estimator = ClosteraKMeans.load(estimatorPath);
        assertThat(estimator.getMaxIter()).isEqualTo(7);
        assertThat(estimator.getK()).isEqualTo(8);
        assertThat(Files.exists(dir.resolve("model").resolve("metadata"))).isTrue();
    }

    @Test
    void savesAndLoadsAPipelineWithTheEstimator(@TempDir Path dir) throws Exception {
        org.apache.spark.ml.Pipeline pipeline = new org.apache.spark.ml.Pipeline()
                .setStages(new org.apache.spark.ml.PipelineStage[] {small()});
        Dataset<Row> data = BLOBS.dataset(spark, 2);
        org.apache.spark.ml.PipelineModel fitted = pipeline.fit(data);
        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        org.apache.spark.ml.PipelineModel loaded = org.apache.spark.ml.PipelineModel.load(path);
        assertThat(loaded.stages()[0]).isInstanceOf(ClosteraKMeansModel.class);
        assertThat(predictions(loaded.transform(data))).isEqualTo(predictions(fitted.transform(data)));
    }

    @Test
    void refusesAColumnOfTheWrongType() {
        Dataset<Row> strings = BLOBS.dataset(spark, 2).selectExpr("id", "cast(id as string) as features");
        assertThatThrownBy(() -> small().fit(strings)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("features column 'features' has type string; expected array<float>, array<double> or an "
                        + "ml Vector");
        assertThatThrownBy(() -> small().setFeaturesCol("missing").fit(strings))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("features column 'missing' does not exist; the columns are id, features");
    }

    @Test
    void namesTheRowOfANullOrNonFiniteVector() {
        float[][] vectors = BLOBS.vectors().clone();
        vectors[1234] = null;
        assertThatThrownBy(() -> small().fit(Blobs.dataset(spark, vectors, 3)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("dataset, column 'features', row 1234: null vector");
        float[][] nan = BLOBS.vectors().clone();
        nan[2999] = nan[2999].clone();
        nan[2999][5] = Float.NaN;
        assertThatThrownBy(() -> small().fit(Blobs.dataset(spark, nan, 3)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("dataset, column 'features', row 2999: value NaN at index 5 is not finite (NaN or Inf are "
                        + "not clusterable)");
        float[][] shorter = BLOBS.vectors().clone();
        shorter[17] = new float[15];
        assertThatThrownBy(() -> small().fit(Blobs.dataset(spark, shorter, 3)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("dataset, column 'features', row 17: vector of dimension 15, expected 16 (the dimension "
                        + "of row 0)");
    }
}
