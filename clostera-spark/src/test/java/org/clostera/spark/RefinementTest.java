package org.clostera.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The split/merge refinement (the default) runs as on one machine: the search on the driver's seeding sample
 * before Lloyd, and the search over all codes after it with every tried move's Lloyd passes distributed, so the
 * fit equals {@link Clusterer}'s with the refinement on.
 */
class RefinementTest {
    /**
     * 24 overlapping blobs in 4 dimensions, 4,000 rows (all inside the seeding sample, so no sample search): one
     * k-means++ seeding and Lloyd end in a local optimum that the search over all codes escapes (one move,
     * 2.3% lower inertia).
     */
    private static final Blobs STUCK = Blobs.generate(4000, 4, 24, 1, 1.5);
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SharedSpark.session();
    }

    /** The prediction column in row order (the id column is the row index). */
    private static int[] predictions(Dataset<Row> labelled) {
        List<Row> rows = labelled.orderBy("id").select("prediction").collectAsList();
        return rows.stream().mapToInt(r -> r.getInt(0)).toArray();
    }

    private static void assertSameFit(ClosteraKMeansModel model, ClusteringModel reference, Dataset<Row> data,
                                      String what) {
        ClusteringModel fitted = model.clusteringModel();
        assertThat(fitted.codingSpaceCenters()).as(what).isEqualTo(reference.codingSpaceCenters());
        assertThat(fitted.clusterSizes()).as(what).isEqualTo(reference.clusterSizes());
        ClosteraKMeansSummary summary = model.summary();
        assertThat(summary.iterations()).as(what).isEqualTo(reference.iterationsRun());
        assertThat(summary.refinementMoves()).as(what).isEqualTo(reference.refinementMoves());
        double[] history = reference.inertiaHistory();
        assertThat(summary.inertiaHistory()).as(what).hasSize(history.length);
        for (int i = 0; i < history.length; i++) {
            // Summed in another order: equal to about 1e-12.
            assertThat(summary.inertiaHistory()[i]).as(what).isCloseTo(history[i], Offset.offset(history[i] * 1e-9));
        }
        assertThat(predictions(model.transform(data))).as(what).isEqualTo(reference.labels());
    }

    @Test
    void searchOverAllCodesFindsMovesAndEqualsTheSingleMachineFit() {
        // Clusterer's defaults: with K = 24 > Ks = 16 its automatic dense passes over the raw rows are off
        // (2 Ks / K < 2), so this is the default single-machine fit.
        Clusterer.Builder single = Clusterer.builder().k(24).fastest(true).subquantizers(2).codebookSize(16).seed(0)
                .threads(2);
        ClusteringModel reference = single.fit(STUCK.vectors());
        ClusteringModel lloydOnly = single.refinement(false).fit(STUCK.vectors());
        // The moves happen on all codes (each adds its inertia to the history) and lower the objective.
        assertThat(reference.refinementMoves()).isEqualTo(1);
        assertThat(reference.inertiaHistory()).hasSize(reference.iterationsRun() + 1 + 1);
        assertThat(reference.inertia()).isLessThan(lloydOnly.inertia() * 0.99);
        for (int partitions : new int[] {3}) {
            Dataset<Row> data = STUCK.dataset(spark, partitions);
            ClosteraKMeansModel model = new ClosteraKMeans().setK(24).setFastest(true).setNumSubquantizers(2)
                    .setCodebookSize(16).setSeed(0).fit(data);
            assertSameFit(model, reference, data, partitions + " partitions");
            assertThat(model.summary().refinementPasses()).isGreaterThan(0);
        }
    }

    @Test
    void searchesTheSampleAndAllCodesAsOneMachineForAnyPartitioning() {
        // More rows than the seeding sample (16,384) and overlapping clusters: the search on the seeding sample
        // runs before Lloyd, the search over all codes after it.
        Blobs hard = Blobs.generate(17_000, 8, 24, 11, 4.0);
        ClusteringModel reference = Clusterer.builder().k(24).fastest(true).subquantizers(4).codebookSize(64).seed(2)
                .rawRefinementIterations(0).threads(2).fit(hard.vectors());
        // 3 moves on the sample; none the search over all codes finds worth trying.
        assertThat(reference.refinementMoves()).isEqualTo(3);
        assertThat(reference.inertiaHistory()).hasSize(reference.iterationsRun() + 1);
        for (int partitions : new int[] {2, 3}) {
            Dataset<Row> data = hard.dataset(spark, partitions);
            ClosteraKMeansModel model = new ClosteraKMeans().setK(24).setFastest(true).setNumSubquantizers(4)
                    .setCodebookSize(64).setSeed(2).fit(data);
            assertSameFit(model, reference, data, partitions + " partitions");
            assertThat(model.summary().refinementPasses()).isZero();
        }
    }
}
